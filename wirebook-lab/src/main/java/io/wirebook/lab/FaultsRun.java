package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import io.wirebook.report.PathResult;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;

/**
 * The faults scenario on one path, as {@link FaultsTimeline} plans it: the publisher (reordering line A,
 * duplicating line B) runs on its own while this thread restarts the receiver, turns on the loss, makes the
 * outage and sends the forged packets at their times from the publisher's session start. The forger JVMs start
 * before the publisher and wait for {@link #GO_FILE}, which the forge step creates: started at the step, a JVM took
 * more than 4 s to read the feed on a loaded host, and missed the session. The second receiver's
 * report is the path's result, with {@code faults} (what nftables dropped, what the publisher reordered and
 * duplicated, the timeline as run) and {@code forged.sent} added.
 */
record FaultsRun(BenchRunner runner, LabHosts hosts, PrintStream log)
{
    static final String FIX_ROOT = "fix: run as root (sudo ./wirebook bench --scenario faults ...)";
    private static final double SESSION_START_TIMEOUT_S = 60;
    private static final double FORGER_TIMEOUT_S = 30;
    private static final String FORGER_HEAP = "256m";
    /** The file whose creation tells the waiting forgers to read the live feed and send: see forge --go-file. */
    static final String GO_FILE = "forge.go";

    PathResult run(final String path, final Path dir) throws IOException, InterruptedException
    {
        final BenchRunner.Plan plan = runner.plan();
        final String hostOnlyReason = hosts.whyNot(path);
        if (hostOnlyReason != null)
        {
            return PathResult.skipped(path, hostOnlyReason);
        }
        final String unavailable = whyUnavailable(hosts.loopback(), LabNetwork.whyUnavailable(),
            SystemCommand.find("nft") != null);
        if (unavailable != null)
        {
            return PathResult.skipped(path, unavailable);
        }
        final FaultsTimeline timeline = FaultsTimeline.plan(plan.warmupS(), plan.durationS());
        BenchRunner.prepare(dir);
        final FaultInjector faults;
        try
        {
            faults = FaultInjector.open(hosts.network());
        }
        catch (final LabNetworkException ex)
        {
            return PathResult.skipped(path, withFix("faults scenario: " + ex.getMessage()));
        }
        log.printf(Locale.ROOT, "%-12s faults: receiver starting in %s...%n", path, hosts.describeHost());
        final List<Object> ran = new ArrayList<>();
        try (faults;
            CpuShield shield = plan.shield() ? CpuShield.raise(BenchRunner.RECEIVER_CPU) : null;
            ChildJvm first = runner.startReceiver(path, dir, plan.durationS()))
        {
            final PathResult notReady = runner.unlessReady(path, dir, first);
            if (notReady != null)
            {
                return notReady;
            }
            ChildJvm receiver = first;
            ChildJvm second = null;
            // Started before the publisher, while the host is quiet, they wait for GO_FILE.
            final Forgers forgers = launchForgers(dir);
            long forgedSent = 0;
            final List<String> forgeFailures = new ArrayList<>();
            try (PublisherRun.Running publisher = PublisherRun.start(hosts, plan, runner.channels(), plan.rateMsgs(),
                plan.durationS(), dir, log, path, FaultsTimeline.publisherArguments()))
            {
                final long session = publisher.awaitSession(SESSION_START_TIMEOUT_S);
                if (session < 0)
                {
                    return PathResult.failed(path, "publisher did not start its session within " +
                        SESSION_START_TIMEOUT_S + " s");
                }
                for (final FaultsTimeline.Step step : timeline.steps())
                {
                    sleepUntil(session + (long)(step.atSeconds() * 1e9));
                    final double at = (System.nanoTime() - session) / 1e9;
                    switch (step.action())
                    {
                        case RESTART_RECEIVER ->
                        {
                            kill(path, first);
                            Files.deleteIfExists(dir.resolve(ReceiverReport.FILE));
                            log.printf(Locale.ROOT, "%-12s faults: receiver killed at %.1f s, a second one joins%n",
                                path, at);
                            second = runner.startReceiver(path, dir, plan.durationS(),
                                BenchRunner.LATE_JOIN_CAPTURE_FILE);
                            receiver = second;
                            final PathResult late = runner.unlessReady(path, dir, second);
                            if (late != null)
                            {
                                return PathResult.failed(path, "second receiver (late join) " + late.status() +
                                    ": " + late.reason());
                            }
                        }
                        case LOSS_ON ->
                        {
                            faults.loss(Flow.LINE_A, FaultsTimeline.LOSS_PERCENT);
                            faults.loss(Flow.LINE_B, FaultsTimeline.LOSS_PERCENT);
                        }
                        case OUTAGE -> faults.outage(FaultsTimeline.OUTAGE_MS);
                        case FORGE -> Files.createFile(dir.resolve(GO_FILE));
                        case LOSS_OFF ->
                        {
                            faults.loss(Flow.LINE_A, 0);
                            faults.loss(Flow.LINE_B, 0);
                        }
                    }
                    ran.add(timelineEntry(step, at));
                    log.printf(Locale.ROOT, "%-12s faults: %s at %.2f s%n", path,
                        step.action().name().toLowerCase(Locale.ROOT), at);
                }
                // The timeline always has its forge step: the forgers have had their go.
                forgedSent = forgers.awaitSent(forgeFailures);
                final Map<String, Object> finished = new LinkedHashMap<>();
                finished.put("action", "forgers_done");
                finished.put("at_s", Math.round((System.nanoTime() - session) / 1e6) / 1000.0);
                ran.add(finished);
                final PublisherRun done = publisher.finish();
                final Map<String, Long> dropped = faults.dropped();
                final PathResult result = runner.finish(path, dir, receiver, done, plan.rateMsgs(), shield);
                if (!result.ok())
                {
                    return result;
                }
                final Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("faults", faultsFigures(dropped, done.figures(), ran, forgeFailures));
                extra.put("forged", mergeForgedSent(result.extra().get("forged"), forgedSent));
                return result.withExtra(extra);
            }
            finally
            {
                forgers.close();
                Files.deleteIfExists(dir.resolve(GO_FILE));
                if (second != null)
                {
                    second.close();
                    hosts.cleanupAfter(path, second.pid());
                }
            }
        }
    }

