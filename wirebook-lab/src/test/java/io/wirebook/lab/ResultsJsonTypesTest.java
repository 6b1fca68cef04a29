package io.wirebook.lab;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.wirebook.report.FeedResult;
import io.wirebook.report.JsonReader;
import io.wirebook.report.PathResult;
import io.wirebook.report.ResultsJson;
import io.wirebook.report.RunResult;
import io.wirebook.report.Stats;
import io.wirebook.sim.PublisherStats;
import io.wirebook.stats.LatencyRecorder;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * results.json read back as a consumer reads it: booleans are JSON booleans and numbers JSON numbers, wherever
 * they came from (the child JVMs hand their figures over as properties, all text).
 */
class ResultsJsonTypesTest
{
    @TempDir
    Path dir;

    @Test
    void booleansAreBooleansAndNumbersAreNumbers() throws IOException
    {
        final Object json = JsonReader.read(ResultsJson.write(run(dir)));

        final Map<?, ?> path = (Map<?, ?>)((List<?>)((Map<?, ?>)json).get("paths")).getFirst();
        final Map<?, ?> publisher = (Map<?, ?>)path.get("publisher");
        assertThat(publisher.get("kept_up")).isEqualTo(Boolean.FALSE);
        assertThat(publisher.get("flow_exhausted")).isEqualTo(Boolean.FALSE);
        assertThat(publisher.get("late_count")).isEqualTo(3L);
        assertThat(publisher.get("measured_rate_msgs")).isInstanceOf(Double.class);
        assertThat(path.get("publisher_kept_up")).isEqualTo(Boolean.TRUE);
        assertThat(path.get("poll_cpu_shielded")).isEqualTo(Boolean.FALSE);
        assertThat(path.get("books_match_simulator")).isEqualTo(Boolean.TRUE);
        final Map<?, ?> host = (Map<?, ?>)((Map<?, ?>)json).get("host");
        assertThat(host.get("cpus")).isInstanceOf(Long.class);
        assertThat(host.get("hugepages_2m_total")).satisfiesAnyOf(
            v -> assertThat(v).isNull(), v -> assertThat(v).isInstanceOf(Long.class));
        assertThat(textThatLooksTyped(json, "")).isEmpty();
    }

    @Test
    void aShieldedRunSaysSoWithABooleanAndACount() throws IOException
    {
        final Map<String, Object> figures = BenchRunner.runFigures(publisher(dir), 50_000, 7, "digest", null);

        assertThat(figures).containsEntry("poll_cpu_shielded", true).containsEntry("poll_cpu_shield_threads_moved", 7);
        assertThat(figures).doesNotContainKey("books_match_file");
    }

    @Test
    void aReplaySaysWhetherTheBooksMatchThoseTheFileBuildsOffline() throws IOException
    {
        final Replay replay = new Replay(dir.resolve("day.itch.gz"), 1_000, "digest");

        assertThat(BenchRunner.runFigures(publisher(dir), 50_000, null, "digest", replay))
            .containsEntry("books_match_file", true).containsEntry("replay_messages", 1_000L);
        assertThat(BenchRunner.runFigures(publisher(dir), 50_000, null, "other", replay))
            .containsEntry("books_match_file", false);
    }

    /** Every string value that reads as a boolean or a number: each is a figure with the wrong type. */
    private static List<String> textThatLooksTyped(final Object value, final String at)
    {
        final List<String> found = new ArrayList<>();
        if (value instanceof Map<?, ?> map)
        {
            map.forEach((k, v) -> found.addAll(textThatLooksTyped(v, at + "." + k)));
        }
        else if (value instanceof List<?> list)
        {
            for (int i = 0; i < list.size(); i++)
            {
                found.addAll(textThatLooksTyped(list.get(i), at + "[" + i + "]"));
            }
        }
        else if (value instanceof String s && (s.equals("true") || s.equals("false") ||
            s.matches("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")))
        {
            found.add(at + " = \"" + s + "\"");
        }
        return found;
    }

    private static RunResult run(final Path dir) throws IOException
    {
        final Histogram latency = LatencyRecorder.newHistogram();
        latency.recordValue(6_000);
        final Stats stats = new Stats(150_000, 50_000, 0, 0, 0, 0, 16_000, 3, latency, latency);
        final PathResult path = new PathResult("af-xdp", PathResult.OK, "", 31, stats,
            List.of(new FeedResult(1, "239.1.1.1", stats)), Map.of("steal_pct_poll_cpu", 0.5),
            Map.of("xdp_mode", "native", "zero_copy", false), "digest", Map.of())
            .withExtra(BenchRunner.runFigures(publisher(dir), 50_000, null, "digest", null));
        return new RunResult("single", 50_000, 3, 3, 1, HostInfo.describe("netns wb-exch -> veth -> netns wb-host"),
            List.of(path), List.of(), Map.of());
    }

    /** A publisher.properties as the publish command writes it (every figure as text), read back by the runner. */
    private static PublisherRun publisher(final Path dir) throws IOException
    {
        final PublisherStats stats = new PublisherStats(
            List.of(new PublisherStats.ChannelStats(1, "239.1.1.1", 16_000, 150_000, 5_000_000, 10, 150_000)),
            50_000, 150_000, 3.0, 49_999.87, 9_373_924, 3, 50_000, 34, 315.759, 500, 0, false);
        final Properties p = new Properties();
        stats.toMap().forEach((k, v) ->
        {
            if (!(v instanceof List) && !(v instanceof Map))
            {
                p.setProperty(k, String.valueOf(v));
            }
        });
        p.setProperty("measured_rate_msgs", Double.toString(stats.achievedRateMsgs()));
        p.setProperty("book_digest", "digest");
        try (Writer w = Files.newBufferedWriter(dir.resolve(PublisherRun.FILE)))
        {
            p.store(w, "test");
        }
        return PublisherRun.read(dir);
    }
}
