package io.wirebook.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The seed's tables on stdout. One row per path for one feed; per path one row per feed and an Avg row for
 * several. Latencies in microseconds; a skipped path prints its reason and no number.
 */
public final class ResultsTable
{
    private static final String HEADER =
        "%-16s %9s %9s %9s %9s %9s %9s %9s %12s %7s %6s%n";
    private static final String ROW =
        "%-16s %9s %9s %9s %9s %9s %9s %9s %12s %7d %6s%n";

    private static final String FAULTS_SCENARIO = "faults";
    private static final String RECOVERY_HEADER =
        "%-16s %11s %8s %6s %9s %9s %8s %9s %9s %9s %13s %6s%n";

    private ResultsTable()
    {
    }

    public static String render(final RunResult run)
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "scenario %s: %d channel(s), %,d msg/s offered, %.0f s measured after %.0f s warm-up%n",
            run.scenario(), run.channels(), run.rateMsgs(), run.durationS(), run.warmupS()));
        if (FAULTS_SCENARIO.equals(run.scenario()))
        {
            recovery(out, run);
            block(out, run, "exchange send -> book updated (us)", Stats::latency);
            return out.toString();
        }
        block(out, run, "exchange send -> book updated (us)", Stats::latency);
        block(out, run, "arrival stamp -> book updated (us)  [the seed's metric]", Stats::arrivalLatency);
        comparisons(out, run);
        capture(out, run);
        return out.toString();
    }

    private static void block(
        final StringBuilder out, final RunResult run, final String title, final Function<Stats, Percentiles> metric)
    {
        out.append('\n').append(title).append('\n');
        out.append(String.format(Locale.ROOT, HEADER, run.channels() > 1 ? "path/feed" : "path", "P50", "P90", "P99",
            "P99.9", "P99.99", "Max", "Jitter", "Throughput", "Drops", "CPU%"));
        for (final PathResult path : run.paths())
        {
            if (!path.ok())
            {
                out.append(String.format(Locale.ROOT, "%-16s %s: %s%n", path.path(), path.status(), path.reason()));
                continue;
            }
            if (run.channels() > 1)
            {
                for (final FeedResult feed : path.feeds())
                {
                    row(out, path.path() + "/" + feed.feed(), feed.stats(), metric, "");
                }
                row(out, path.path() + "/Avg", path.all(), metric, cpu(path));
            }
            else
            {
                row(out, path.path(), path.all(), metric, cpu(path));
            }
        }
    }

    /** The faults scenario: how each path recovered, by which means, how fast, and what it made of forgeries. */
    private static void recovery(final StringBuilder out, final RunResult run)
    {
        out.append("\nrecovery under faults (restart + 2% loss per line + 100 ms outage + forged packets)\n");
        out.append(String.format(Locale.ROOT, RECOVERY_HEADER, "path", "Messages", "Lost", "Gaps", "By line B",
            "Re-req", "Snapshot", "Rec P50", "Rec P99", "Rec Max", "Forged s/rej", "Books"));
        for (final PathResult path : run.paths())
        {
            if (!path.ok())
            {
                out.append(String.format(Locale.ROOT, "%-16s %s: %s%n", path.path(), path.status(), path.reason()));
                continue;
            }
            final Map<?, ?> recovery = map(path.extra().get("recovery"));
            final Map<?, ?> recoveryNs = map(recovery.get("recovery_ns"));
            final Map<?, ?> forged = map(path.extra().get("forged"));
            final Object match = path.extra().get("books_match_simulator");
            out.append(String.format(Locale.ROOT, RECOVERY_HEADER, path.path(), path.all().messages(),
                text(recovery.get("messages_lost")), text(recovery.get("gaps")), text(recovery.get("by_line_b")),
                text(recovery.get("by_rerequest")), text(recovery.get("by_snapshot")),
                micros(recoveryNs.get("p50")), micros(recoveryNs.get("p99")), micros(recoveryNs.get("max")),
                text(forged.get("sent")) + "/" + text(forged.get("rejected")),
                Boolean.TRUE.equals(match) ? "match" : match == null ? "-" : "DIFFER"));
        }
        out.append("(Rec: recovery_ns in us; Lost: messages_lost; Forged s/rej: forged sent/rejected)\n");
    }

    /** Paths that captured: what went to the file, what the capture dropped, and its cost where it was measured. */
    private static void capture(final StringBuilder out, final RunResult run)
    {
        if (run.paths().stream().noneMatch(path -> path.extra().get("capture") instanceof Map<?, ?>))
        {
            return;
        }
        out.append("\npacket capture (capture drops are not feed drops)\n");
        out.append(String.format(Locale.ROOT, "%-16s %12s %9s   %s%n", "path", "Captured", "Dropped", "file"));
        for (final PathResult path : run.paths())
        {
            final Map<?, ?> capture = map(path.extra().get("capture"));
            if (!capture.isEmpty())
            {
                out.append(String.format(Locale.ROOT, "%-16s %12s %9s   %s%n", path.path(),
                    text(capture.get("packets")), text(capture.get("dropped")), text(capture.get("file"))));
            }
        }
        if (run.paths().stream().noneMatch(path -> path.extra().containsKey(CaptureOverhead.KEY)))
        {
            return;
        }
        out.append("\ncapture overhead, same run (P50 in us: without capture / with capture = with/without)\n");
        for (final PathResult path : run.paths())
        {
            final Map<?, ?> overhead = map(path.extra().get(CaptureOverhead.KEY));
            if (overhead.isEmpty())
            {
                continue;
            }
            out.append(String.format(Locale.ROOT, "%-16s send->book %s / %s = %sx   arrival->book %s / %s = %sx%n",
                path.path(), p50(overhead.get("without_capture"), "latency_ns"),
                p50(overhead.get("with_capture"), "latency_ns"), text(overhead.get("p50_ratio")),
                p50(overhead.get("without_capture"), "arrival_latency_ns"),
                p50(overhead.get("with_capture"), "arrival_latency_ns"), text(overhead.get("arrival_p50_ratio"))));
        }
    }

    private static String p50(final Object runFigures, final String metric)
    {
        return micros(map(map(runFigures).get(metric)).get("p50"));
    }

    private static Map<?, ?> map(final Object value)
    {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String text(final Object value)
    {
        return value == null ? "-" : String.valueOf(value);
    }

    private static String micros(final Object nanos)
    {
        return nanos instanceof Number n ? us(n.doubleValue()) : "-";
    }

    private static String cpu(final PathResult path)
    {
        return String.format(Locale.ROOT, "%.0f", path.cpuPct());
    }

    private static void row(
        final StringBuilder out, final String name, final Stats stats, final Function<Stats, Percentiles> metric,
        final String cpu)
    {
        final Percentiles p = metric.apply(stats);
        if (p == null)
        {
            out.append(String.format(Locale.ROOT, "%-16s %s%n", name, "(no arrival stamp on this path)"));
            return;
        }
        out.append(String.format(Locale.ROOT, ROW, name, us(p.p50()), us(p.p90()), us(p.p99()), us(p.p999()),
            us(p.p9999()), us(p.max()), us(p.stddev()), String.format(Locale.ROOT, "%,.0f/s", stats.throughputMsgs()),
            stats.drops(), cpu));
    }

    /** Each path against socket, measured in this run, with the host's noise while the path ran beside it. */
    private static void comparisons(final StringBuilder out, final RunResult run)
    {
        if (run.comparisons().isEmpty())
        {
            return;
        }
        out.append("\ntimes better than socket (arrival->book | send->book: P50 P99 P99.9 stddev)   host noise on the poll CPU\n");
        for (final PathResult path : run.paths())
        {
            final Object c = run.comparisons().get(path.path() + "_vs_socket");
            if (!(c instanceof Map<?, ?> ratios))
            {
                continue;
            }
            final Object stalls = path.noise().get("poll_stalls");
            out.append(String.format(Locale.ROOT,
                "%-16s %-28s | %-28s   %s involuntary switches, %s interrupts, steal %s%%%s%n",
                path.path(), ratios(ratios.get("arrival_to_book")), ratios(ratios.get("send_to_book")),
                path.noise().getOrDefault("thread_nonvoluntary_switches", "?"),
                path.noise().getOrDefault("interrupts_poll_cpu", "?"),
                path.noise().getOrDefault("steal_pct_poll_cpu", "?"),
                stalls == null ? "" : String.format(Locale.ROOT, ", poll thread stalled %s times (%s%% of the time)",
                    stalls, path.noise().getOrDefault("poll_stalled_pct", "?"))));
        }
    }

    private static String ratios(final Object value)
    {
        if (!(value instanceof Map<?, ?> r))
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%sx %sx %sx %sx", r.get("p50"), r.get("p99"), r.get("p999"), r.get("stddev"));
    }

    static String us(final double nanos)
    {
        return String.format(Locale.ROOT, nanos < 10_000 ? "%.2f" : "%.1f", nanos / 1000.0);
    }

    /** One line per ratio, for the bypass-vs-socket comparison. */
    public static String ratios(final List<String> lines)
    {
        return String.join("\n", lines) + "\n";
    }
}
