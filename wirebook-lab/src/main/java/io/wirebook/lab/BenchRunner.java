package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wirebook.report.CaptureOverhead;
import io.wirebook.report.PathResult;
import io.wirebook.report.PeerResult;
import io.wirebook.report.RunResult;
import io.wirebook.rx.Channel;
import io.wirebook.sim.PublisherConfig;
import io.wirebook.sim.RecoveryEndpoints;

/**
 * Runs a scenario on every requested path, one after another, against the same publisher settings, on the lab's
 * two hosts: for each path a receiver JVM in the host namespace (its poll thread alone on the receive CPU) and a
 * publisher JVM in the exchange namespace (on the other CPU), which also runs the recovery servers. On the lab
 * network the feed always goes on both lines; the faults scenario is {@link FaultsRun}'s.
 */
public record BenchRunner(Plan plan, LabHosts hosts, PrintStream log)
{
    public static final int PORT = 12345;
    public static final int PUBLISHER_CPU = 0;
    public static final int RECEIVER_CPU = 1;
    private static final String LINE_A_GROUP_PREFIX = "239.1.1.";
    private static final String LINE_B_GROUP_PREFIX = "239.1.2.";

    /** The pcap file a receiver with capture writes, in its path's directory. */
    public static final String CAPTURE_FILE = "capture.pcap";
    /** The pcap of the receiver that joins late in the faults scenario, beside the killed one's. */
    public static final String LATE_JOIN_CAPTURE_FILE = "capture-late-join.pcap";
    /** Where {@link Capture#OVERHEAD} puts a path's run without capture, under the path's directory. */
    public static final String WITHOUT_CAPTURE_DIR = "without-capture";

    /** Packet capture in a run: none, on every path, or each path twice (without, then with) to measure its cost. */
    public enum Capture
    {
        OFF, ON, OVERHEAD
    }

    /**
     * What one run is asked to do; {@code lines} is 2 (line A and line B) or 1 (line A only); {@code capture} says
     * whether each receiver captures to {@code DIR/<path>/capture.pcap}.
     */
    public record Plan(Scenario scenario, List<String> paths, double durationS, double warmupS, long rateMsgs,
        int channels, int instruments, long seed, Path out, boolean peers, Map<String, String> options,
        boolean shield, int lines, Capture capture, Replay replay, CloseDay closeDay)
    {
        /** The nasdaq-close scenario's default day. */
        public Plan(final Scenario scenario, final List<String> paths, final double durationS, final double warmupS,
            final long rateMsgs, final int channels, final int instruments, final long seed, final Path out,
            final boolean peers, final Map<String, String> options, final boolean shield, final int lines,
            final Capture capture, final Replay replay)
        {
            this(scenario, paths, durationS, warmupS, rateMsgs, channels, instruments, seed, out, peers, options,
                shield, lines, capture, replay, CloseDay.DEFAULT);
        }

        /** The simulated flow, not a replay. */
        public Plan(final Scenario scenario, final List<String> paths, final double durationS, final double warmupS,
            final long rateMsgs, final int channels, final int instruments, final long seed, final Path out,
            final boolean peers, final Map<String, String> options, final boolean shield, final int lines,
            final Capture capture)
        {
            this(scenario, paths, durationS, warmupS, rateMsgs, channels, instruments, seed, out, peers, options,
                shield, lines, capture, null);
        }

        /** No capture. */
        public Plan(final Scenario scenario, final List<String> paths, final double durationS, final double warmupS,
            final long rateMsgs, final int channels, final int instruments, final long seed, final Path out,
            final boolean peers, final Map<String, String> options, final boolean shield, final int lines)
        {
            this(scenario, paths, durationS, warmupS, rateMsgs, channels, instruments, seed, out, peers, options,
                shield, lines, Capture.OFF);
        }

        /** Both lines. */
        public Plan(final Scenario scenario, final List<String> paths, final double durationS, final double warmupS,
            final long rateMsgs, final int channels, final int instruments, final long seed, final Path out,
            final boolean peers, final Map<String, String> options, final boolean shield)
        {
            this(scenario, paths, durationS, warmupS, rateMsgs, channels, instruments, seed, out, peers, options,
                shield, 2);
        }

        /** The same plan on {@code lines} lines. */
        public Plan withLines(final int lines)
        {
            return new Plan(scenario, paths, durationS, warmupS, rateMsgs, channels, instruments, seed, out, peers,
                options, shield, lines, capture, replay, closeDay);
        }

        /** Whether receivers capture (in an overhead run, the second run of each path does). */
        public boolean captures()
        {
            return capture != Capture.OFF;
        }
    }

