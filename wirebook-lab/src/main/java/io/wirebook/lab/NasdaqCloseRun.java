package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wirebook.report.PathResult;
import io.wirebook.sim.PublisherConfig;

/**
 * The {@code nasdaq-close} scenario on one path: a NASDAQ-profile day ({@link CloseDay}) whose warm-up is the day up
 * to its last N seconds, sent at {@link CloseDay#WARMUP_RATE_MSGS} to build the books, and whose measured phase is
 * those N seconds at 1x their own timestamps, so that its last second carries the closing burst. Both phases are
 * encoded before the session and sent with sendmmsg in full-size packets, as a real feed packs its bursts. The
 * path's result gets {@link BurstFigures}'s keys.
 */
public record NasdaqCloseRun(BenchRunner runner, LabHosts hosts, PrintStream log)
{
    static final double SPEED = 1.0;

    PathResult run(final String path, final Path dir) throws IOException, InterruptedException
    {
        final BenchRunner.Plan plan = runner.plan();
        final String hostOnlyReason = hosts.whyNot(path);
        if (hostOnlyReason != null)
        {
            return PathResult.skipped(path, hostOnlyReason);
        }
        BenchRunner.prepare(dir);
        final CloseDay day = plan.closeDay();
        final int seconds = measuredSeconds(plan.durationS());
        log.printf(Locale.ROOT, "%-12s nasdaq-close: %,d messages, %,d in the last second; warm-up %,d at "
            + CloseDay.WARMUP_RATE_MSGS + " msg/s, "
            + "then the last %d s at 1x; receiver starting in %s...%n", path, day.messages(), day.burst(),
            day.warmupMessages(seconds), seconds, hosts.describeHost());
        final long rate = CloseDay.WARMUP_RATE_MSGS;
        try (CpuShield shield = plan.shield() ? CpuShield.raise(BenchRunner.RECEIVER_CPU) : null;
            ChildJvm receiver = runner.startReceiver(path, dir, plan.durationS()))
        {
            final PathResult notReady = runner.unlessReady(path, dir, receiver);
            if (notReady != null)
            {
                return notReady;
            }
            final PublisherRun publisher;
            try (PublisherRun.Running running = PublisherRun.start(hosts, plan, runner.channels(), rate,
                plan.durationS(), dir, log, path, publisherArguments(day, seconds, rate)))
            {
                publisher = running.finish();
            }
            final PathResult result = runner.finish(path, dir, receiver, publisher, rate, shield);
            if (!result.ok())
            {
                return result;
            }
            final long offered = publisher.figures().get("peak_second_msgs") instanceof Number n ? n.longValue() : 0;
            final Map<String, Object> figures = new LinkedHashMap<>(BurstFigures.of(ReceiverReport.seconds(dir),
                offered, day.burst()));
            // Without Start of Market Hours the receiver's windows are not the measured seconds: say so, give none.
            final boolean opened = ReceiverReport.marketOpenSeen(dir);
            figures.put("burst_windows_valid", opened);
            if (!opened)
            {
                figures.put("burst_windows_reason", "the receiver never applied Start of Market Hours: it recovered "
                    + "past it by snapshot, so its one-second windows have no start");
            }
            // What was asked of the publisher is the burst at 1x, not the warm-up's rate.
            figures.put("rate_offered_msgs", day.burst());
            figures.put("publisher_kept_up", offered >= 0.97 * day.burst());
            return result.withExtra(figures);
        }
    }

    /** The measured seconds: the day's last N, a whole number from 1 on. */
    public static int measuredSeconds(final double durationS)
    {
        if (durationS < 1 || durationS != Math.rint(durationS))
        {
            throw new IllegalArgumentException("nasdaq-close measures whole seconds of the day: --duration must be a "
                + "whole number >= 1, got " + durationS);
        }
        return (int)durationS;
    }

    /**
     * The publish options that make the close: the day, its warm-up, the 1x pacing, full-size packets, and the
     * pre-encoded flow and batched sends whatever the warm-up's rate.
     */
    static List<String> publisherArguments(final CloseDay day, final int seconds, final long warmupRate)
    {
        final List<String> args = new ArrayList<>(List.of("--profile", "nasdaq",
            "--messages", Long.toString(day.messages()),
            "--close-burst", Long.toString(day.burst()),
            "--warmup-messages", Long.toString(day.warmupMessages(seconds)),
            "--replay-speed", Double.toString(SPEED),
            "--min-packet-bytes", Integer.toString(PublisherConfig.MAX_UDP_PAYLOAD),
            "--max-packet-bytes", Integer.toString(PublisherConfig.MAX_UDP_PAYLOAD)));
        if (warmupRate < PublisherRun.FAST_SENDER_MIN_RATE_MSGS)
        {
            args.addAll(PublisherRun.FAST_SENDER_ARGS);
        }
        return args;
    }
}
