package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.feed.FeedHandler;
import io.wirebook.feed.PollStalls;
import io.wirebook.rx.Channel;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxPaths;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sim.OrderFlow;
import io.wirebook.sys.Libc;

/**
 * The trading host's side of a lab run, in its own JVM inside the host namespace: opens one receive path, builds
 * the books until every channel has ended its MoldUDP64 session, then writes {@link ReceiverReport#FILE}.
 *
 * <p>It speaks to the runner through one line on stdout: {@code READY} once the path is open (the runner then
 * starts the publisher), or {@code SKIPPED <reason>} when this host cannot run the path.
 */
public final class Receiver
{
    /** How long the receiver waits with no packet at all before it gives up. */
    private static final long IDLE_LIMIT_NANOS = 15_000_000_000L;

    public record Settings(String path, List<Channel> channels, String interfaceName, String interfaceAddress,
        int cpu, Map<String, String> options, Path out, double maxSeconds, int maxStockLocate,
        org.agrona.concurrent.IdleStrategy idleStrategy)
    {
    }

    private final Settings settings;
    private final PrintStream control;

    public Receiver(final Settings settings, final PrintStream control)
    {
        this.settings = settings;
        this.control = control;
    }

    /** @return the process exit code: 0 ok or skipped, 1 failed. */
    public int run() throws IOException, InterruptedException
    {
        final RxPath path;
        final FeedHandler feed;
        try
        {
            path = RxPaths.create(settings.path());
            final FeedHandler.Builder builder = FeedHandler.builder()
                .channels(settings.channels())
                .path(path)
                .interfaceName(settings.interfaceName())
                .interfaceAddress(settings.interfaceAddress())
                .cpu(settings.cpu())
                .maxStockLocate(settings.maxStockLocate())
                .expectedOrders(expectedOrders(settings.maxStockLocate()));
            settings.options().forEach(builder::option);
            if (settings.idleStrategy() != null)
            {
                builder.idleStrategy(settings.idleStrategy());
            }
            if (settings.cpu() >= 0)
            {
                final int cpu = settings.cpu();
                builder.onPollThreadStart(() -> Libc.pinCurrentThread(cpu));
            }
            feed = builder.build();
            feed.start();
        }
        catch (final RxUnavailableException ex)
        {
            ReceiverReport.writeSkipped(settings.out(), settings.path(), "skipped", oneLine(ex.getMessage()));
            control.println("SKIPPED " + oneLine(ex.getMessage()));
            control.flush();
            return 0;
        }
        catch (final RuntimeException ex)
        {
            final String reason = "could not open: " + oneLine(String.valueOf(ex));
            ReceiverReport.writeSkipped(settings.out(), settings.path(), "failed", reason);
            control.println("FAILED " + reason);
            control.flush();
            return 1;
        }

        final CpuClock cpuClock = new CpuClock();
        HostNoise noise = null;
        HostNoise.Sample noiseSample = null;
        PollStalls.Snapshot stallsStart = null;
        PollStalls.Snapshot stalls = null;
        control.println("READY");
        control.flush();

        final long started = System.nanoTime();
        final long deadline = started + (long)(settings.maxSeconds() * 1e9);
        long lastProgress = started;
        long lastPackets = 0;
        long cpuStart = -1;
        long wallStart = 0;
        long cpuEnd = -1;
        long wallEnd = 0;
        while (!feed.allEnded() && feed.isRunning())
        {
            Thread.sleep(5);
            final long now = System.nanoTime();
            if (cpuStart < 0 && anyMarketOpen(feed))
            {
                cpuStart = cpuClock.processCpuNanos();
                wallStart = now;
                noise = HostNoise.start(settings.cpu(), ProcessHandle.current().pid(), pollThreadId());
                stallsStart = feed.pollStalls().snapshot();
            }
            if (cpuStart >= 0 && cpuEnd < 0 && allMarketClosed(feed))
            {
                cpuEnd = cpuClock.processCpuNanos();
                wallEnd = now;
                noiseSample = noise.stop();
                stalls = feed.pollStalls().snapshot().since(stallsStart);
            }
            final long packets = packets(feed);
            if (packets != lastPackets)
            {
                lastPackets = packets;
                lastProgress = now;
            }
            if (now - lastProgress > IDLE_LIMIT_NANOS || now > deadline)
            {
                break;
            }
        }
        if (cpuStart >= 0 && cpuEnd < 0)
        {
            cpuEnd = cpuClock.processCpuNanos();
            wallEnd = System.nanoTime();
            noiseSample = noise.stop();
            stalls = feed.pollStalls().snapshot().since(stallsStart);
        }
        feed.close();
        if (feed.pollFailure() != null)
        {
            final String reason = "poll loop failed: " + oneLine(String.valueOf(feed.pollFailure()));
            ReceiverReport.writeSkipped(settings.out(), settings.path(), "failed", reason);
            control.println("FAILED " + reason);
            return 1;
        }
        final double cpuPct = wallEnd > wallStart ? 100.0 * (cpuEnd - cpuStart) / (wallEnd - wallStart) : 0;
        ReceiverReport.write(settings.out(), settings.path(), feed, cpuPct,
            noise(noiseSample, feed.path().spins() ? stalls : null, wallEnd - wallStart),
            BookDigest.of(feed.books(), settings.maxStockLocate()));
        control.println("DONE");
        return 0;
    }

