package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import io.wirebook.lab.peer.SockperfPeer;
import io.wirebook.lab.peer.TestpmdPeer;
import io.wirebook.report.PathResult;
import io.wirebook.report.PeerResult;

/**
 * The C tools people trust, on the same wire in the same run: sockperf (the kernel UDP path's latency, measured
 * by Mellanox's tool) and dpdk-testpmd in rxonly mode on the same PMD and veth as wirebook's dpdk path: beside a
 * sweep, at each rate the sweep offered the paths; otherwise at the highest load the lab's publisher can send, and
 * wirebook's dpdk path right after it on the same settings.
 */
final class Peers
{
    /** Asked of the publisher so that it sends as fast as it can: the offered load is the lab's ceiling. */
    static final long FLOOD_RATE_MSGS = 20_000_000;
    private static final int SOCKPERF_SECONDS = 3;
    /** How long a flood's publisher may take to encode its flow (up to 20M messages) before it sends. */
    private static final int PRE_ENCODE_ALLOWANCE_S = 30;
    private static final int SOCKPERF_PORT = 11111;
    private static final int SOCKPERF_UNDER_LOAD_MPS = 10_000;

    private Peers()
    {
    }

    /**
     * @param paths the paths' results: a sweep runs testpmd at each rate a path was offered, so that its figures
     *              and the paths' are those of the same offered loads.
     */
    static List<PeerResult> run(
        final BenchRunner runner, final LabHosts hosts, final BenchRunner.Plan plan, final PrintStream log,
        final List<PathResult> paths)
        throws IOException, InterruptedException
    {
        final List<PeerResult> peers = new ArrayList<>();
        peers.add(sockperf(hosts, log, 0));
        // At about the feed's packet rate, so the server sleeps between packets as the socket path does.
        peers.add(sockperf(hosts, log, SOCKPERF_UNDER_LOAD_MPS));
        if (plan.scenario() == Scenario.SWEEP)
        {
            for (final long rate : sweepRates(paths))
            {
                peers.add(testpmdAt(hosts, plan, rate, log));
            }
        }
        else if (plan.paths().contains("dpdk"))
        {
            peers.add(testpmdAgainstDpdk(hosts, plan, log));
        }
        return peers;
    }

    /** Every rate any path's sweep was offered, ascending. */
    static List<Long> sweepRates(final List<PathResult> paths)
    {
        final TreeSet<Long> rates = new TreeSet<>();
        for (final PathResult path : paths)
        {
            if (path.extra().get("sweep_steps") instanceof List<?> steps)
            {
                for (final Object step : steps)
                {
                    if (step instanceof Map<?, ?> m && m.get("rate_msgs") instanceof Number rate)
                    {
                        rates.add(rate.longValue());
                    }
                }
            }
        }
        return new ArrayList<>(rates);
    }

    /**
     * testpmd rxonly on line A while the publisher is offered {@code rate}: what the C tool receives at one of the
     * sweep's offered loads (testpmd_rx_pps), beside what the publisher achieved.
     */
    private static PeerResult testpmdAt(
        final LabHosts hosts, final BenchRunner.Plan twoLinePlan, final long rate, final PrintStream log)
        throws IOException, InterruptedException
    {
        final BenchRunner.Plan plan = twoLinePlan.withLines(1);
        final TestpmdPeer testpmd = testpmd(hosts, plan);
        final String mode = testpmd.mode() + " at " + rate + " msg/s offered";
        final String unavailable = unavailable(hosts);
        if (unavailable != null)
        {
            return new PeerResult(TestpmdPeer.TOOL, mode, PathResult.SKIPPED, unavailable, Map.of());
        }
        final double seconds = Math.min(plan.durationS(), 5);
        log.println("peer         dpdk-testpmd rxonly, publisher offered " + rate + " msg/s for " + seconds + " s");
        final Run run = runWithPublisher(hosts, plan, testpmd, rate, seconds,
            plan.out().resolve("peer-testpmd").resolve("rate-" + rate), log);
        final Map<String, Object> figures = new LinkedHashMap<>(run.result().figures());
        figures.put("offered_msgs", rate);
        if (!"ok".equals(run.result().status()) || run.failure() != null)
        {
            return new PeerResult(TestpmdPeer.TOOL, mode, "ok".equals(run.result().status()) ? PathResult.FAILED :
                run.result().status(), run.failure() != null ? "publisher failed: " + run.failure().getMessage() :
                run.result().reason(), figures);
        }
        figures.put("publisher", run.publisher().figures());
        return new PeerResult(TestpmdPeer.TOOL, mode, PathResult.OK, "", figures);
    }

