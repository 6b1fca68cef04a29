package io.wirebook.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lays a {@link RunResult} out as the results.json contract of DESIGN.md (keys may be added, never changed). */
public final class ResultsJson
{
    private ResultsJson()
    {
    }

    public static String write(final RunResult run)
    {
        return Json.write(toMap(run));
    }

    public static Map<String, Object> toMap(final RunResult run)
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", run.scenario());
        root.put("rate_msgs", run.rateMsgs());
        root.put("duration_s", run.durationS());
        root.put("warmup_s", run.warmupS());
        root.put("channels", run.channels());
        root.put("clock", "CLOCK_MONOTONIC");
        root.put("host", run.host());
        final List<Object> paths = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            paths.add(path(path));
        }
        root.put("paths", paths);
        final List<Object> peers = new ArrayList<>();
        for (final PeerResult peer : run.peers())
        {
            final Map<String, Object> p = new LinkedHashMap<>();
            p.put("tool", peer.tool());
            p.put("mode", peer.mode());
            p.put("status", peer.status());
            p.put("reason", peer.reason());
            p.put("figures", peer.figures());
            peers.add(p);
        }
        root.put("peers", peers);
        root.put("comparisons", run.comparisons());
        return root;
    }

    static Map<String, Object> path(final PathResult path)
    {
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put("path", path.path());
        p.put("status", path.status());
        p.put("reason", path.ok() ? "" : path.reason());
        p.put("cpu_pct", path.cpuPct());
        p.put("all", path.all() == null ? null : stats(path.all()));
        final List<Object> feeds = new ArrayList<>();
        for (final FeedResult feed : path.feeds())
        {
            final Map<String, Object> f = new LinkedHashMap<>();
            f.put("feed", feed.feed());
            f.put("group", feed.group());
            f.putAll(stats(feed.stats()));
            feeds.add(f);
        }
        p.put("feeds", feeds);
        p.put("host_noise", path.noise());
        p.put("counters", path.counters());
        p.put("book_digest", path.bookDigest());
        p.putAll(path.extra());
        return p;
    }

    static Map<String, Object> stats(final Stats stats)
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("messages", stats.messages());
        s.put("throughput_msgs", stats.throughputMsgs());
        s.put("drops", stats.drops());
        s.put("malformed", stats.malformed());
        s.put("rejected", stats.rejected());
        s.put("duplicates", stats.duplicates());
        s.put("packets", stats.packets());
        s.put("window_s", stats.windowSeconds());
        s.put("latency_ns", stats.latency() == null ? null : percentiles(stats.latency()));
        s.put("arrival_latency_ns", stats.arrivalLatency() == null ? null : percentiles(stats.arrivalLatency()));
        return s;
    }

    static Map<String, Object> percentiles(final Percentiles p)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", p.p50());
        m.put("p90", p.p90());
        m.put("p99", p.p99());
        m.put("p999", p.p999());
        m.put("p9999", p.p9999());
        m.put("max", p.max());
        m.put("mean", p.mean());
        m.put("stddev", p.stddev());
        return m;
    }
}