    /** Why this lab cannot run the faults scenario at all (with the fix), or null. */
    static String whyUnavailable(final boolean loopback, final String networkReason, final boolean hasNft)
    {
        if (loopback)
        {
            return "the faults scenario needs the lab network (" + networkReason + "): loss, outage and forged " +
                "packets are made between its hosts; " + FIX_ROOT;
        }
        if (!hasNft)
        {
            return "the faults scenario needs nft (nftables) for loss and outages; fix: scripts/setup.sh";
        }
        return null;
    }

    /** A reason that names no fix gets the usual one for nftables refusing. */
    static String withFix(final String reason)
    {
        return reason.contains("fix:") ? reason : reason + "; fix: a kernel with nftables' netdev egress hook " +
            "(Linux 5.16 or later) and scripts/setup.sh";
    }

    /** SIGKILL: the receiver gets no chance to leave, as in a crash. */
    private void kill(final String path, final ChildJvm receiver) throws InterruptedException
    {
        ProcessHandle.of(receiver.pid()).ifPresent(ProcessHandle::destroyForcibly);
        receiver.waitFor(5);
        hosts.cleanupAfter(path, receiver.pid());
    }

    /**
     * Launches both forgers at once, in the exchange's namespace, on any CPU; returns at once. They wait for
     * {@link #GO_FILE}.
     */
    private Forgers launchForgers(final Path dir) throws IOException
    {
        Files.deleteIfExists(dir.resolve(GO_FILE));
        final List<List<String>> commands = forgeArguments(hosts.exchange(), hosts.peerAddress(),
            runner.channels().getFirst(), dir);
        final Forgers forgers = new Forgers(commands);
        try
        {
            for (final List<String> command : commands)
            {
                // Any CPU, not only the publisher's: on veth the feed's softirq runs on the sender's CPU too, and a
                // forger pinned beside both often got no CPU to listen before the session ended.
                forgers.children.add(ChildJvm.start(hosts.exchange().namespace(), HostInfo.onlineCpuList(),
                    FORGER_HEAP, command));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            forgers.close();
            throw ex;
        }
        return forgers;
    }

    /** The forger JVMs under way and their command lines (each one's last argument is its --out file). */
    private static final class Forgers implements AutoCloseable
    {
        private final List<List<String>> commands;
        private final List<ChildJvm> children = new ArrayList<>();

        private Forgers(final List<List<String>> commands)
        {
            this.commands = commands;
        }

        /** Waits for both; returns the packets they sent together. Failures are noted, not fatal. */
        long awaitSent(final List<String> failures) throws IOException, InterruptedException
        {
            long sent = 0;
            for (int i = 0; i < children.size(); i++)
            {
                final ChildJvm forger = children.get(i);
                final Path out = Path.of(commands.get(i).getLast());
                if (!forger.waitFor(FORGER_TIMEOUT_S))
                {
                    failures.add("forger " + (i + 1) + " did not finish in " + FORGER_TIMEOUT_S + " s");
                }
                else if (forger.exitValue() != 0 || !Files.exists(out))
                {
                    failures.add("forger " + (i + 1) + " (" + String.join(" ", commands.get(i)) +
                        ") failed with exit " + forger.exitValue() + "; see its stderr above");
                }
                else
                {
                    sent += forgedSent(out);
                }
            }
            return sent;
        }

        @Override
        public void close()
        {
            children.forEach(ChildJvm::close);
        }
    }

    /**
     * The two forge command lines: one from the peer address on the exchange's subnet, one from the exchange's own
     * address on another port. Both wait for {@link #GO_FILE} in {@code dir}. Each one's last argument is its --out
     * file.
     */
    static List<List<String>> forgeArguments(
        final LabHost exchange, final String peerAddress, final Channel channel, final Path dir)
    {
        return List.of(
            List.of("forge", "--channel", channel.toString(), "--kinds", "all", "--from", peerAddress,
                "--go-file", dir.resolve(GO_FILE).toString(),
                "--out", dir.resolve("forged-peer.properties").toString()),
            List.of("forge", "--channel", channel.toString(), "--kinds", "all", "--from", exchange.lineA().address(),
                "--from-port", "40000", "--go-file", dir.resolve(GO_FILE).toString(),
                "--out", dir.resolve("forged-exchange.properties").toString()));
    }

    /** The {@code sent=} line of a forger's --out file. */
    static long forgedSent(final Path file) throws IOException
    {
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file))
        {
            p.load(in);
        }
        final String sent = p.getProperty("sent");
        if (sent == null)
        {
            throw new IOException("no sent= line in " + file);
        }
        return Long.parseLong(sent.strip());
    }

    /**
     * The receiver report's {@code forged} map with {@code sent} first; a new map when the report has none (or
     * something that is not a map).
     */
    static Map<String, Object> mergeForgedSent(final Object forged, final long sent)
    {
        final Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("sent", sent);
        if (forged instanceof Map<?, ?> map)
        {
            map.forEach((k, v) ->
            {
                if (!"sent".equals(k))
                {
                    merged.put(String.valueOf(k), v);
                }
            });
        }
        return merged;
    }

    /** The {@code faults} key: the faults asked, what nftables dropped, what the publisher did, the timeline. */
    static Map<String, Object> faultsFigures(
        final Map<String, Long> dropped, final Map<String, Object> publisher, final List<Object> timeline,
        final List<String> forgeFailures)
    {
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("loss_pct_a", FaultsTimeline.LOSS_PERCENT);
        figures.put("loss_pct_b", FaultsTimeline.LOSS_PERCENT);
        figures.put("outage_ms", FaultsTimeline.OUTAGE_MS);
        figures.put("loss_a", dropped.getOrDefault(FaultInjector.DROPPED_LOSS_A, 0L));
        figures.put("loss_b", dropped.getOrDefault(FaultInjector.DROPPED_LOSS_B, 0L));
        figures.put("outage", dropped.getOrDefault(FaultInjector.DROPPED_OUTAGE, 0L));
        for (final String key : List.of("reordered_packets_a", "reordered_packets_b", "duplicated_packets_a",
            "duplicated_packets_b"))
        {
            figures.put(key, publisher.getOrDefault(key, 0L));
        }
        figures.put("receiver_restarted", true);
        figures.put("timeline", timeline);
        if (!forgeFailures.isEmpty())
        {
            figures.put("forge_failures", forgeFailures);
        }
        return figures;
    }

    private static Map<String, Object> timelineEntry(final FaultsTimeline.Step step, final double atSeconds)
    {
        final Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("action", step.action().name().toLowerCase(Locale.ROOT));
        entry.put("planned_s", step.atSeconds());
        entry.put("at_s", Math.round(atSeconds * 1000) / 1000.0);
        return entry;
    }

    private static void sleepUntil(final long nanoTime) throws InterruptedException
    {
        final long wait = nanoTime - System.nanoTime();
        if (wait > 0)
        {
            Thread.sleep(wait / 1_000_000, (int)(wait % 1_000_000));
        }
    }
}