    private static TestpmdPeer testpmd(final LabHosts hosts, final BenchRunner.Plan plan)
    {
        final String vdev = plan.options().getOrDefault("dpdk.vdev",
            "net_af_xdp0,iface=" + hosts.tradingHost().lineA().interfaceName());
        return new TestpmdPeer(hosts.tradingHost().namespace(), vdev, BenchRunner.RECEIVER_CPU);
    }

    private static String unavailable(final LabHosts hosts)
    {
        return hosts.loopback() ? "needs the lab network (root)" : TestpmdPeer.unavailableReason();
    }

    /** testpmd's result and the publisher's run beside it (or why the publisher failed). */
    private record Run(TestpmdPeer.Result result, PublisherRun publisher, Exception failure)
    {
    }

    /** A testpmd result that saw no traffic at all is a failed measurement, never a figure of 0. */
    private static TestpmdPeer.Result noTrafficFailed(final TestpmdPeer.Result result)
    {
        if ("ok".equals(result.status()) &&
            ((Number)result.figures().getOrDefault("testpmd_rx_pps", 0L)).longValue() == 0)
        {
            return new TestpmdPeer.Result(PathResult.FAILED, "testpmd received no packet in its window",
                result.mode(), result.figures());
        }
        return result;
    }

    /** Runs testpmd while a publisher, started once testpmd forwards, is offered {@code rate} on line A. */
    private static Run runWithPublisher(
        final LabHosts hosts, final BenchRunner.Plan plan, final TestpmdPeer testpmd, final long rate,
        final double seconds, final Path dir, final PrintStream log) throws IOException, InterruptedException
    {
        final BenchRunner runner = new BenchRunner(plan, hosts, log);
        final AtomicReference<Exception> publisherFailure = new AtomicReference<>();
        final AtomicReference<PublisherRun> publisher = new AtomicReference<>();
        final Thread[] sender = new Thread[1];
        // A publisher offered a flood encodes its flow first (PublisherRun's fast sender): testpmd, started first,
        // runs on through that; its figure is the median of the seconds that saw traffic, so the wait does not count.
        final int encoding = rate >= PublisherRun.FAST_SENDER_MIN_RATE_MSGS ? PRE_ENCODE_ALLOWANCE_S : 0;
        final TestpmdPeer.Result result = testpmd.run((int)Math.ceil(plan.warmupS() + seconds) + 1 + encoding, () ->
        {
            sender[0] = new Thread(() ->
            {
                try
                {
                    publisher.set(PublisherRun.run(hosts, plan, runner.channels(), rate, seconds,
                        dir.resolve("publisher"), log, "testpmd"));
                }
                catch (final Exception ex)
                {
                    publisherFailure.set(ex);
                }
            }, "testpmd-publisher");
            sender[0].start();
        });
        if (sender[0] != null)
        {
            sender[0].join();
        }
        return new Run(noTrafficFailed(result), publisher.get(), publisherFailure.get());
    }

