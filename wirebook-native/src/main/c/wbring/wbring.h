/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wbring: the ABI between the wbring character device and user space (the kring path,
 * io.wirebook.rx.kring.KringAbi, names every offset below).
 *
 * The mapped area is one header page, then slot_count slots of slot_size bytes each:
 *
 *   0      geometry   (written once by the kernel, before the first mapping)
 *   64     producer   (the kernel publishes it with release; user space reads it with acquire)
 *   128    consumer   (user space publishes it with release; the kernel reads it with acquire)
 *   192    counters   (the kernel's, written under its ring lock; read them as plain u64s)
 *   4096   slot 0: struct wbring_slot, then the frame from its Ethernet header on
 *
 * Indexes run freely (u32, wrapping); a slot is index & (slot_count - 1).
 */
#ifndef WBRING_H
#define WBRING_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/if.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#include <net/if.h>
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
#endif

#define WBRING_MAGIC 0x57425247u /* "WBRG" */
#define WBRING_VERSION 1u
#define WBRING_DEVICE "wbring"

#define WBRING_CACHE_LINE 64
#define WBRING_HEADER_SIZE 4096
#define WBRING_MAX_FLOWS 16

#define WBRING_MIN_SLOTS 2
#define WBRING_MAX_SLOTS 65536
#define WBRING_DEFAULT_SLOTS 1024
#define WBRING_MIN_SLOT_SIZE 256
#define WBRING_MAX_SLOT_SIZE 16384
#define WBRING_DEFAULT_SLOT_SIZE 2048

/* Offsets in the header page. */
#define WBRING_OFF_GEOMETRY 0
#define WBRING_OFF_PRODUCER (1 * WBRING_CACHE_LINE)
#define WBRING_OFF_CONSUMER (2 * WBRING_CACHE_LINE)
#define WBRING_OFF_COUNTERS (3 * WBRING_CACHE_LINE)

/* At WBRING_OFF_GEOMETRY. */
struct wbring_geometry {
	__u32 magic;
	__u32 version;
	__u32 slot_count;
	__u32 slot_size;
	__u64 slots_offset;	/* bytes from the start of the mapping to slot 0 */
	__u64 map_size;		/* the whole mapping: header page and slots */
};

/* At WBRING_OFF_COUNTERS; each a u64 only the kernel writes. */
struct wbring_counters {
	__u64 received;		/* frames put in the ring */
	__u64 overflow;		/* matching frames dropped: the ring was full */
	__u64 too_large;	/* matching frames dropped: longer than a slot holds */
	__u64 wrong_source;	/* a flow's group and port from another source: dropped */
	__u64 copy_failed;	/* skb_copy_bits refused: dropped */
	__u64 detached;		/* 1 once the interface went away: no more frames come */
};

/* The head of each slot; the frame follows it. */
struct wbring_slot {
	__u32 length;		/* frame bytes after this header, <= slot_size - sizeof(struct wbring_slot) */
	__u32 flags;		/* 0 */
	__u64 stamp_ns;		/* ktime_get_ns(): CLOCK_MONOTONIC, when the rx handler saw the frame */
};

/* WBRING_IOC_SETUP: the ring's geometry, before any flow or mapping. */
struct wbring_setup {
	__u32 slot_count;	/* a power of two, WBRING_MIN_SLOTS..WBRING_MAX_SLOTS */
	__u32 slot_size;	/* a power of two, WBRING_MIN_SLOT_SIZE..WBRING_MAX_SLOT_SIZE */
};

/* WBRING_IOC_ADD_FLOW: take this flow's frames off the interface into the ring. */
struct wbring_flow {
	char ifname[IFNAMSIZ];	/* the interface by name, or "" and ifindex */
	__u32 ifindex;
	__u32 group;		/* IPv4 multicast destination, network order */
	__u32 source;		/* IPv4 source, network order; 0: any */
	__u16 port;		/* UDP destination port, network order; not 0 */
	__u16 source_port;	/* UDP source port, network order; 0: any */
	__u32 flags;		/* 0 */
};

#define WBRING_IOC_TYPE 'W'
#define WBRING_IOC_SETUP _IOW(WBRING_IOC_TYPE, 1, struct wbring_setup)
#define WBRING_IOC_ADD_FLOW _IOW(WBRING_IOC_TYPE, 2, struct wbring_flow)
#define WBRING_IOC_GET_GEOMETRY _IOR(WBRING_IOC_TYPE, 3, struct wbring_geometry)

#endif
