// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/*
 * wirebook's XDP program: hands the configured market-data flows to an AF_XDP socket and leaves every other
 * packet to the kernel, so ARP, IGMP, ICMP and SSH keep working on the same interface.
 *
 * A flow is (IPv4 destination, IPv4 source, UDP destination port) with the one UDP source port it may come from;
 * Java fills wb_flows with the flows of this interface (source 0: any source). A destination whose flows all name
 * their source also gets a wildcard entry marked WB_SOURCE_REQUIRED, so that a frame for it from any other source
 * is known to be ours, and forged: it is dropped here (XDP_DROP, counted WB_WRONG_SOURCE) and never reaches the
 * socket. Every other packet is left to the kernel. A matching frame gets its arrival time (bpf_ktime_get_ns,
 * CLOCK_MONOTONIC: wirebook's HostClock) written into the 8 bytes of XDP metadata just before the frame, then
 * goes to the socket of its RX queue in wb_xsks. The receiver reads the stamp at (descriptor address - 8).
 *
 * Build: clang -O2 -g -target bpf -c wirebook_xdp.c -o wirebook_xdp.o (the Maven build does this).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Two entries at most per flow: its own and the wildcard of its destination. */
#define WB_MAX_FLOWS 128
#define WB_MAX_QUEUES 64
#define WB_VLAN_HLEN 4

/* Indices of wb_counters, read by io.wirebook.rx.xdp.XdpProgram. */
enum wb_counter
{
    WB_REDIRECTED = 0, /* handed to the AF_XDP socket */
    WB_PASSED = 1,     /* not ours: left to the kernel untouched */
    WB_NO_SOCKET = 2,  /* ours, but no socket on this RX queue: passed to the kernel */
    WB_NO_STAMP = 3,   /* ours, but the driver gave no metadata room: redirected without a stamp */
    WB_WRONG_SOURCE = 4, /* for one of our destinations, from another source address or port: dropped */
    WB_COUNTERS = 5,
};

/* The flow value of a wildcard entry that only says "this destination is ours, from named sources only". */
#define WB_SOURCE_REQUIRED 0xFFFFFFFFu

/* Addresses and ports in network byte order; pad is always zero so the key hashes the same from Java and here. */
struct wb_flow
{
    __u32 daddr;
    __u32 saddr; /* 0: any source */
    __u16 dport;
    __u16 pad;
};

struct wb_flow_value
{
    __u32 flow;  /* index into the receiver's flows, or WB_SOURCE_REQUIRED */
    __u16 sport; /* the only UDP source port accepted, network order; 0: any */
    __u16 pad;
};

enum wb_verdict
{
    WB_NOT_OURS = 0,
    WB_OURS = 1,
    WB_FORGED = 2,
};

struct
{
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, WB_MAX_FLOWS);
    __type(key, struct wb_flow);
    __type(value, struct wb_flow_value);
} wb_flows SEC(".maps");

struct
{
    __uint(type, BPF_MAP_TYPE_XSKMAP);
    __uint(max_entries, WB_MAX_QUEUES);
    __type(key, __u32);
    __type(value, __u32);
} wb_xsks SEC(".maps");

struct
{
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, WB_COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} wb_counters SEC(".maps");

static __always_inline void count(const __u32 index)
{
    __u64 *value = bpf_map_lookup_elem(&wb_counters, &index);
    if (value)
    {
        *value += 1; /* per-CPU slot: no atomic needed */
    }
}

static __always_inline int sport_accepted(const struct wb_flow_value *value, const __u16 sport)
{
    return value->sport == 0 || value->sport == sport;
}

static __always_inline enum wb_verdict classify(const struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
    {
        return WB_NOT_OURS;
    }
    __u16 proto = eth->h_proto;
    void *l3 = eth + 1;
    if (proto == bpf_htons(ETH_P_8021Q))
    {
        if (l3 + WB_VLAN_HLEN > data_end)
        {
            return WB_NOT_OURS;
        }
        proto = *(__u16 *)(l3 + 2);
        l3 += WB_VLAN_HLEN;
    }
    if (proto != bpf_htons(ETH_P_IP))
    {
        return WB_NOT_OURS;
    }
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_UDP)
    {
        return WB_NOT_OURS;
    }
    /* A fragment is not a whole datagram: let the kernel reassemble it. */
    if (ip->frag_off & bpf_htons(0x3FFF))
    {
        return WB_NOT_OURS;
    }
    const __u32 ihl = ip->ihl * 4;
    if (ihl < sizeof(*ip))
    {
        return WB_NOT_OURS;
    }
    struct udphdr *udp = (void *)ip + ihl;
    if ((void *)(udp + 1) > data_end)
    {
        return WB_NOT_OURS;
    }
    struct wb_flow key = { .daddr = ip->daddr, .saddr = ip->saddr, .dport = udp->dest, .pad = 0 };
    const struct wb_flow_value *exact = bpf_map_lookup_elem(&wb_flows, &key);
    if (exact && sport_accepted(exact, udp->source))
    {
        return WB_OURS;
    }
    /* A flow from any source may still take it. */
    key.saddr = 0;
    const struct wb_flow_value *any = bpf_map_lookup_elem(&wb_flows, &key);
    if (!any)
    {
        return exact ? WB_FORGED : WB_NOT_OURS;
    }
    return any->flow != WB_SOURCE_REQUIRED && sport_accepted(any, udp->source) ? WB_OURS : WB_FORGED;
}

SEC("xdp")
int wirebook_xdp(struct xdp_md *ctx)
{
    const enum wb_verdict verdict = classify(ctx);
    if (verdict == WB_NOT_OURS)
    {
        count(WB_PASSED);
        return XDP_PASS;
    }
    if (verdict == WB_FORGED)
    {
        count(WB_WRONG_SOURCE);
        return XDP_DROP;
    }

    /* Stamp first, as close to the wire as this hook gets. */
    const __u64 now = bpf_ktime_get_ns();
    if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(__u64)) == 0)
    {
        void *data = (void *)(long)ctx->data;
        __u64 *meta = (void *)(long)ctx->data_meta;
        if ((void *)(meta + 1) <= data)
        {
            *meta = now;
        }
        else
        {
            count(WB_NO_STAMP);
        }
    }
    else
    {
        count(WB_NO_STAMP);
    }

    /* XDP_PASS as the fallback: with no socket on this queue the frame still reaches the kernel. */
    const long action = bpf_redirect_map(&wb_xsks, ctx->rx_queue_index, XDP_PASS);
    count(action == XDP_REDIRECT ? WB_REDIRECTED : WB_NO_SOCKET);
    return (int)action;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
