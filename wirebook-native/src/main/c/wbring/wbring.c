// SPDX-License-Identifier: GPL-2.0
/*
 * wbring: wirebook's character device ring driver.
 *
 * /dev/wbring is a misc character device. Each open file is one ring: user space sets its geometry
 * (WBRING_IOC_SETUP), adds flows (WBRING_IOC_ADD_FLOW: interface, UDP destination group and port, source),
 * maps the ring with mmap and reads frames from it with no system call per packet, sleeping in poll() when
 * it wants to. The ring's first flow registers an rx_handler on its interface: the handler copies each IPv4/UDP
 * frame of a flow, from its Ethernet header on, into the next slot with a CLOCK_MONOTONIC stamp, publishes the
 * producer index with release and consumes the skb. Every other frame passes on to the stack untouched.
 *
 * Why an rx_handler: it runs in the driver's NAPI poll, before the protocol taps and before IP, on the skb the
 * driver built, which is the earliest point an out-of-tree module can take a frame without patching a driver;
 * a netfilter hook would run after IP's own checks and route lookup, a tc hook would need a classifier program.
 * The price is one rx_handler per device: a bridge or macvlan port, or a second wbring ring, gets EBUSY.
 *
 * Lifetimes: the ring's pages (vmalloc_user) belong to the open file. A mapping holds a reference to that file,
 * so closing the descriptor with a mapping alive keeps the ring, and the file holds a reference to this module
 * (fops.owner), so the module cannot be unloaded while any mapping or descriptor is open: rmmod gets EBUSY, and
 * succeeds once the last mapping goes. An interface that goes away detaches its ring (netdevice notifier) and
 * the ring stays readable.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#include "wbring.h"

/* No ring larger than this: the area is vmalloc memory. */
#define WBRING_MAX_RING_BYTES (64u << 20)

struct wbring_kflow {
	__be32 group;
	__be32 source;
	__be16 port;
	__be16 source_port;
};

struct wbring_ring {
	struct mutex lock;		/* geometry, area and flows against each other */
	spinlock_t producer_lock;	/* the rx handler's side: producer index, slots and counters */
	wait_queue_head_t wait;
	void *area;			/* the mapped area: header page, then the slots */
	size_t map_size;
	u8 *slots;
	u32 slot_count;
	u32 slot_size;
	u32 mask;
	u32 producer;			/* the kernel's own copy: what user space writes is never read back */
	bool mapped;
	struct net_device *dev;		/* under RTNL; NULL before the first flow and after a detach */
	netdevice_tracker dev_tracker;
	bool detached;
	int flow_count;			/* published with release after the flow is written */
	struct wbring_kflow flows[WBRING_MAX_FLOWS];
};

static u32 *wbring_producer(const struct wbring_ring *ring)
{
	return ring->area + WBRING_OFF_PRODUCER;
}

static u32 *wbring_consumer(const struct wbring_ring *ring)
{
	return ring->area + WBRING_OFF_CONSUMER;
}

static struct wbring_counters *wbring_counters(const struct wbring_ring *ring)
{
	return ring->area + WBRING_OFF_COUNTERS;
}

static void wbring_count(__u64 *counter)
{
	WRITE_ONCE(*counter, *counter + 1);
}

static int wbring_allocate(struct wbring_ring *ring, u32 slot_count, u32 slot_size)
{
	struct wbring_geometry *geometry;
	size_t size;

	lockdep_assert_held(&ring->lock);
	if (ring->area)
		return -EBUSY;
	size = PAGE_ALIGN(WBRING_HEADER_SIZE + (size_t)slot_count * slot_size);
	ring->area = vmalloc_user(size);
	if (!ring->area)
		return -ENOMEM;
	ring->map_size = size;
	ring->slots = ring->area + WBRING_HEADER_SIZE;
	ring->slot_count = slot_count;
	ring->slot_size = slot_size;
	ring->mask = slot_count - 1;
	geometry = ring->area + WBRING_OFF_GEOMETRY;
	geometry->magic = WBRING_MAGIC;
	geometry->version = WBRING_VERSION;
	geometry->slot_count = slot_count;
	geometry->slot_size = slot_size;
	geometry->slots_offset = WBRING_HEADER_SIZE;
	geometry->map_size = size;
	return 0;
}

