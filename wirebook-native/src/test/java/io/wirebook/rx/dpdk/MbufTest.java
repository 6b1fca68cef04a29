package io.wirebook.rx.dpdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MbufTest
{
    @Test
    void fieldOffsetsAreThoseOfDpdk2211()
    {
        // offsetof(struct rte_mbuf, ...) from the installed 22.11 headers, x86_64.
        assertThat(Mbuf.BUF_ADDR).isZero();
        assertThat(Mbuf.DATA_OFF).isEqualTo(16);
        assertThat(Mbuf.NB_SEGS).isEqualTo(20);
        assertThat(Mbuf.OL_FLAGS).isEqualTo(24);
        assertThat(Mbuf.PKT_LEN).isEqualTo(36);
        assertThat(Mbuf.DATA_LEN).isEqualTo(40);
        assertThat(Mbuf.BUF_LEN).isEqualTo(54);
        assertThat(Mbuf.FIRST_CACHE_LINE.byteSize()).isEqualTo(64);
    }

    @Test
    void aSingleSegmentInsideItsBufferIsAWholeFrame()
    {
        assertThat(Mbuf.isWholeFrame(128, 1500, 2176, 1500, 1)).isTrue();
        assertThat(Mbuf.isWholeFrame(128, 2048, 2176, 2048, 1)).isTrue();
    }

    @Test
    void aChainedOrOverlongMbufIsNot()
    {
        assertThat(Mbuf.isWholeFrame(128, 1500, 2176, 3000, 2)).as("multi-segment").isFalse();
        assertThat(Mbuf.isWholeFrame(128, 1500, 2176, 1500, 2)).as("nb_segs").isFalse();
        assertThat(Mbuf.isWholeFrame(128, 1500, 2176, 1600, 1)).as("pkt_len").isFalse();
        assertThat(Mbuf.isWholeFrame(128, 2049, 2176, 2049, 1)).as("past the buffer").isFalse();
        assertThat(Mbuf.isWholeFrame(3000, 10, 2176, 10, 1)).as("headroom past the buffer").isFalse();
    }

    @Test
    void checksumsAreTrustedOnlyWhenBothAreGood()
    {
        assertThat(Mbuf.checksumsGood(Mbuf.RX_IP_CKSUM_GOOD | Mbuf.RX_L4_CKSUM_GOOD)).isTrue();
        assertThat(Mbuf.checksumsGood(Mbuf.RX_IP_CKSUM_GOOD)).isFalse();
        assertThat(Mbuf.checksumsGood(Mbuf.RX_L4_CKSUM_GOOD)).isFalse();
        assertThat(Mbuf.checksumsGood(0)).isFalse();
        assertThat(Mbuf.checksumsGood(Mbuf.RX_IP_CKSUM_MASK | Mbuf.RX_L4_CKSUM_GOOD)).as("IP NONE").isFalse();
    }
}
