package io.wirebook.lab.peer;

import java.util.Map;

import io.wirebook.sys.Privileges;
import io.wirebook.testnet.TestNetwork;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SockperfPeerTest
{
    /** Output of sockperf 3.7 ping-pong on a veth pair, colour codes and all. */
    private static final String PING_PONG = """
        sockperf: \u001B[2;35m== version #3.7-no.git == \u001B[0m
        sockperf[CLIENT] send on:sockperf: using recvfrom() to block on socket(s)

        [ 0] IP = 198.18.0.2      PORT = 11111 # UDP
        sockperf: Warmup stage (sending a few dummy messages)...
        sockperf: Starting test...
        sockperf: Test end (interrupted by timer)
        sockperf: Test ended
        sockperf: [Total Run] RunTime=2.000 sec; Warm up time=400 msec; SentMessages=68935; ReceivedMessages=68934
        sockperf: ========= Printing statistics for Server No: 0
        sockperf: [Valid Duration] RunTime=1.523 sec; SentMessages=58767; ReceivedMessages=58767
        sockperf: \u001B[2;35m====> avg-latency=12.946 (std-dev=106.206)\u001B[0m
        sockperf: # dropped messages = 0; # duplicated messages = 0; # out-of-order messages = 0
        sockperf: Summary: Latency is 12.946 usec
        sockperf: \u001B[2;35mTotal 58767 observations\u001B[0m; each percentile contains 587.67 observations
        sockperf: ---> <MAX> observation = 7128.395
        sockperf: ---> percentile 99.999 = 6586.042
        sockperf: ---> percentile 99.990 = 2760.478
        sockperf: ---> percentile 99.900 = 1614.800
        sockperf: ---> percentile 99.000 =   23.079
        sockperf: ---> percentile 90.000 =    6.825
        sockperf: ---> percentile 75.000 =    6.629
        sockperf: ---> percentile 50.000 =    6.394
        sockperf: ---> percentile 25.000 =    6.354
        sockperf: ---> <MIN> observation =    6.249
        """;

    @Test
    @SuppressWarnings("unchecked")
    void parsesTheClientReportIntoNanoseconds()
    {
        final Map<String, Object> figures = SockperfPeer.parse(PING_PONG);
        assertThat(figures).containsEntry("sent_messages", 58767L).containsEntry("received_messages", 58767L)
            .containsEntry("runtime_s", 1.523).containsEntry("dropped", 0L).containsEntry("observations", 58767L);
        assertThat((double)figures.get("sent_rate_msgs")).isCloseTo(58767 / 1.523, Offset.offset(0.01));
        final Map<String, Object> latency = (Map<String, Object>)figures.get("latency_ns");
        assertThat(latency).containsEntry("p50", 6394L).containsEntry("p90", 6825L).containsEntry("p99", 23079L)
            .containsEntry("p999", 1614800L).containsEntry("p9999", 2760478L).containsEntry("p99999", 6586042L)
            .containsEntry("p25", 6354L).containsEntry("p75", 6629L)
            .containsEntry("max", 7128395L).containsEntry("min", 6249L)
            .containsEntry("mean", 12946L).containsEntry("stddev", 106206L);
    }

    @Test
    void outputWithoutAReportHasNoLatency()
    {
        assertThat(SockperfPeer.parse("sockperf: ERROR: sendto() Failed (errno=101 Network is unreachable)\n"))
            .doesNotContainKey("latency_ns");
    }

    @Test
    void namesPercentilesAsResultsJsonDoes()
    {
        assertThat(SockperfPeer.percentileKey("99.990")).isEqualTo("p9999");
        assertThat(SockperfPeer.percentileKey("50.000")).isEqualTo("p50");
        assertThat(SockperfPeer.percentileKey("99.999")).isEqualTo("p99999");
    }

    @Test
    @SuppressWarnings("unchecked")
    void measuresTheWireBetweenTwoNamespaces() throws Exception
    {
        assumeTrue(Privileges.isRoot(), "needs root for network namespaces");
        assumeTrue(null != SockperfPeer.findOnPath("sockperf"), "sockperf is not installed");
        try (TestNetwork network = TestNetwork.create("tsp", false))
        {
            final String exchange = network.exchangeNs();
            final String host = network.hostNs();
            final Map<String, Object> pingPong = SockperfPeer.run(exchange, host, "198.18.0.2", 11111, 2, 0);
            assertThat(pingPong).containsEntry("status", "ok").containsEntry("mode", "ping-pong");
            final Map<String, Object> figures = (Map<String, Object>)pingPong.get("figures");
            assertThat((long)figures.get("received_messages")).isPositive();
            assertThat((double)figures.get("sent_rate_msgs")).isPositive();
            final Map<String, Object> latency = (Map<String, Object>)figures.get("latency_ns");
            assertThat(latency.keySet()).contains("p50", "p90", "p99", "p999", "max", "mean", "stddev");
            assertThat((long)latency.get("p50")).isPositive().isLessThanOrEqualTo((long)latency.get("max"));

            final Map<String, Object> underLoad = SockperfPeer.run(exchange, host, "239.1.1.9", 11112, 2, 5_000);
            assertThat(underLoad).containsEntry("status", "ok").containsEntry("mode", "under-load");
            final Map<String, Object> loaded = (Map<String, Object>)underLoad.get("figures");
            assertThat((long)loaded.get("sent_messages")).isPositive();
            assertThat((long)((Map<String, Object>)loaded.get("latency_ns")).get("p50")).isPositive();
            assertThat((String)underLoad.get("command")).contains("--mc-tx-if 198.18.0.1", "--mps=5000");
        }
    }

    @Test
    void versionIsTheToolAndItsNumber()
    {
        assertThat(SockperfPeer.parseVersion("sockperf, version 3.7-no.git\n   compiled 2021-08-23 12:14:23"))
            .isEqualTo("sockperf 3.7");
        assertThat(SockperfPeer.parseVersion("sockperf: == version #3.10-0.git6d5ac1e ==")).isEqualTo("sockperf 3.10");
        assertThat(SockperfPeer.parseVersion("no such thing")).isNull();
    }
}
