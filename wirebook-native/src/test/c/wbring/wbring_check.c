// SPDX-License-Identifier: GPL-2.0
/*
 * The wbring module's checks, run in a guest that has the module loaded and two ends of a veth pair up:
 * frames sent from TX_ADDRESS (the address of one end) to a group leave that end and arrive on RX_IF, the other
 * end, whose rx_handler is the ring's. Prints one line per check, "ok NAME" or "not ok NAME: why", and last
 * "checks PASSED/TOTAL". The final checks unload the module (with a mapping alive, then without), so they run
 * last. Usage: wbring_check RX_IF TX_ADDRESS [OTHER_ETHER_IF]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wbring.h"

#define GROUP "239.9.9.1"
#define PORT 12345
#define OTHER_PORT 12346
#define SOURCE_PORT 12344

static int passed;
static int total;
static const char *rx_if;
static const char *tx_address;

static void check(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check(const char *name, int ok, const char *fmt, ...)
{
	va_list args;

	total++;
	if (ok) {
		passed++;
		printf("ok %s\n", name);
	} else {
		printf("not ok %s: ", name);
		va_start(args, fmt);
		vprintf(fmt, args);
		va_end(args);
		printf("\n");
	}
	fflush(stdout);
}

static int errno_of(int result)
{
	return result < 0 ? errno : 0;
}

static void expect_errno(const char *name, int result, int expected)
{
	int err = errno_of(result);

	check(name, err == expected, "errno %d (%s), expected %d (%s)", err, strerror(err), expected,
	      strerror(expected));
}

static int open_ring(void)
{
	return open("/dev/" WBRING_DEVICE, O_RDWR | O_CLOEXEC);
}

static struct wbring_flow flow_of(const char *ifname, const char *group, int port, const char *source)
{
	struct wbring_flow flow;

	memset(&flow, 0, sizeof(flow));
	snprintf(flow.ifname, sizeof(flow.ifname), "%s", ifname);
	flow.group = inet_addr(group);
	flow.port = htons(port);
	flow.source = source ? inet_addr(source) : 0;
	return flow;
}

static int add_flow(int fd, const char *ifname, const char *group, int port, const char *source)
{
	struct wbring_flow flow = flow_of(ifname, group, port, source);

	return ioctl(fd, WBRING_IOC_ADD_FLOW, &flow);
}

static int setup(int fd, unsigned slots, unsigned slot_size)
{
	struct wbring_setup s = { .slot_count = slots, .slot_size = slot_size };

	return ioctl(fd, WBRING_IOC_SETUP, &s);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Sends count datagrams of length bytes to group:port from tx_address; byte 0 of each is its number. */