    /**
     * Sized for the simulator's most live orders per instrument (it never holds more), as a feed handler is sized
     * for its feed's peak: an order index far larger than that spreads the live orders over more memory than the
     * caches and the TLB hold, and every lookup becomes a DRAM access. The index never has to grow mid-run.
     */
    static int expectedOrders(final int maxStockLocate)
    {
        return (int)Math.min(1 << 20, Math.max(1 << 14, (long)maxStockLocate * OrderFlow.MAX_LIVE_ORDERS));
    }

    /**
     * The host's noise and, for a spinning path, the poll thread's own stalls over the same window (null where the
     * loop blocks by design).
     */
    private static Map<String, Object> noise(
        final HostNoise.Sample sample, final PollStalls.Snapshot stalls, final long windowNanos)
    {
        if (sample == null)
        {
            return Map.of();
        }
        final Map<String, Object> noise = new java.util.LinkedHashMap<>(sample.toMap());
        noise.put("poll_stall_threshold_ns", PollStalls.THRESHOLD_NS);
        noise.put("poll_stalls", stalls == null ? null : stalls.stalls());
        noise.put("poll_stalls_over_100us", stalls == null ? null : stalls.longStalls());
        noise.put("poll_stalled_ns", stalls == null ? null : stalls.stalledNanos());
        noise.put("poll_stalled_pct", stalls == null || windowNanos <= 0 ? null :
            Math.round(10_000.0 * stalls.stalledNanos() / windowNanos) / 100.0);
        return noise;
    }

    private static boolean anyMarketOpen(final FeedHandler feed)
    {
        for (int i = 0; i < feed.channelCount(); i++)
        {
            if (feed.channel(i).marketOpen())
            {
                return true;
            }
        }
        return false;
    }

    private static boolean allMarketClosed(final FeedHandler feed)
    {
        for (int i = 0; i < feed.channelCount(); i++)
        {
            if (!feed.channel(i).marketClosed())
            {
                return false;
            }
        }
        return true;
    }

    private static long packets(final FeedHandler feed)
    {
        long total = 0;
        for (int i = 0; i < feed.channelCount(); i++)
        {
            total += feed.channel(i).counters().packetsVolatile();
        }
        return total;
    }

    /** The kernel's id of the poll thread, found by its name, for its context-switch counts. */
    private static long pollThreadId()
    {
        final java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks != null)
        {
            for (final java.io.File task : tasks)
            {
                try
                {
                    final String comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                    if (comm.equals("wirebook-poll"))
                    {
                        return Long.parseLong(task.getName());
                    }
                }
                catch (final IOException | NumberFormatException ignored)
                {
                    // the thread may have gone; keep looking
                }
            }
        }
        return -1;
    }

    static String oneLine(final String text)
    {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ').trim();
    }

    /** The process's CPU time, all threads: what the receiver costs, JIT and GC included. */
    private static final class CpuClock
    {
        private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();

        long processCpuNanos()
        {
            return os.getProcessCpuTime();
        }
    }
}
