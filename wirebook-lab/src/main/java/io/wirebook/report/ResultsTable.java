package io.wirebook.report;

import java.util.List;
import java.util.Locale;
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

    private ResultsTable()
    {
    }

    public static String render(final RunResult run)
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "scenario %s: %d channel(s), %,d msg/s offered, %.0f s measured after %.0f s warm-up%n",
            run.scenario(), run.channels(), run.rateMsgs(), run.durationS(), run.warmupS()));
        block(out, run, "exchange send -> book updated (us)", Stats::latency);
        block(out, run, "arrival stamp -> book updated (us)  [the seed's metric]", Stats::arrivalLatency);
        comparisons(out, run);
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
            if (!(c instanceof java.util.Map<?, ?> ratios))
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
        if (!(value instanceof java.util.Map<?, ?> r))
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