    /** sockperf ping-pong ({@code mps} 0) or under-load at {@code mps} messages/s, unicast over the same veth. */
    private static PeerResult sockperf(final LabHosts hosts, final PrintStream log, final int mps)
    {
        log.println("peer         sockperf " + (mps == 0 ? "ping-pong" : "under-load --mps=" + mps) +
            " over the same veth (" + SOCKPERF_SECONDS + " s)");
        final LabHost host = hosts.tradingHost();
        final Map<String, Object> entry = SockperfPeer.run(hosts.exchange().namespace(), host.namespace(),
            host.lineA().address(), SOCKPERF_PORT, SOCKPERF_SECONDS, mps);
        @SuppressWarnings("unchecked")
        final Map<String, Object> figures = (Map<String, Object>)entry.getOrDefault("figures", Map.of());
        return new PeerResult(SockperfPeer.TOOL, String.valueOf(entry.get("mode")), String.valueOf(entry.get("status")),
            String.valueOf(entry.get("reason")), figures);
    }

    /**
     * testpmd rxonly and wirebook's dpdk path, each receiving the same publisher settings at the lab's highest rate
     * on the same PMD, on line A: testpmd_rx_pps, wirebook_rx_pps (with books built) and their ratio.
     */
    private static PeerResult testpmdAgainstDpdk(
        final LabHosts hosts, final BenchRunner.Plan twoLinePlan, final PrintStream log)
        throws IOException, InterruptedException
    {
        // testpmd reads one port: both runs take line A only, so that they count the same packets.
        final BenchRunner.Plan plan = twoLinePlan.withLines(1);
        final BenchRunner runner = new BenchRunner(plan, hosts, log);
        final TestpmdPeer testpmd = testpmd(hosts, plan);
        final String unavailable = unavailable(hosts);
        if (unavailable != null)
        {
            return new PeerResult(TestpmdPeer.TOOL, testpmd.mode(), PathResult.SKIPPED, unavailable, Map.of());
        }
        final double seconds = Math.min(plan.durationS(), 5);
        final Path dir = plan.out().resolve("peer-testpmd");
        log.println("peer         dpdk-testpmd rxonly, publisher flat out for " + seconds + " s");
        final Run run = runWithPublisher(hosts, plan, testpmd, FLOOD_RATE_MSGS, seconds, dir, log);
        final TestpmdPeer.Result result = run.result();
        final Map<String, Object> figures = new LinkedHashMap<>(result.figures());
        if (!"ok".equals(result.status()))
        {
            return new PeerResult(TestpmdPeer.TOOL, testpmd.mode(), result.status(), result.reason(), figures);
        }
        if (run.failure() != null)
        {
            return new PeerResult(TestpmdPeer.TOOL, testpmd.mode(), PathResult.FAILED,
                "publisher failed: " + run.failure().getMessage(), figures);
        }
        figures.put("publisher_testpmd_run", run.publisher().figures());

        log.println("peer         wirebook dpdk path, same publisher settings");
        final PathResult wirebook = runner.runPath("dpdk", FLOOD_RATE_MSGS, seconds, plan.out().resolve("peer-dpdk"));
        if (!wirebook.ok())
        {
            figures.put("wirebook_status", wirebook.status() + ": " + wirebook.reason());
            return new PeerResult(TestpmdPeer.TOOL, testpmd.mode(), PathResult.FAILED,
                "wirebook dpdk path did not run: " + wirebook.reason(), figures);
        }
        final double wirebookPps = wirebook.all().windowSeconds() > 0 ?
            wirebook.all().packets() / wirebook.all().windowSeconds() : 0;
        final double testpmdPps = ((Number)result.figures().getOrDefault("testpmd_rx_pps", 0L)).doubleValue();
        figures.put("wirebook_rx_pps", Math.round(wirebookPps));
        figures.put("wirebook_rx_msgs", Math.round(wirebook.all().throughputMsgs()));
        figures.put("wirebook_drops", wirebook.all().drops());
        figures.put("publisher_wirebook_run", wirebook.extra().get("publisher"));
        figures.put("ratio", testpmdPps > 0 ? Math.round(wirebookPps / testpmdPps * 1000) / 1000.0 : 0);
        figures.put("offered", "publisher asked for " + FLOOD_RATE_MSGS + " msg/s (sends flat out) in both runs");
        return new PeerResult(TestpmdPeer.TOOL, testpmd.mode(), PathResult.OK, "", figures);
    }
}
