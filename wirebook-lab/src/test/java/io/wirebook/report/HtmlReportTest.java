package io.wirebook.report;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest
{
    @Test
    void tablesAreHtmlTablesInAScrollingWrapper()
    {
        final String html = HtmlReport.html(run(List.of(path("af-xdp"),
            PathResult.skipped("dpdk", "needs 2 MiB hugepages; fix: echo 64 > /proc/sys/vm/nr_hugepages"))));

        assertThat(html).doesNotContain("<pre>")
            .contains("<h3>send stamp → book updated (µs) <span class=\"what\">the ITCH timestamp")
            .contains("<h3>arrival stamp → book updated (µs) ")
            .contains("<div class=\"table\"><table>")
            .contains("<th scope=\"col\">P99.9</th>")
            .contains("<tr><th scope=\"row\">af-xdp</th><td>6.00</td>")
            .contains("<tr><th scope=\"row\">dpdk</th><td class=\"note\" colspan=\"10\">skipped: needs 2 MiB "
                + "hugepages; fix: echo 64 &gt; /proc/sys/vm/nr_hugepages</td></tr>")
            .containsPattern("\\.table\\{overflow-x:auto")
            .contains("<meta name=\"viewport\"");
    }

    @Test
    void theHeaderNamesTheHostsCpus()
    {
        assertThat(HtmlReport.hostLine(Map.of("date", "2026-12-01", "kernel", "6.18", "cpus", 2, "cpu_model",
            "AMD EPYC", "lab", "netns wb-host"))).isEqualTo("2026-12-01 · kernel 6.18 · 2 CPUs (AMD EPYC) · "
            + "netns wb-host");
    }

    @Test
    void metricsAreNamedForWhatTheyMeasure()
    {
        final String html = HtmlReport.html(run(List.of(path("af-xdp"))));

        assertThat(html).doesNotContainIgnoringCase("seed").contains("Percentiles: send stamp → book updated")
            .contains("Percentiles: arrival stamp → book updated");
    }

    private static PathResult path(final String name)
    {
        final Histogram latency = OneFeedPaths.latency(6_000);
        return OneFeedPaths.ok(name, 31, new Stats(150_000, 50_000, 0, 0, 0, 0, 16_000, 3, latency, latency));
    }

    private static RunResult run(final List<PathResult> paths)
    {
        return new RunResult("single", 50_000, 3, 3, 1, Map.of("date", "2026-12-01", "kernel", "6.18", "cpus", 2,
            "lab", "netns wb-host"), paths, List.of(), Map.of());
    }
}