static int wbring_allocate_default(struct wbring_ring *ring)
{
	if (ring->area)
		return 0;
	return wbring_allocate(ring, WBRING_DEFAULT_SLOTS, WBRING_DEFAULT_SLOT_SIZE);
}

/* The flow a frame to group:port from source:source_port belongs to: 1 ours, 0 not ours, -1 wrong source. */
static int wbring_match(const struct wbring_ring *ring, __be32 group, __be16 port, __be32 source,
			__be16 source_port)
{
	int count = smp_load_acquire(&ring->flow_count);
	int verdict = 0;
	int i;

	for (i = 0; i < count; i++) {
		const struct wbring_kflow *flow = &ring->flows[i];

		if (flow->group != group || flow->port != port)
			continue;
		if ((!flow->source || flow->source == source) &&
		    (!flow->source_port || flow->source_port == source_port))
			return 1;
		verdict = -1;
	}
	return verdict;
}

static rx_handler_result_t wbring_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct wbring_ring *ring = rcu_dereference(skb->dev->rx_handler_data);
	struct wbring_counters *counters;
	struct wbring_slot *slot;
	struct iphdr _iph, *iph;
	struct udphdr _uh, *uh;
	unsigned int mac_length;
	unsigned int length;
	u32 producer;
	u64 stamp;
	int verdict;

	if (skb->protocol != htons(ETH_P_IP) || !skb_mac_header_was_set(skb))
		return RX_HANDLER_PASS;
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5 || iph->protocol != IPPROTO_UDP ||
	    (iph->frag_off & htons(IP_MF | IP_OFFSET)) || !ipv4_is_multicast(iph->daddr))
		return RX_HANDLER_PASS;
	uh = skb_header_pointer(skb, iph->ihl * 4, sizeof(_uh), &_uh);
	if (!uh)
		return RX_HANDLER_PASS;
	verdict = wbring_match(ring, iph->daddr, uh->dest, iph->saddr, uh->source);
	if (verdict == 0)
		return RX_HANDLER_PASS;

	stamp = ktime_get_ns();
	mac_length = skb->data - skb_mac_header(skb);
	length = mac_length + skb->len;
	counters = wbring_counters(ring);

	spin_lock(&ring->producer_lock);
	if (verdict < 0) {
		wbring_count(&counters->wrong_source);
		goto drop;
	}
	if (length > ring->slot_size - sizeof(struct wbring_slot)) {
		wbring_count(&counters->too_large);
		goto drop;
	}
	producer = ring->producer;
	/* A consumer index ahead of the producer is user space's mistake: it reads as full, never as room. */
	if (producer - smp_load_acquire(wbring_consumer(ring)) >= ring->slot_count) {
		wbring_count(&counters->overflow);
		goto drop;
	}
	slot = (struct wbring_slot *)(ring->slots + (size_t)(producer & ring->mask) * ring->slot_size);
	memcpy(slot + 1, skb_mac_header(skb), mac_length);
	if (skb_copy_bits(skb, 0, (u8 *)(slot + 1) + mac_length, skb->len)) {
		wbring_count(&counters->copy_failed);
		goto drop;
	}
	slot->length = length;
	slot->flags = 0;
	slot->stamp_ns = stamp;
	ring->producer = producer + 1;
	smp_store_release(wbring_producer(ring), producer + 1);
	wbring_count(&counters->received);
	spin_unlock(&ring->producer_lock);
	if (wq_has_sleeper(&ring->wait))
		wake_up_interruptible_poll(&ring->wait, EPOLLIN | EPOLLRDNORM);
	consume_skb(skb);
	return RX_HANDLER_CONSUMED;
drop:
	spin_unlock(&ring->producer_lock);
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}

static void wbring_multicast_mac(__be32 group, u8 *mac)
{
	ip_eth_mc_map(group, mac);
}

