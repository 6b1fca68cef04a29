package io.wirebook.report;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureOverheadTest
{
    @Test
    void theRatioIsTheMedianOfThePairsRatiosEachWithOverWithout()
    {
        final List<PathResult> without = List.of(path(10_000, 1_000), path(10_000, 1_000), path(20_000, 4_000));
        final List<PathResult> with = List.of(path(10_500, 1_150), path(9_000, 900), path(30_000, 5_000));
        final Map<String, Object> overhead = CaptureOverhead.of(without, with);

        assertThat(overhead.get("p50_ratio")).as("1.05, 0.9, 1.5").isEqualTo(1.05);
        assertThat(overhead.get("arrival_p50_ratio")).as("1.15, 0.9, 1.25").isEqualTo(1.15);
        final List<?> pairs = (List<?>)overhead.get("pairs");
        assertThat(pairs).hasSize(3);
        assertThat(map(pairs.get(1)).get("order")).isEqualTo("with capture, then without");
        assertThat(map(map(map(pairs.get(0)).get("with_capture")).get("arrival_latency_ns")).get("p50"))
            .isEqualTo(1_150L);
        assertThat(Json.write(overhead)).contains("\"p50_ratio\": 1.05");

        final PathResult last = with.getLast().withExtra(Map.of("capture",
            Map.of("file", "/tmp/r/af-xdp/capture.pcap", "packets", 12_345L, "dropped", 0L)));
        final String table = ResultsTable.render(new RunResult("single", 50_000, 10, 3, 1, Map.of(),
            List.of(last.withExtra(Map.of(CaptureOverhead.KEY, overhead))), List.of(), Map.of()));
        assertThat(table).contains("packet capture")
            .containsPattern("af-xdp +12345 +0 +/tmp/r/af-xdp/capture.pcap")
            .containsPattern("af-xdp 1 +1\\.00 +1\\.15 +1\\.15x +10\\.0 +10\\.5 +1\\.05x")
            .containsPattern("af-xdp median +1\\.15x +1\\.05x");
    }

    @Test
    void aSkippedRunHasNoRatio()
    {
        final Map<String, Object> overhead = CaptureOverhead.of(List.of(PathResult.skipped("af-xdp", "no XDP; fix: x")),
            List.of(path(10_500, 2_300)));

        assertThat(overhead.get("p50_ratio")).isNull();
        final Map<?, ?> pair = map(((List<?>)overhead.get("pairs")).getFirst());
        assertThat(map(pair.get("without_capture")).get("status")).isEqualTo("skipped");
        assertThat(map(pair.get("without_capture")).containsKey("latency_ns")).isFalse();
    }

    private static Map<?, ?> map(final Object value)
    {
        return (Map<?, ?>)value;
    }

    private static PathResult path(final long p50, final long arrivalP50)
    {
        return OneFeedPaths.ok("af-xdp", 50, new Stats(500_000, 50_000, 0, 0, 0, 0, 100_000, 10,
            OneFeedPaths.latency(p50), OneFeedPaths.latency(arrivalP50)));
    }
}
