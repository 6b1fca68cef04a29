package io.wirebook.rx.dpdk;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The first cache line of DPDK 22.11's {@code struct rte_mbuf} (rte_mbuf_core.h, x86_64; offsets checked with
 * offsetof()): the fields the dpdk path reads from each received mbuf, and the check it makes before it reads
 * the frame.
 */
final class Mbuf
{
    static final StructLayout FIRST_CACHE_LINE = MemoryLayout.structLayout(
        ADDRESS.withName("buf_addr"),
        JAVA_LONG.withName("buf_iova"),
        JAVA_SHORT.withName("data_off"),
        JAVA_SHORT.withName("refcnt"),
        JAVA_SHORT.withName("nb_segs"),
        JAVA_SHORT.withName("port"),
        JAVA_LONG.withName("ol_flags"),
        JAVA_INT.withName("packet_type"),
        JAVA_INT.withName("pkt_len"),
        JAVA_SHORT.withName("data_len"),
        JAVA_SHORT.withName("vlan_tci"),
        JAVA_LONG.withByteAlignment(4).withName("hash"),
        JAVA_SHORT.withName("vlan_tci_outer"),
        JAVA_SHORT.withName("buf_len"),
        ADDRESS.withName("pool"));

    static final long BUF_ADDR = offsetOf("buf_addr");
    static final long DATA_OFF = offsetOf("data_off");
    static final long NB_SEGS = offsetOf("nb_segs");
    static final long OL_FLAGS = offsetOf("ol_flags");
    static final long PKT_LEN = offsetOf("pkt_len");
    static final long DATA_LEN = offsetOf("data_len");
    static final long BUF_LEN = offsetOf("buf_len");
    static final long REFCNT = offsetOf("refcnt");
    /** The second cache line starts with {@code struct rte_mbuf *next}: the next segment, NULL for the last. */
    static final long NEXT = FIRST_CACHE_LINE.byteSize();
    /** sizeof(struct rte_mbuf): two cache lines. */
    static final long SIZE = 128;

    /** RTE_MBUF_F_RX_IP_CKSUM_*: two bits, GOOD when the NIC checked the IPv4 header checksum and it held. */
    static final long RX_IP_CKSUM_MASK = (1L << 4) | (1L << 7);
    static final long RX_IP_CKSUM_GOOD = 1L << 7;
    /** RTE_MBUF_F_RX_L4_CKSUM_*: likewise for the UDP checksum. */
    static final long RX_L4_CKSUM_MASK = (1L << 3) | (1L << 8);
    static final long RX_L4_CKSUM_GOOD = 1L << 8;

    private Mbuf()
    {
    }

    /**
     * Whether a received mbuf holds one whole frame inside its own buffer: one segment, the packet length that
     * segment's length, and the data within the buffer after its headroom. Anything else is a descriptor the
     * path does not read.
     */
    static boolean isWholeFrame(final int dataOff, final int dataLen, final int bufLen, final long pktLen,
        final int nbSegs)
    {
        return nbSegs == 1 && pktLen == dataLen && dataOff <= bufLen && dataLen <= bufLen - dataOff;
    }

    /** Whether the PMD checked both the IPv4 and the UDP checksum and found them good. */
    static boolean checksumsGood(final long olFlags)
    {
        return (olFlags & RX_IP_CKSUM_MASK) == RX_IP_CKSUM_GOOD && (olFlags & RX_L4_CKSUM_MASK) == RX_L4_CKSUM_GOOD;
    }

    private static long offsetOf(final String field)
    {
        return FIRST_CACHE_LINE.byteOffset(PathElement.groupElement(field));
    }
}