/* Under RTNL: the handler goes, the device's multicast filters are given back; the pages stay. */
static void wbring_detach(struct wbring_ring *ring)
{
	u8 mac[ETH_ALEN];
	int i;

	ASSERT_RTNL();
	if (!ring->dev)
		return;
	netdev_rx_handler_unregister(ring->dev);
	for (i = 0; i < ring->flow_count; i++) {
		wbring_multicast_mac(ring->flows[i].group, mac);
		dev_mc_del(ring->dev, mac);
	}
	netdev_put(ring->dev, &ring->dev_tracker);
	ring->dev = NULL;
	ring->detached = true;
	WRITE_ONCE(wbring_counters(ring)->detached, 1);
	wake_up_interruptible_poll(&ring->wait, EPOLLHUP);
}

static int wbring_add_flow(struct wbring_ring *ring, const struct wbring_flow *request)
{
	struct net *net = current->nsproxy->net_ns;
	struct wbring_kflow *flow;
	struct net_device *dev;
	u8 mac[ETH_ALEN];
	int err;
	int i;

	if (request->flags || request->port == 0 || !ipv4_is_multicast(request->group) ||
	    strnlen(request->ifname, IFNAMSIZ) == IFNAMSIZ || (!request->ifname[0] && !request->ifindex))
		return -EINVAL;

	mutex_lock(&ring->lock);
	err = wbring_allocate_default(ring);
	if (err)
		goto unlock;
	rtnl_lock();
	dev = request->ifname[0] ? __dev_get_by_name(net, request->ifname) :
		__dev_get_by_index(net, request->ifindex);
	if (!dev || ring->detached) {
		err = -ENODEV;
		goto unlock_rtnl;
	}
	if (dev->type != ARPHRD_ETHER) {
		err = -EOPNOTSUPP;
		goto unlock_rtnl;
	}
	if (ring->dev && ring->dev != dev) {
		err = -EXDEV;
		goto unlock_rtnl;
	}
	if (ring->flow_count == WBRING_MAX_FLOWS) {
		err = -ENOSPC;
		goto unlock_rtnl;
	}
	for (i = 0; i < ring->flow_count; i++) {
		if (ring->flows[i].group == request->group && ring->flows[i].port == request->port) {
			err = -EEXIST;
			goto unlock_rtnl;
		}
	}
	if (!ring->dev) {
		err = netdev_rx_handler_register(dev, wbring_rx, ring);
		if (err)
			goto unlock_rtnl;
		netdev_hold(dev, &ring->dev_tracker, GFP_KERNEL);
		ring->dev = dev;
	}
	wbring_multicast_mac(request->group, mac);
	err = dev_mc_add(dev, mac);
	if (err)
		goto unlock_rtnl;
	flow = &ring->flows[ring->flow_count];
	flow->group = request->group;
	flow->source = request->source;
	flow->port = request->port;
	flow->source_port = request->source_port;
	smp_store_release(&ring->flow_count, ring->flow_count + 1);
unlock_rtnl:
	rtnl_unlock();
unlock:
	mutex_unlock(&ring->lock);
	return err;
}

static long wbring_setup(struct wbring_ring *ring, const struct wbring_setup *setup)
{
	long err;

	if (!is_power_of_2(setup->slot_count) || setup->slot_count < WBRING_MIN_SLOTS ||
	    setup->slot_count > WBRING_MAX_SLOTS || !is_power_of_2(setup->slot_size) ||
	    setup->slot_size < WBRING_MIN_SLOT_SIZE || setup->slot_size > WBRING_MAX_SLOT_SIZE ||
	    (u64)setup->slot_count * setup->slot_size > WBRING_MAX_RING_BYTES)
		return -EINVAL;
	mutex_lock(&ring->lock);
	err = wbring_allocate(ring, setup->slot_count, setup->slot_size);
	mutex_unlock(&ring->lock);
	return err;
}