    public List<Channel> channels()
    {
        final List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < plan.channels(); i++)
        {
            channels.add(Channel.of(LINE_A_GROUP_PREFIX + (i + 1), PORT));
        }
        return channels;
    }

    public RunResult run() throws IOException, InterruptedException
    {
        Files.createDirectories(plan.out());
        final List<PathResult> results = new ArrayList<>();
        final PingPongRun pingPong = new PingPongRun(plan, hosts, log);
        for (final String path : plan.paths())
        {
            if (plan.scenario() == Scenario.TICK_TO_TRADE)
            {
                for (final PathResult row : new TickToTradeRun(this, hosts, log).run(path))
                {
                    results.add(row);
                    log.println(summary(row));
                }
                continue;
            }
            final PathResult result = switch (plan.scenario())
            {
                case SWEEP -> sweep(path);
                case FAULTS -> new FaultsRun(this, hosts, log).run(path, plan.out().resolve(path));
                case PINGPONG -> pingPong.run(path, plan.out().resolve(path));
                case NASDAQ_CLOSE -> new NasdaqCloseRun(this, hosts, log).run(path, plan.out().resolve(path));
                default -> plan.capture() == Capture.OVERHEAD ? captureOverhead(path, plan.out().resolve(path)) :
                    runPath(path, plan.rateMsgs(), plan.durationS(), plan.out().resolve(path), plan.captures());
            };
            results.add(result);
            log.println(summary(result));
        }
        final List<PeerResult> peers = !plan.peers() ? List.of() :
            plan.scenario() == Scenario.PINGPONG ? pingPong.baseline() : Peers.run(this, hosts, plan, log, results);
        return new RunResult(plan.scenario().cliName, plan.rateMsgs(), plan.durationS(), plan.warmupS(),
            plan.channels(), HostInfo.describe(hosts), results, peers, Comparisons.of(results));
    }

    /** Raises the rate step by step until the path drops; keeps the highest rate it held with zero drops. */
    private PathResult sweep(final String path) throws IOException, InterruptedException
    {
        PathResult best = null;
        final List<Object> steps = new ArrayList<>();
        long rate = plan.rateMsgs();
        while (true)
        {
            final PathResult step = runPath(path, rate, plan.durationS(),
                plan.out().resolve(path).resolve("rate-" + rate), plan.captures());
            final Map<String, Object> s = new LinkedHashMap<>();
            s.put("rate_msgs", rate);
            s.put("status", step.status());
            if (!step.ok())
            {
                s.put("reason", step.reason());
                steps.add(s);
                if (best == null)
                {
                    return step.withExtra(Map.of("sweep_steps", steps));
                }
                break;
            }
            s.put("drops", step.all().drops());
            s.put("messages", step.all().messages());
            s.put("throughput_msgs", step.all().throughputMsgs());
            s.put("p99_ns", step.all().latency().p99());
            s.put("publisher_kept_up", step.extra().get("publisher_kept_up"));
            s.put("publisher_packets", publisherFigure(step, "packets"));
            steps.add(s);
            log.printf(Locale.ROOT, "  sweep %s: %,d msg/s -> %d drops%n", path, rate, step.all().drops());
            final boolean keptUp = Boolean.TRUE.equals(step.extra().get("publisher_kept_up"));
            if (step.all().drops() > 0 || step.all().messages() == 0)
            {
                if (best != null)
                {
                    best = best.withExtra(Map.of("sweep_limited_by", "receiver",
                        "sweep_first_drops_at_msgs", rate));
                }
                break;
            }
            // What the path held is what it received, which is less than asked when the publisher fell behind.
            best = step.withExtra(
                Map.of("max_rate_zero_drops", Math.round(Math.min(rate, step.all().throughputMsgs()))));
            if (!keptUp)
            {
                best = best.withExtra(Map.of("sweep_limited_by", "publisher",
                    "sweep_publisher_achieved_msgs", Math.round(step.all().throughputMsgs())));
                break;
            }
            rate = rate * 2;
        }
        final PathResult result = best != null ? best : PathResult.failed(path, "dropped at the first rate");
        return result.withExtra(Map.of("sweep_steps", steps, "max_rate_zero_drops",
            best == null ? 0L : best.extra().get("max_rate_zero_drops")));
    }

    /**
     * One path run in {@link CaptureOverhead#PAIRS} pairs on the same settings, without capture (into
     * {@code dir/without-capture}) and with it (into {@code dir}), the order alternating from pair to pair: the result
     * is the last run with capture, with {@code capture_overhead} comparing the pairs.
     */
    private PathResult captureOverhead(final String path, final Path dir) throws IOException, InterruptedException
    {
        final List<PathResult> without = new ArrayList<>();
        final List<PathResult> with = new ArrayList<>();
        for (int pair = 0; pair < CaptureOverhead.PAIRS; pair++)
        {
            for (final boolean capturing : CaptureOverhead.withFirst(pair) ?
                List.of(true, false) : List.of(false, true))
            {
                final PathResult result = runPath(path, plan.rateMsgs(), plan.durationS(),
                    capturing ? dir : dir.resolve(WITHOUT_CAPTURE_DIR), capturing);
                log.println(summary(result) + (capturing ? " (with capture, pair " : " (without capture, pair ") +
                    (pair + 1) + " of " + CaptureOverhead.PAIRS + ")");
                (capturing ? with : without).add(result);
                if (!result.ok())
                {
                    return result;
                }
            }
        }
        return with.getLast().withExtra(Map.of(CaptureOverhead.KEY, CaptureOverhead.of(without, with)));
    }

    /** One path at one rate, without capture (the peers' reference runs). */
    PathResult runPath(final String path, final long rate, final double durationS, final Path dir)
        throws IOException, InterruptedException
    {
        return runPath(path, rate, durationS, dir, false);
    }

    /** One path at one rate: receiver up (capturing if asked), publisher run, receiver report read back. */
    PathResult runPath(final String path, final long rate, final double durationS, final Path dir,
        final boolean capture) throws IOException, InterruptedException
    {
        final String hostOnlyReason = hosts.whyNot(path);
        if (hostOnlyReason != null)
        {
            return PathResult.skipped(path, hostOnlyReason);
        }
        prepare(dir);
        log.printf(Locale.ROOT, "%-12s receiver starting in %s...%n", path, hosts.describeHost());
        try (CpuShield shield = plan.shield() ? CpuShield.raise(RECEIVER_CPU) : null;
            ChildJvm receiver = startReceiver(path, dir, durationS, capture, CAPTURE_FILE))
        {
            final PathResult notReady = unlessReady(path, dir, receiver);
            if (notReady != null)
            {
                return notReady;
            }
            final PublisherRun publisher = PublisherRun.run(hosts, plan, channels(), rate, durationS, dir, log, path);
            return finish(path, dir, receiver, publisher, rate, shield);
        }
    }

    /** Makes the path's directory; a report left by an earlier run into it must never pass for this run's. */
    public static void prepare(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(ReceiverReport.FILE));
        Files.deleteIfExists(dir.resolve(PublisherRun.FILE));
        Files.deleteIfExists(dir.resolve(CAPTURE_FILE));
        Files.deleteIfExists(dir.resolve(LATE_JOIN_CAPTURE_FILE));
    }

    /** A receiver JVM in the trading host's namespace, not yet ready; it captures if the plan says so. */
    ChildJvm startReceiver(final String path, final Path dir, final double durationS) throws IOException
    {
        return startReceiver(path, dir, durationS, plan.captures(), CAPTURE_FILE);
    }

    /** As above, capturing (if the plan says so) to {@code dir/captureName}: a second receiver keeps the first's. */
    ChildJvm startReceiver(final String path, final Path dir, final double durationS, final String captureName)
        throws IOException
    {
        return startReceiver(path, dir, durationS, plan.captures(), captureName);
    }

    private ChildJvm startReceiver(final String path, final Path dir, final double durationS, final boolean capture,
        final String captureName) throws IOException
    {
        return startReceiver(path, dir, durationS, capture, captureName, List.of());
    }

    /** As {@link #startReceiver(String, Path, double)}, with more receive options (the strategy's). */
    ChildJvm startReceiver(final String path, final Path dir, final double durationS, final List<String> extraArgs)
        throws IOException
    {
        return startReceiver(path, dir, durationS, plan.captures(), CAPTURE_FILE, extraArgs);
    }

    private ChildJvm startReceiver(final String path, final Path dir, final double durationS, final boolean capture,
        final String captureName, final List<String> extraArgs) throws IOException
    {
        final List<String> args = new ArrayList<>(receiverArguments(hosts.tradingHost(), hosts.exchange(),
            hosts.loopback(), plan, channels(), path, dir, durationS, capture, captureName));
        args.addAll(extraArgs);
        return ChildJvm.start(hosts.tradingHost().namespace(), Integer.toString(PUBLISHER_CPU), "1g", args);
    }

    /**
     * Waits for the receiver's first control line: null once it is READY; otherwise what it reported (skipped or
     * failed) after it exited.
     */
    PathResult unlessReady(final String path, final Path dir, final ChildJvm receiver)
        throws IOException, InterruptedException
    {
        final String first = readControl(receiver);
        if (first != null && first.startsWith("READY"))
        {
            return null;
        }
        final boolean exited = receiver.waitFor(10);
        hosts.cleanupAfter(path, receiver.pid());
        if (Files.exists(dir.resolve(ReceiverReport.FILE)))
        {
            return ReceiverReport.read(dir);
        }
        final String status = !exited ? "still running 10 s after its output ended" :
            receiver.exitValue() > 128 ? "killed by signal " + (receiver.exitValue() - 128) :
            "exit status " + receiver.exitValue();
        return PathResult.failed(path, first != null ? first :
            "receiver exited before it was ready (" + status + "; its stderr, if any, is above)");
    }

    /** After the publisher ended: waits for the receiver, reads its report and adds the run's own figures. */
    PathResult finish(
        final String path, final Path dir, final ChildJvm receiver, final PublisherRun publisher, final long rate,
        final CpuShield shield) throws IOException, InterruptedException
    {
        final boolean ended = receiver.waitFor(30);
        if (!ended)
        {
            receiver.close();
        }
        hosts.cleanupAfter(path, receiver.pid());
        if (!Files.exists(dir.resolve(ReceiverReport.FILE)))
        {
            return PathResult.failed(path, "receiver wrote no report (exit " +
                (ended ? receiver.exitValue() : "killed") + ")");
        }
        final PathResult result = ReceiverReport.read(dir);
        if (!result.ok())
        {
            return result;
        }
        Hgrm.write(dir, result);
        return result.withExtra(runFigures(publisher, rate, shield == null ? null : shield.moved(),
            result.bookDigest(), plan.replay()));
    }

    /** A number from the publisher's figures of a path run, or 0. */
    private static Object publisherFigure(final PathResult step, final String name)
    {
        final Object value = step.extra().get("publisher") instanceof Map<?, ?> figures ? figures.get(name) : null;
        return value != null ? value : 0;
    }

    /**
     * A path's figures from the run around it: the rate offered, the publisher's figures and whether it kept up,
     * the CPU shield, and whether the receiver's books match the simulator's.
     *
     * @param threadsMoved how many threads the CPU shield moved off the poll CPU, or null without a shield.
     */
    public static Map<String, Object> runFigures(
        final PublisherRun publisher, final long rate, final Integer threadsMoved, final String receiverBookDigest,
        final Replay replay)
    {
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("rate_offered_msgs", rate);
        extra.put("publisher", publisher.figures());
        extra.put("publisher_kept_up", publisher.keptUp(rate));
        extra.put("poll_cpu_shielded", threadsMoved != null);
        if (threadsMoved != null)
        {
            extra.put("poll_cpu_shield_threads_moved", threadsMoved);
        }
        extra.put("books_match_simulator", publisher.bookDigest() != null &&
            publisher.bookDigest().equals(receiverBookDigest));
        if (replay != null)
        {
            extra.put("books_match_file", replay.bookDigest().equals(receiverBookDigest));
            extra.put("replay_file", replay.file().toString());
            extra.put("replay_messages", replay.messages());
        }
        return extra;
    }

    /**
     * The receive command line: on the lab network both lines with their sources, the line-B interface and the
     * recovery servers on the recovery link; on loopback one line, and recovery on 127.0.0.1.
     */
    static List<String> receiverArguments(
        final LabHost host, final LabHost exchange, final boolean loopback, final Plan plan,
        final List<Channel> channels, final String path, final Path dir, final double durationS)
    {
        return receiverArguments(host, exchange, loopback, plan, channels, path, dir, durationS, plan.captures());
    }

    /** As above; with {@code capture}, the receiver captures to {@code dir/capture.pcap}. */
    static List<String> receiverArguments(
        final LabHost host, final LabHost exchange, final boolean loopback, final Plan plan,
        final List<Channel> channels, final String path, final Path dir, final double durationS,
        final boolean capture)
    {
        return receiverArguments(host, exchange, loopback, plan, channels, path, dir, durationS, capture, CAPTURE_FILE);
    }

    /** As above; with {@code capture}, the receiver captures to {@code dir/captureName}. */
    public static List<String> receiverArguments(
        final LabHost host, final LabHost exchange, final boolean loopback, final Plan plan,
        final List<Channel> channels, final String path, final Path dir, final double durationS,
        final boolean capture, final String captureName)
    {
        final List<String> args = new ArrayList<>(List.of("receive",
            "--path", path,
            "--interface", host.lineA().interfaceName(),
            "--address", host.lineA().address(),
            "--cpu", Integer.toString(RECEIVER_CPU),
            "--out", dir.toString(),
            "--max-seconds", Double.toString(plan.warmupS() + durationS + 60)));
        for (final Channel channel : channels)
        {
            args.add("--channel");
            args.add(channel.toString());
        }
        args.add("--source");
        args.add(exchange.lineA().address() + ":" + PublisherConfig.DEFAULT_SOURCE_PORT);
        if (!loopback && plan.lines() == 2)
        {
            for (final Channel channel : lineB(channels))
            {
                args.add("--line-b");
                args.add(channel.toString());
            }
            args.addAll(List.of(
                "--interface-b", host.lineB().interfaceName(),
                "--address-b", host.lineB().address(),
                "--source-b", exchange.lineB().address() + ":" + PublisherConfig.DEFAULT_SOURCE_PORT));
        }
        args.addAll(List.of(
            "--request-server", exchange.recovery().address() + ":" + RecoveryEndpoints.REQUEST_SERVER_BASE_PORT,
            "--snapshot-server", exchange.recovery().address() + ":" + RecoveryEndpoints.SNAPSHOT_SERVER_BASE_PORT));
        plan.options().forEach((k, v) ->
        {
            args.add("--option");
            args.add(k + "=" + v);
        });
        if (capture)
        {
            args.addAll(List.of("--capture", dir.resolve(captureName).toString()));
        }
        return args;
    }

    /** Line B's groups: 239.1.2.N for line A's 239.1.1.N, same port. */
    static List<Channel> lineB(final List<Channel> lineA)
    {
        final List<Channel> lineB = new ArrayList<>();
        for (int i = 0; i < lineA.size(); i++)
        {
            lineB.add(Channel.of(LINE_B_GROUP_PREFIX + (i + 1), lineA.get(i).port()));
        }
        return lineB;
    }

    static String readControl(final ChildJvm child) throws IOException
    {
        String line;
        while ((line = child.readLine()) != null)
        {
            if (line.startsWith("READY") || line.startsWith("SKIPPED") || line.startsWith("FAILED"))
            {
                return line;
            }
        }
        return null;
    }

    static String summary(final PathResult r)
    {
        if (!r.ok())
        {
            return String.format(Locale.ROOT, "%-12s %s: %s", r.path(), r.status(), r.reason());
        }
        if (r.extra().containsKey(PingPongRun.KEY))
        {
            return PingPongRun.summary(r);
        }
        return String.format(Locale.ROOT, "%-12s ok: %,d messages, %d drops, send->book P50 %.2f us, P99 %.2f us",
            r.path(), r.all().messages(), r.all().drops(), r.all().latency().p50() / 1e3,
            r.all().latency().p99() / 1e3);
    }
}
