package io.wirebook.lab.peer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestpmdOutputTest
{
    /** Trimmed from dpdk-testpmd 22.11 (net_af_xdp, rxonly, --stats-period=1) stopped by SIGINT. */
    private static final String TRANSCRIPT = """
        No commandline core given, start packet forwarding
        rxonly packet forwarding - ports=1 - cores=1 - streams=1 - NUMA support enabled, MP allocation mode: native
        \u001b[2J\u001b[1;1H
        Port statistics ====================================
          ######################## NIC statistics for port 0  ########################
          RX-packets: 0          RX-missed: 0          RX-bytes:  0
          RX-errors: 0
          RX-nombuf:  0
          TX-packets: 0          TX-errors: 0          TX-bytes:  0

          Throughput (since last show)
          Rx-pps:            0          Rx-bps:            0
          Tx-pps:            0          Tx-bps:            0
        \u001b[2J\u001b[1;1H
        Port statistics ====================================
          RX-packets: 1500       RX-missed: 3          RX-bytes:  97000
          RX-errors: 1
          RX-nombuf:  2
          Rx-pps:          1200          Rx-bps:      5179232
          Tx-pps:            0          Tx-bps:            0
        Port statistics ====================================
          RX-packets: 3500       RX-missed: 4          RX-bytes:  227000
          RX-errors: 1
          RX-nombuf:  2
          Rx-pps:          2000          Rx-bps:      5179232
        Port statistics ====================================
          RX-packets: 4000       RX-missed: 4          RX-bytes:  259000
          RX-errors: 1
          RX-nombuf:  2
          Rx-pps:           500          Rx-bps:      5179232
        Telling cores to stop...
          ---------------------- Forward statistics for port 0  ----------------------
          RX-packets: 4001           RX-dropped: 5             RX-total: 4006
          TX-packets: 0              TX-dropped: 0             TX-total: 0
          +++++++++++++++ Accumulated forward statistics for all ports+++++++++++++++
          RX-packets: 4002           RX-dropped: 6             RX-total: 4008
          TX-packets: 0              TX-dropped: 0             TX-total: 0
        Bye...
        """;

    @Test
    void medianOfBusySecondsAndTheAccumulatedTotals()
    {
        final TestpmdOutput output = new TestpmdOutput();
        TRANSCRIPT.lines().forEach(output::onLine);

        assertThat(output.samples()).isEqualTo(4);
        assertThat(output.figures())
            .containsEntry("testpmd_rx_pps", 1200L)
            .containsEntry("testpmd_rx_pps_max", 2000L)
            .containsEntry("testpmd_busy_seconds", 3L)
            .containsEntry("rx_packets", 4002L)
            .containsEntry("rx_dropped", 6L)
            .containsEntry("rx_missed", 4L)
            .containsEntry("rx_bytes", 259000L)
            .containsEntry("rx_errors", 1L)
            .containsEntry("rx_nombuf", 2L);
    }

    @Test
    void withoutTrafficTheRateIsZero()
    {
        final TestpmdOutput output = new TestpmdOutput();
        output.onLine("  Rx-pps:            0          Rx-bps:            0");

        assertThat(output.figures()).containsEntry("testpmd_rx_pps", 0L).containsEntry("rx_packets", 0L);
    }
}