static long wbring_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wbring_ring *ring = file->private_data;
	void __user *user = (void __user *)arg;
	struct wbring_geometry geometry;
	struct wbring_setup setup;
	struct wbring_flow flow;
	long err;

	switch (cmd) {
	case WBRING_IOC_SETUP:
		if (copy_from_user(&setup, user, sizeof(setup)))
			return -EFAULT;
		return wbring_setup(ring, &setup);
	case WBRING_IOC_ADD_FLOW:
		if (copy_from_user(&flow, user, sizeof(flow)))
			return -EFAULT;
		return wbring_add_flow(ring, &flow);
	case WBRING_IOC_GET_GEOMETRY:
		mutex_lock(&ring->lock);
		err = wbring_allocate_default(ring);
		if (!err)
			memcpy(&geometry, ring->area + WBRING_OFF_GEOMETRY, sizeof(geometry));
		mutex_unlock(&ring->lock);
		if (err)
			return err;
		/* From the kernel's own values: user space may have written over the mapped copy. */
		geometry.magic = WBRING_MAGIC;
		geometry.version = WBRING_VERSION;
		geometry.slot_count = ring->slot_count;
		geometry.slot_size = ring->slot_size;
		geometry.slots_offset = WBRING_HEADER_SIZE;
		geometry.map_size = ring->map_size;
		return copy_to_user(user, &geometry, sizeof(geometry)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

static int wbring_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct wbring_ring *ring = file->private_data;
	unsigned long size = vma->vm_end - vma->vm_start;
	int err;

	/* A private mapping would copy the consumer index on write and the kernel would never see it move. */
	if (vma->vm_pgoff != 0 || !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	mutex_lock(&ring->lock);
	err = wbring_allocate_default(ring);
	if (!err && size > ring->map_size)
		err = -EINVAL;
	if (!err)
		err = remap_vmalloc_range(vma, ring->area, 0);
	if (!err)
		ring->mapped = true;
	mutex_unlock(&ring->lock);
	return err;
}

static __poll_t wbring_poll(struct file *file, poll_table *wait)
{
	struct wbring_ring *ring = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &ring->wait, wait);
	if (!READ_ONCE(ring->area))
		return 0;
	if (READ_ONCE(ring->producer) != smp_load_acquire(wbring_consumer(ring)))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(ring->detached))
		mask |= EPOLLHUP;
	return mask;
}

static int wbring_open(struct inode *inode, struct file *file)
{
	struct wbring_ring *ring = kzalloc(sizeof(*ring), GFP_KERNEL);

	if (!ring)
		return -ENOMEM;
	mutex_init(&ring->lock);
	spin_lock_init(&ring->producer_lock);
	init_waitqueue_head(&ring->wait);
	file->private_data = ring;
	return nonseekable_open(inode, file);
}

/* The last reference to the file: no descriptor and no mapping is left. */
static int wbring_release(struct inode *inode, struct file *file)
{
	struct wbring_ring *ring = file->private_data;

	rtnl_lock();
	wbring_detach(ring);
	rtnl_unlock();
	vfree(ring->area);
	kfree(ring);
	return 0;
}

static int wbring_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_UNREGISTER && rtnl_dereference(dev->rx_handler) == wbring_rx)
		wbring_detach(rtnl_dereference(dev->rx_handler_data));
	return NOTIFY_DONE;
}

static const struct file_operations wbring_fops = {
	.owner = THIS_MODULE,
	.open = wbring_open,
	.release = wbring_release,
	.unlocked_ioctl = wbring_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = wbring_mmap,
	.poll = wbring_poll,
	.llseek = no_llseek,
};

static struct miscdevice wbring_device = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = WBRING_DEVICE,
	.fops = &wbring_fops,
	.mode = 0600,
};

static struct notifier_block wbring_notifier = {
	.notifier_call = wbring_netdev_event,
};

static int __init wbring_init(void)
{
	int err;

	BUILD_BUG_ON(sizeof(struct wbring_geometry) > WBRING_CACHE_LINE);
	BUILD_BUG_ON(sizeof(struct wbring_counters) + WBRING_OFF_COUNTERS > WBRING_HEADER_SIZE);
	BUILD_BUG_ON(sizeof(struct wbring_slot) != 16);
	BUILD_BUG_ON(sizeof(struct wbring_flow) != IFNAMSIZ + 20);
	err = register_netdevice_notifier(&wbring_notifier);
	if (err)
		return err;
	err = misc_register(&wbring_device);
	if (err)
		unregister_netdevice_notifier(&wbring_notifier);
	return err;
}

static void __exit wbring_exit(void)
{
	misc_deregister(&wbring_device);
	unregister_netdevice_notifier(&wbring_notifier);
}

module_init(wbring_init);
module_exit(wbring_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wirebook's character-device ring: UDP flows off an interface's RX into an mmapped ring");