static void send_datagrams(const char *group, int port, int count, int length)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(SOURCE_PORT) };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct in_addr interface;
	unsigned char loop = 0;
	char payload[16384];
	int one = 1;
	int i;

	local.sin_addr.s_addr = inet_addr(tx_address);
	to.sin_addr.s_addr = inet_addr(group);
	interface.s_addr = inet_addr(tx_address);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &interface, sizeof(interface));
	setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop));
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		perror("bind sender");
	memset(payload, 0x5a, sizeof(payload));
	for (i = 0; i < count; i++) {
		payload[0] = (char)i;
		if (sendto(fd, payload, length, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			perror("sendto");
	}
	close(fd);
	usleep(100000);
}

static volatile struct wbring_counters *counters_of(void *area)
{
	return (volatile struct wbring_counters *)((char *)area + WBRING_OFF_COUNTERS);
}

static unsigned producer_of(void *area)
{
	return __atomic_load_n((unsigned *)((char *)area + WBRING_OFF_PRODUCER), __ATOMIC_ACQUIRE);
}

static void set_consumer(void *area, unsigned value)
{
	__atomic_store_n((unsigned *)((char *)area + WBRING_OFF_CONSUMER), value, __ATOMIC_RELEASE);
}

static void check_ioctl_errors(const char *other_if)
{
	struct wbring_flow flow;
	int fd = open_ring();
	int second;
	int i;
	char group[32];

	check("open", fd >= 0, "open /dev/wbring: %s", strerror(errno));
	if (fd < 0)
		return;
	expect_errno("setup_slots_not_power_of_two", setup(fd, 3, 2048), EINVAL);
	expect_errno("setup_slot_size_too_small", setup(fd, 4, 128), EINVAL);
	expect_errno("setup_too_many_slots", setup(fd, 1u << 20, 2048), EINVAL);
	expect_errno("setup_too_large", setup(fd, 65536, 16384), EINVAL);
	expect_errno("unknown_ioctl", ioctl(fd, _IO('W', 99)), ENOTTY);
	expect_errno("flow_no_such_interface", add_flow(fd, "nosuch0", GROUP, PORT, NULL), ENODEV);
	expect_errno("flow_not_multicast", add_flow(fd, rx_if, "10.1.2.3", PORT, NULL), EINVAL);
	expect_errno("flow_port_zero", add_flow(fd, rx_if, GROUP, 0, NULL), EINVAL);
	expect_errno("flow_loopback_not_ethernet", add_flow(fd, "lo", GROUP, PORT, NULL), EOPNOTSUPP);
	flow = flow_of(rx_if, GROUP, PORT, NULL);
	flow.flags = 1;
	expect_errno("flow_flags_not_zero", ioctl(fd, WBRING_IOC_ADD_FLOW, &flow), EINVAL);
	flow = flow_of(rx_if, GROUP, PORT, NULL);
	memset(flow.ifname, 'x', sizeof(flow.ifname));
	expect_errno("flow_name_unterminated", ioctl(fd, WBRING_IOC_ADD_FLOW, &flow), EINVAL);
	flow = flow_of("", GROUP, PORT, NULL);
	expect_errno("flow_no_name_no_index", ioctl(fd, WBRING_IOC_ADD_FLOW, &flow), EINVAL);
	expect_errno("flow_bad_pointer", ioctl(fd, WBRING_IOC_ADD_FLOW, (void *)16), EFAULT);
	expect_errno("flow_ok", add_flow(fd, rx_if, GROUP, PORT, NULL), 0);
	expect_errno("setup_after_flow_busy", setup(fd, 4, 2048), EBUSY);
	expect_errno("flow_duplicate", add_flow(fd, rx_if, GROUP, PORT, NULL), EEXIST);
	for (i = 2; i <= WBRING_MAX_FLOWS; i++) {
		snprintf(group, sizeof(group), "239.9.10.%d", i);
		if (add_flow(fd, rx_if, group, PORT, NULL) < 0)
			break;
	}
	check("flows_up_to_max", i == WBRING_MAX_FLOWS + 1, "flow %d refused: %s", i, strerror(errno));
	expect_errno("flow_beyond_max", add_flow(fd, rx_if, "239.9.11.1", PORT, NULL), ENOSPC);
	if (other_if)
		expect_errno("flow_other_interface", add_flow(fd, other_if, "239.9.12.1", PORT, NULL), EXDEV);
	second = open_ring();
	expect_errno("second_ring_same_interface_busy", add_flow(second, rx_if, "239.9.13.1", PORT, NULL), EBUSY);
	close(second);
	close(fd);
	/* Released: the interface takes a ring again. */
	fd = open_ring();
	expect_errno("flow_after_release", add_flow(fd, rx_if, GROUP, PORT, NULL), 0);
	close(fd);
}

static void check_mmap_bounds(void)
{
	struct wbring_geometry geometry;
	int fd = open_ring();
	void *area;

	expect_errno("setup_ok", setup(fd, 8, 2048), 0);
	expect_errno("get_geometry", ioctl(fd, WBRING_IOC_GET_GEOMETRY, &geometry), 0);
	check("geometry_values", geometry.magic == WBRING_MAGIC && geometry.slot_count == 8 &&
	      geometry.slot_size == 2048 && geometry.slots_offset == WBRING_HEADER_SIZE &&
	      geometry.map_size == WBRING_HEADER_SIZE + 8 * 2048,
	      "magic %x slots %u size %u offset %llu map %llu", geometry.magic, geometry.slot_count,
	      geometry.slot_size, (unsigned long long)geometry.slots_offset,
	      (unsigned long long)geometry.map_size);
	area = mmap(NULL, geometry.map_size + 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check("mmap_beyond_ring_refused", area == MAP_FAILED && errno == EINVAL, "mapped %p (%s)", area,
	      strerror(errno));
	area = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	check("mmap_offset_refused", area == MAP_FAILED && errno == EINVAL, "mapped %p (%s)", area,
	      strerror(errno));
	area = mmap(NULL, geometry.map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	check("mmap_private_refused", area == MAP_FAILED && errno == EINVAL, "mapped %p (%s)", area,
	      strerror(errno));
	area = mmap(NULL, geometry.map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check("mmap_whole_ring", area != MAP_FAILED, "%s", strerror(errno));
	if (area != MAP_FAILED) {
		check("mapped_geometry", ((struct wbring_geometry *)area)->magic == WBRING_MAGIC &&
		      ((struct wbring_geometry *)area)->slot_count == 8, "magic %x",
		      ((struct wbring_geometry *)area)->magic);
		munmap(area, geometry.map_size);
	}
	close(fd);
}

/* Frames into a 4-slot ring nobody reads: 4 land, the rest are overflow; then stamps, contents, too large. */
static void check_receive(void)
{
	struct pollfd pfd;
	struct wbring_slot *slot;
	volatile struct wbring_counters *counters;
	unsigned long long before;
	unsigned long long after;
	int fd = open_ring();
	int other;
	void *area;
	size_t size = WBRING_HEADER_SIZE + 4 * 512;
	struct sockaddr_in bound = { .sin_family = AF_INET, .sin_port = htons(OTHER_PORT) };
	struct ip_mreqn join;
	char buffer[2048];
	ssize_t got;
	int i;
	int good;

	setup(fd, 4, 512);
	area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect_errno("receive_flow", add_flow(fd, rx_if, GROUP, PORT, NULL), 0);
	counters = counters_of(area);
	pfd.fd = fd;
	pfd.events = POLLIN;
	check("poll_empty", poll(&pfd, 1, 0) == 0, "revents %x", pfd.revents);
	before = now_ns();
	send_datagrams(GROUP, PORT, 10, 100);
	after = now_ns();
	check("ring_full_received", counters->received == 4 && producer_of(area) == 4, "received %llu producer %u",
	      (unsigned long long)counters->received, producer_of(area));
	check("ring_overflow_counted", counters->overflow == 6, "overflow %llu",
	      (unsigned long long)counters->overflow);
	check("poll_ready", poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN), "revents %x", pfd.revents);
	good = 0;
	for (i = 0; i < 4; i++) {
		slot = (struct wbring_slot *)((char *)area + WBRING_HEADER_SIZE + i * 512);
		/* 14 Ethernet, 20 IPv4, 8 UDP, then the payload whose byte 0 is its number. */
		good += slot->length == 14 + 20 + 8 + 100 && slot->stamp_ns >= before && slot->stamp_ns <= after &&
			((unsigned char *)(slot + 1))[42] == i && ((unsigned char *)(slot + 1))[43] == 0x5a;
	}
	check("slots_frames_and_stamps", good == 4, "%d of 4 slots hold their frame with a CLOCK_MONOTONIC stamp",
	      good);
	set_consumer(area, 4);
	check("poll_drained", poll(&pfd, 1, 0) == 0, "revents %x", pfd.revents);
	send_datagrams(GROUP, PORT, 1, 100);
	check("room_after_consume", counters->received == 5 && counters->overflow == 6, "received %llu",
	      (unsigned long long)counters->received);
	set_consumer(area, 5);
	send_datagrams(GROUP, PORT, 1, 512);
	check("too_large_counted", counters->too_large == 1 && counters->received == 5, "too_large %llu",
	      (unsigned long long)counters->too_large);
	/* A consumer index ahead of the producer reads as a full ring, never as room. */
	set_consumer(area, 100);
	send_datagrams(GROUP, PORT, 1, 100);
	check("bogus_consumer_is_full", counters->overflow == 7 && counters->received == 5, "overflow %llu",
	      (unsigned long long)counters->overflow);
	set_consumer(area, 5);

	/* A blocked poll wakes when a frame lands. */
	if (fork() == 0) {
		usleep(200000);
		send_datagrams(GROUP, PORT, 1, 100);
		_exit(0);
	}
	before = now_ns();
	i = poll(&pfd, 1, 5000);
	after = now_ns();
	wait(NULL);
	check("poll_wakes", i == 1 && (pfd.revents & POLLIN) && after - before < 3000000000ull,
	      "poll %d revents %x after %llu ms", i, pfd.revents, (after - before) / 1000000);

	/*
	 * Another port of the group passes to the stack untouched: a socket joined on RX_IF gets it (RX_IF needs an
	 * address, accept_local and no rp_filter, the source being this host's other end).
	 */
	other = socket(AF_INET, SOCK_DGRAM, 0);
	bind(other, (struct sockaddr *)&bound, sizeof(bound));
	memset(&join, 0, sizeof(join));
	join.imr_multiaddr.s_addr = inet_addr(GROUP);
	join.imr_ifindex = if_nametoindex(rx_if);
	setsockopt(other, IPPROTO_IP, IP_ADD_MEMBERSHIP, &join, sizeof(join));
	send_datagrams(GROUP, OTHER_PORT, 1, 100);
	got = recv(other, buffer, sizeof(buffer), MSG_DONTWAIT);
	check("other_flows_pass", got == 100 && counters->received == 6, "recv %zd, received %llu", got,
	      (unsigned long long)counters->received);
	close(other);
	munmap(area, size);
	close(fd);
}

static void check_wrong_source(void)
{
	int fd = open_ring();
	size_t size = WBRING_HEADER_SIZE + 4 * 512;
	void *area;

	setup(fd, 4, 512);
	area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	add_flow(fd, rx_if, GROUP, PORT, "198.51.100.1");
	send_datagrams(GROUP, PORT, 3, 100);
	check("wrong_source_counted", counters_of(area)->wrong_source == 3 && counters_of(area)->received == 0,
	      "wrong_source %llu received %llu", (unsigned long long)counters_of(area)->wrong_source,
	      (unsigned long long)counters_of(area)->received);
	munmap(area, size);
	close(fd);
}

/* The interface goes away under a live ring: the ring detaches, stays mapped and readable, poll says hang-up. */
static void check_detach(const char *other_if)
{
	size_t size = WBRING_HEADER_SIZE + 4 * 512;
	char command[64];
	struct pollfd pfd;
	int fd = open_ring();
	void *area;

	setup(fd, 4, 512);
	area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect_errno("detach_flow", add_flow(fd, other_if, GROUP, PORT, NULL), 0);
	snprintf(command, sizeof(command), "ip link del %s", other_if);
	check("detach_interface_deleted", system(command) == 0, "%s failed", command);
	pfd.fd = fd;
	pfd.events = POLLIN;
	check("detached", counters_of(area)->detached == 1 && poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP) &&
	      ((struct wbring_geometry *)area)->magic == WBRING_MAGIC, "detached %llu revents %x",
	      (unsigned long long)counters_of(area)->detached, pfd.revents);
	expect_errno("detached_flow_refused", add_flow(fd, rx_if, GROUP, PORT, NULL), ENODEV);
	munmap(area, size);
	close(fd);
}

static int unload(void)
{
	return syscall(SYS_delete_module, "wbring", O_NONBLOCK);
}

/* With a mapping alive the module stays (the mapping holds the file, the file the module); after it goes, out. */
static void check_unload(void)
{
	size_t size = WBRING_HEADER_SIZE + 4 * 512;
	int fd = open_ring();
	void *area;
	int result;

	setup(fd, 4, 512);
	area = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	add_flow(fd, rx_if, GROUP, PORT, NULL);
	close(fd);
	result = unload();
	check("unload_with_mapping_refused", result < 0 && errno == EWOULDBLOCK, "delete_module %d (%s)", result,
	      strerror(errno));
	send_datagrams(GROUP, PORT, 2, 100);
	check("mapping_lives_after_close", ((struct wbring_geometry *)area)->magic == WBRING_MAGIC &&
	      counters_of(area)->received == 2, "received %llu", (unsigned long long)counters_of(area)->received);
	munmap(area, size);
	result = unload();
	check("unload_after_unmap", result == 0, "delete_module: %s", strerror(errno));
	check("device_gone", access("/dev/" WBRING_DEVICE, F_OK) < 0 || open_ring() < 0, "still opens");
	send_datagrams(GROUP, PORT, 1, 100);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: wbring_check RX_IF TX_ADDRESS [OTHER_ETHER_IF]\n");
		return 2;
	}
	rx_if = argv[1];
	tx_address = argv[2];
	check_ioctl_errors(argc > 3 ? argv[3] : NULL);
	check_mmap_bounds();
	check_receive();
	check_wrong_source();
	if (argc > 3)
		check_detach(argv[3]);
	check_unload();
	printf("checks %d/%d\n", passed, total);
	return passed == total ? 0 : 1;
}
