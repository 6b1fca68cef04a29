package io.wirebook.rx.dpdk;

import java.lang.foreign.MemoryLayout.PathElement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The named layouts of rte_eth_stats, rte_eth_dev_info and rte_eth_fp_ops against offsetof() and sizeof() of DPDK
 * 22.11 (x86_64).
 */
class DpdkLayoutsTest
{
    @Test
    void fastPathOpsHasItsRxHalfWhereTheInlineReadsIt()
    {
        assertThat(FastPathOps.SIZE).isEqualTo(128);
        assertThat(FastPathOps.RX_PKT_BURST).isZero();
        assertThat(FastPathOps.RXQ_DATA).isEqualTo(24);
    }

    @Test
    void fieldsSitWhereTheHeadersPutThem()
    {
        assertThat(Dpdk.ETH_STATS.byteSize()).isEqualTo(704);
        assertThat(offset("ipackets")).isZero();
        assertThat(offset("ibytes")).isEqualTo(16);
        assertThat(offset("imissed")).isEqualTo(32);
        assertThat(offset("ierrors")).isEqualTo(40);
        assertThat(offset("rx_nombuf")).isEqualTo(56);
        assertThat(offset("q_ipackets")).isEqualTo(64);
        assertThat(offset("q_errors")).isEqualTo(576);
    }

    @Test
    void devInfoHasTheDriverNameWhereTheHeadersPutIt()
    {
        assertThat(Dpdk.ETH_DEV_INFO.byteSize()).isEqualTo(376);
        assertThat(Dpdk.ETH_DEV_INFO.byteOffset(PathElement.groupElement("device"))).isZero();
        assertThat(Dpdk.ETH_DEV_INFO.byteOffset(PathElement.groupElement("driver_name"))).isEqualTo(8);
    }

    private static long offset(final String field)
    {
        return Dpdk.ETH_STATS.byteOffset(PathElement.groupElement(field));
    }
}
