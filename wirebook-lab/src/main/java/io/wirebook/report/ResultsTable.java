package io.wirebook.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A run's tables: one row per path for one feed; per path one row per feed and an Avg row for several. Latencies
 * in microseconds; a skipped path shows its reason and no number. {@link #render} prints them for stdout,
 * {@link HtmlReport} lays the same {@link Table}s out in HTML.
 */
public final class ResultsTable
{
    /** The title of latency_ns: from the ITCH timestamp the exchange stamped at send. */
    public static final String SEND_TO_BOOK = "send stamp -> book updated (us)";
    /** The title of arrival_latency_ns: from the path's own arrival stamp. */
    public static final String ARRIVAL_TO_BOOK = "arrival stamp -> book updated (us)";
    static final String SEND_TO_BOOK_NOTE = "the ITCH timestamp the exchange stamped at send, to the book updated";
    static final String ARRIVAL_TO_BOOK_NOTE =
        "the path's arrival stamp (kernel RX timestamp, XDP hook), to the book updated";

    private static final String FAULTS_SCENARIO = "faults";
    private static final String PINGPONG_SCENARIO = "pingpong";
    private static final String BURST_ACHIEVED = "burst_achieved_msgs";
    private static final List<String> LATENCY_COLUMNS =
        List.of("P50", "P90", "P99", "P99.9", "P99.99", "Max", "Jitter", "Throughput", "Drops", "CPU%");

    private ResultsTable()
    {
    }

    /** The run's tables as text: what bench prints on stdout. */
    public static String render(final RunResult run)
    {
        final StringBuilder out = new StringBuilder();
        out.append(summary(run)).append('\n');
        for (final Table table : tables(run))
        {
            out.append('\n').append(table.text());
        }
        return out.toString();
    }

    /** One line: the scenario, its channels, the offered rate and the phases. */
    public static String summary(final RunResult run)
    {
        if (PINGPONG_SCENARIO.equals(run.scenario()))
        {
            return String.format(Locale.ROOT, "scenario pingpong: sockperf ping-pong against wirebook echo on each "
                + "path, %.0f s each", run.durationS());
        }
        return String.format(Locale.ROOT, "scenario %s: %d channel(s), %,d msg/s offered, %.0f s measured after %.0f "
            + "s warm-up", run.scenario(), run.channels(), run.rateMsgs(), run.durationS(), run.warmupS());
    }

    /** The tables of the run, in the order they are shown. */
    public static List<Table> tables(final RunResult run)
    {
        final List<Table> tables = new ArrayList<>();
        if (PINGPONG_SCENARIO.equals(run.scenario()))
        {
            tables.add(pingpong(run));
            return tables;
        }
        if (FAULTS_SCENARIO.equals(run.scenario()))
        {
            tables.add(recovery(run));
            tables.add(latency(run, SEND_TO_BOOK + ": " + SEND_TO_BOOK_NOTE, Stats::latency));
            return tables;
        }
        if (TickToTradeTable.SCENARIO.equals(run.scenario()))
        {
            tables.add(TickToTradeTable.of(run));
        }
        if (run.paths().stream().anyMatch(path -> path.extra().containsKey(BURST_ACHIEVED)))
        {
            tables.add(burst(run));
        }
        tables.add(latency(run, SEND_TO_BOOK + ": " + SEND_TO_BOOK_NOTE, Stats::latency));
        tables.add(latency(run, ARRIVAL_TO_BOOK + ": " + ARRIVAL_TO_BOOK_NOTE, Stats::arrivalLatency));
        if (!run.comparisons().isEmpty())
        {
            tables.add(comparisons(run));
        }
        if (run.paths().stream().anyMatch(path -> path.extra().get("capture") instanceof Map<?, ?>))
        {
            tables.add(capture(run));
        }
        if (run.paths().stream().anyMatch(path -> path.extra().containsKey(CaptureOverhead.KEY)))
        {
            tables.add(captureOverhead(run));
        }
        return tables;
    }

    private static Table latency(final RunResult run, final String title, final Function<Stats, Percentiles> metric)
    {
        final List<String> columns = new ArrayList<>();
        columns.add(run.channels() > 1 ? "path/feed" : "path");
        columns.addAll(LATENCY_COLUMNS);
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            if (!path.ok())
            {
                rows.add(Table.Row.note(path.path(), path.status() + ": " + path.reason()));
                continue;
            }
            if (run.channels() > 1)
            {
                for (final FeedResult feed : path.feeds())
                {
                    rows.add(row(path.path() + "/" + feed.feed(), feed.stats(), metric, ""));
                }
                rows.add(row(path.path() + "/Avg", path.all(), metric, cpu(path)));
            }
            else
            {
                rows.add(row(path.path(), path.all(), metric, cpu(path)));
            }
        }
        return new Table(title, columns, rows, "Jitter: standard deviation");
    }

    private static Table.Row row(
        final String name, final Stats stats, final Function<Stats, Percentiles> metric, final String cpu)
    {
        final Percentiles p = metric.apply(stats);
        if (p == null)
        {
            return Table.Row.note(name, "(no arrival stamp on this path)");
        }
        return Table.Row.of(name, List.of(us(p.p50()), us(p.p90()), us(p.p99()), us(p.p999()), us(p.p9999()),
            us(p.max()), us(p.stddev()), String.format(Locale.ROOT, "%,.0f/s", stats.throughputMsgs()),
            Long.toString(stats.drops()), cpu));
    }

    /** The faults scenario: how each path recovered, by which means, how fast, and what it made of forgeries. */
    private static Table recovery(final RunResult run)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            if (!path.ok())
            {
                rows.add(Table.Row.note(path.path(), path.status() + ": " + path.reason()));
                continue;
            }
            if (Boolean.FALSE.equals(path.extra().get("burst_windows_valid")))
            {
                rows.add(Table.Row.note(path.path(), "offered " + text(path.extra().get("burst_offered_msgs")) +
                    "; no burst figures: " + text(path.extra().get("burst_windows_reason"))));
                continue;
            }
            final Map<?, ?> recovery = map(path.extra().get("recovery"));
            final Map<?, ?> recoveryNs = map(recovery.get("recovery_ns"));
            final Map<?, ?> forged = map(path.extra().get("forged"));
            final Object match = path.extra().get("books_match_simulator");
            rows.add(Table.Row.of(path.path(), List.of(Long.toString(path.all().messages()),
                text(recovery.get("messages_lost")), text(recovery.get("gaps")), text(recovery.get("by_line_b")),
                text(recovery.get("by_rerequest")), text(recovery.get("by_snapshot")),
                micros(recoveryNs.get("p50")), micros(recoveryNs.get("p99")), micros(recoveryNs.get("max")),
                text(forged.get("sent")) + "/" + text(forged.get("rejected")),
                Boolean.TRUE.equals(match) ? "match" : match == null ? "-" : "DIFFER")));
        }
        return new Table("recovery under faults (restart + 2% loss per line + 100 ms outage + forged packets)",
            List.of("path", "Messages", "Lost", "Gaps", "By line B", "Re-req", "Snapshot", "Rec P50", "Rec P99",
                "Rec Max", "Forged s/rej", "Books"), rows,
            "Rec: recovery_ns in us; Lost: messages_lost; Forged s/rej: forged sent/rejected");
    }

    /**
     * The pingpong scenario: sockperf's half round trip against each path's echo, and against the kernel's own
     * sockperf server (the baseline peer) on the same wire.
     */
    private static Table pingpong(final RunResult run)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            if (!path.ok())
            {
                rows.add(Table.Row.note(path.path(), path.status() + ": " + path.reason()));
                continue;
            }
            final Map<?, ?> pingpong = map(path.extra().get("pingpong"));
            rows.add(halfRttRow(path.path() + " echo", map(pingpong.get("half_rtt_ns")), pingpong.get("sent"),
                pingpong.get("received"), pingpong.get("dropped")));
        }
        for (final PeerResult peer : run.peers())
        {
            final String name = "kernel sockperf server";
            if (!"ok".equals(peer.status()))
            {
                rows.add(Table.Row.note(name, peer.status() + ": " + peer.reason()));
                continue;
            }
            rows.add(halfRttRow(name, map(peer.figures().get("half_rtt_ns")), peer.figures().get("sent_messages"),
                peer.figures().get("received_messages"), peer.figures().get("dropped")));
        }
        return new Table("sockperf ping-pong half round trip (us), client in the exchange, server in the trading host",
            List.of("server", "P50", "P90", "P99", "P99.9", "Max", "Sent", "Received", "Dropped"), rows,
            "sockperf's own percentiles: half the round trip (RTT/2), 64-byte messages");
    }

    private static Table.Row halfRttRow(
        final String name, final Map<?, ?> halfRtt, final Object sent, final Object received, final Object dropped)
    {
        return Table.Row.of(name, List.of(micros(halfRtt.get("p50")), micros(halfRtt.get("p90")),
            micros(halfRtt.get("p99")), micros(halfRtt.get("p999")), micros(halfRtt.get("max")), text(sent),
            text(received), text(dropped)));
    }

    /** A burst scenario: the peak one-second rates offered and applied, and the burst's latency beside before it. */
    private static Table burst(final RunResult run)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            if (!path.ok())
            {
                rows.add(Table.Row.note(path.path(), path.status() + ": " + path.reason()));
                continue;
            }
            final Map<?, ?> burst = map(path.extra().get("burst_latency_ns"));
            final Map<?, ?> before = map(path.extra().get("before_burst_latency_ns"));
            final Object match = path.extra().get("books_match_simulator");
            if (Boolean.FALSE.equals(path.extra().get("burst_windows_valid")))
            {
                rows.add(Table.Row.note(path.path(), "offered " + text(path.extra().get("burst_offered_msgs")) +
                    "; no burst figures: " + text(path.extra().get("burst_windows_reason"))));
                continue;
            }
            final Map<?, ?> recovery = map(path.extra().get("recovery"));
            rows.add(Table.Row.of(path.path(), List.of(text(path.extra().get("burst_offered_msgs")),
                text(path.extra().get(BURST_ACHIEVED)), Long.toString(path.all().drops()),
                text(recovery.get("messages_recovered")),
                micros(before.get("p50")), micros(before.get("p99")), micros(before.get("p999")),
                micros(burst.get("p50")), micros(burst.get("p99")), micros(burst.get("p999")),
                Boolean.TRUE.equals(match) ? "match" : match == null ? "-" : "DIFFER")));
        }
        return new Table("closing burst: peak one-second rates (msg/s) and " + SEND_TO_BOOK, List.of("path",
            "Offered", "Achieved", "Drops", "Recovered", "Before P50", "Before P99", "Before P99.9", "Burst P50",
            "Burst P99", "Burst P99.9", "Books"), rows,
            "Offered: the most the publisher sent in one second; Achieved: the most the receiver applied in one of "
                + "its seconds since Start of Market Hours; Recovered: messages lost off the wire and recovered (line "
                + "B, re-request, snapshot), warm-up included; Burst: that second and after; Before: the seconds "
                + "before it");
    }

    /** Each path against socket, measured in this run, with the host's noise while the path ran beside it. */
    private static Table comparisons(final RunResult run)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            final Object c = run.comparisons().get(path.path() + "_vs_socket");
            if (!(c instanceof Map<?, ?> ratios))
            {
                continue;
            }
            final List<String> cells = new ArrayList<>();
            cells.addAll(ratios(ratios.get("arrival_to_book")));
            cells.addAll(ratios(ratios.get("send_to_book")));
            cells.add(text(path.noise().get("thread_nonvoluntary_switches")));
            cells.add(text(path.noise().get("interrupts_poll_cpu")));
            cells.add(text(path.noise().get("steal_pct_poll_cpu")));
            final Object stalls = path.noise().get("poll_stalls");
            cells.add(stalls == null ? "-" : stalls + " (" + text(path.noise().get("poll_stalled_pct")) + "%)");
            rows.add(Table.Row.of(path.path(), cells));
        }
        return new Table("times better than socket, and the host's noise on the poll CPU while the path ran",
            List.of("path", "arr P50", "arr P99", "arr P99.9", "arr SD", "send P50", "send P99", "send P99.9",
                "send SD", "Invol. sw.", "Interrupts", "Steal %", "Poll stalls"), rows,
            "arr: arrival stamp -> book updated; send: send stamp -> book updated; SD: standard deviation; "
                + "Invol. sw.: the poll thread's involuntary context switches");
    }

    private static List<String> ratios(final Object value)
    {
        if (!(value instanceof Map<?, ?> r))
        {
            return List.of("-", "-", "-", "-");
        }
        return List.of(times(r.get("p50")), times(r.get("p99")), times(r.get("p999")), times(r.get("stddev")));
    }

    private static String times(final Object ratio)
    {
        return ratio == null ? "-" : ratio + "x";
    }

    /** Paths that captured: what went to the file and what the capture dropped. */
    private static Table capture(final RunResult run)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            final Map<?, ?> capture = map(path.extra().get("capture"));
            if (!capture.isEmpty())
            {
                rows.add(Table.Row.of(path.path(), List.of(text(capture.get("packets")),
                    text(capture.get("dropped")), text(capture.get("file")))));
            }
        }
        return new Table("packet capture", List.of("path", "Captured", "Dropped", "File"), rows,
            "Captured: every packet the path received, both lines, from open to close; capture drops are not feed "
                + "drops");
    }

    /** What capture cost each path, measured in this run: the P50s of each pair of runs, without and with it. */
    private static Table captureOverhead(final RunResult run)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            final Map<?, ?> overhead = map(path.extra().get(CaptureOverhead.KEY));
            if (overhead.isEmpty())
            {
                continue;
            }
            int n = 0;
            for (final Object item : (List<?>)overhead.get("pairs"))
            {
                final Map<?, ?> pair = map(item);
                n++;
                rows.add(Table.Row.of(path.path() + " " + n, List.of(
                    p50(pair.get("without_capture"), "arrival_latency_ns"),
                    p50(pair.get("with_capture"), "arrival_latency_ns"), times(pair.get("arrival_p50_ratio")),
                    p50(pair.get("without_capture"), "latency_ns"),
                    p50(pair.get("with_capture"), "latency_ns"), times(pair.get("p50_ratio")))));
            }
            rows.add(Table.Row.of(path.path() + " median", List.of("", "", times(overhead.get("arrival_p50_ratio")),
                "", "", times(overhead.get("p50_ratio")))));
        }
        return new Table("capture overhead, pairs of runs in this run (P50 in us)", List.of("path, pair",
            "arr without", "arr with", "arr with/without", "send without", "send with", "send with/without"), rows,
            "arr: arrival stamp -> book updated; send: send stamp -> book updated; pair 2 ran with capture first");
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

    static String us(final double nanos)
    {
        return String.format(Locale.ROOT, nanos < 10_000 ? "%.2f" : "%.1f", nanos / 1000.0);
    }
}
