package io.wirebook.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One receive path's run. A skipped path has a reason (with its fix) and no figures at all.
 *
 * @param noise    the host's noise while the path ran (steal, interrupts, context switches on the poll CPU).
 * @param counters path-specific counters (ring-full events, mode used...).
 * @param extra    scenario-specific keys (the sweep's steps, ...).
 */
public record PathResult(String path, String status, String reason, double cpuPct, Stats all, List<FeedResult> feeds,
    Map<String, Object> noise, Map<String, Object> counters, String bookDigest, Map<String, Object> extra)
{
    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public static PathResult skipped(final String path, final String reason)
    {
        return new PathResult(path, SKIPPED, reason, 0, null, List.of(), Map.of(), Map.of(), null, Map.of());
    }

    public static PathResult failed(final String path, final String reason)
    {
        return new PathResult(path, FAILED, reason, 0, null, List.of(), Map.of(), Map.of(), null, Map.of());
    }

    public boolean ok()
    {
        return OK.equals(status);
    }

    public PathResult withExtra(final Map<String, Object> more)
    {
        final Map<String, Object> merged = new LinkedHashMap<>(extra);
        merged.putAll(more);
        return new PathResult(path, status, reason, cpuPct, all, feeds, noise, counters, bookDigest, merged);
    }
}
