package io.wirebook.lab;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the pingpong scenario reads back from the echo's stdout and from sockperf's figures. */
class PingPongRunTest
{
    private static final List<String> ECHO_OUTPUT = List.of(
        "READY af-xdp 198.18.0.2:11111",
        "ECHO path=af-xdp requests=5506 replies=5505 reply_refused=1 warmup=0 malformed=2",
        "COUNTERS {handler.echo.requests=5506, path.tx.sent=5505, path.tx.in_place=5505, path.frames_accepted=5508}");

    @Test
    void echoCountsAreNumbersByName()
    {
        assertThat(PingPongRun.echoCounts(ECHO_OUTPUT)).containsExactly(Map.entry("requests", 5506L),
            Map.entry("replies", 5505L), Map.entry("reply_refused", 1L), Map.entry("warmup", 0L),
            Map.entry("malformed", 2L));
    }

    @Test
    void theCountersAreThePathsWithoutTheirPrefix()
    {
        assertThat(PingPongRun.echoCounters(ECHO_OUTPUT)).containsExactly(Map.entry("tx.sent", 5505L),
            Map.entry("tx.in_place", 5505L), Map.entry("frames_accepted", 5508L));
    }

    @Test
    void halfRttKeepsTheFiveFiguresOfTheContract()
    {
        final Map<String, Object> latency = Map.of("p25", 1L, "p50", 2L, "p90", 3L, "p99", 4L, "p999", 5L,
            "p9999", 6L, "max", 7L, "min", 0L);

        assertThat(PingPongRun.halfRtt(latency)).containsExactly(Map.entry("p50", 2L), Map.entry("p90", 3L),
            Map.entry("p99", 4L), Map.entry("p999", 5L), Map.entry("max", 7L));
    }
}
