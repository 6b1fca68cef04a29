package io.wirebook.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.stats.LatencyRecorder;
import org.HdrHistogram.Histogram;

/** A path that ran well on one feed, 239.1.1.1, for the report's tests: its stats are the feed's. */
final class OneFeedPaths
{
    private OneFeedPaths()
    {
    }

    static PathResult ok(final String name, final double cpuPct, final Stats stats)
    {
        return new PathResult(name, PathResult.OK, "", cpuPct, stats, List.of(new FeedResult(1, "239.1.1.1", stats)),
            Map.of(), Map.of(), "digest", new LinkedHashMap<>());
    }

    /** A histogram of one recorded latency. */
    static Histogram latency(final long nanos)
    {
        final Histogram histogram = LatencyRecorder.newHistogram();
        histogram.recordValue(nanos);
        return histogram;
    }
}
