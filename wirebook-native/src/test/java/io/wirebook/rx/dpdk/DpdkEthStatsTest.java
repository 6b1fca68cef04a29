package io.wirebook.rx.dpdk;

import java.lang.foreign.MemoryLayout.PathElement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The named layout of rte_eth_stats against offsetof() and sizeof() of DPDK 22.11's headers (x86_64). */
class DpdkEthStatsTest
{
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

    private static long offset(final String field)
    {
        return Dpdk.ETH_STATS.byteOffset(PathElement.groupElement(field));
    }
}
