package io.wirebook.lab;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import io.wirebook.feed.ChannelStatus;
import io.wirebook.feed.FeedHandler;
import io.wirebook.feed.PollStalls;
import io.wirebook.rx.Channel;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.RxPaths;
import io.wirebook.sim.OrderFlow;
import io.wirebook.stats.SecondWindows;
import io.wirebook.strategy.AskFallStrategy;
import io.wirebook.strategy.OrderSender;
import org.agrona.concurrent.IdleStrategy;

/**
 * The trading host's side of a lab run, in its own JVM inside the host namespace: opens one receive path, builds
 * the books until every channel has ended its MoldUDP64 session, then writes {@link ReceiverReport#FILE}.
 *
 * <p>It speaks to the runner through one line on stdout: {@code READY counters FILE} once the path is open (the
 * runner then starts the publisher; FILE is what {@code wirebook stat} reads), or {@code SKIPPED <reason>} when
 * this host cannot run the path.
 */
public final class Receiver
{
    /** How long the receiver waits with no new packet, once packets came, before it gives up. */
    private static final long IDLE_LIMIT_NANOS = 15_000_000_000L;

    /**
     * How long it waits for the first packet: a publisher that encodes a long flow before its session (a NASDAQ day
     * of millions of messages) is silent for longer than a stalled feed may be.
     */
    private static final long FIRST_PACKET_LIMIT_NANOS = 60_000_000_000L;

    /** The most one-second windows a channel keeps ({@link SecondWindows}): an hour. */
    private static final int MAX_SECOND_WINDOWS = 3_600;

    /** How long after every channel's End of Session the receiver still lets recovery finish. */
    private static final long SETTLE_LIMIT_NANOS = 5_000_000_000L;

    /**
     * What one receiver is asked to do.
     *
     * @param lineB          each channel's line-B group and port, in channel order; empty for one line.
     * @param source         line A's source as {@code ADDRESS[:PORT]}, or null for any.
     * @param requestServer  {@code ADDRESS:BASEPORT} of the request servers (channel c at BASEPORT + c), or null.
     * @param snapshotServer {@code ADDRESS:BASEPORT} of the snapshot servers, or null.
     * @param capture        the pcap file every received packet is captured to, or null for no capture.
     * @param record         the BinaryFILE every applied message is recorded to, or null for no recording.
     */
    public record Settings(String path, List<Channel> channels, String interfaceName, String interfaceAddress,
        int cpu, Map<String, String> options, Path out, double maxSeconds, int maxStockLocate,
        IdleStrategy idleStrategy, List<Channel> lineB, String interfaceB, String addressB,
        String source, String sourceB, String requestServer, String snapshotServer, Path capture, Path record)
    {
        /** No capture, no recording. */
        public Settings(final String path, final List<Channel> channels, final String interfaceName,
            final String interfaceAddress, final int cpu, final Map<String, String> options, final Path out,
            final double maxSeconds, final int maxStockLocate, final IdleStrategy idleStrategy,
            final List<Channel> lineB, final String interfaceB, final String addressB, final String source,
            final String sourceB, final String requestServer, final String snapshotServer)
        {
            this(path, channels, interfaceName, interfaceAddress, cpu, options, out, maxSeconds, maxStockLocate,
                idleStrategy, lineB, interfaceB, addressB, source, sourceB, requestServer, snapshotServer, null, null);
        }

        /** One line, any source, no recovery servers. */
        public Settings(final String path, final List<Channel> channels, final String interfaceName,
            final String interfaceAddress, final int cpu, final Map<String, String> options, final Path out,
            final double maxSeconds, final int maxStockLocate, final IdleStrategy idleStrategy)
        {
            this(path, channels, interfaceName, interfaceAddress, cpu, options, out, maxSeconds, maxStockLocate,
                idleStrategy, List.of(), null, null, null, null, null, null, null, null);
        }
    }

    private final Settings settings;
    private final PrintStream control;
    private final OrderEntry orderEntry;
    private AskFallStrategy strategy;

    public Receiver(final Settings settings, final PrintStream control)
    {
        this(settings, control, null);
    }

    /** A receiver that also trades: {@code orderEntry} names the strategy's route, or null for none. */
    public Receiver(final Settings settings, final PrintStream control, final OrderEntry orderEntry)
    {
        this.settings = settings;
        this.control = control;
        this.orderEntry = orderEntry;
    }

    /** @return the process exit code: 0 ok or skipped, 1 failed. */
    public int run() throws IOException, InterruptedException
    {
        final RxPath path;
        final FeedHandler feed;
        try
        {
            path = RxPaths.create(settings.path());
            feed = builder(path).build();
            feed.start();
        }
        catch (final RxUnavailableException ex)
        {
            ReceiverReport.writeSkipped(settings.out(), settings.path(), "skipped", oneLine(ex.getMessage()));
            control.println("SKIPPED " + oneLine(ex.getMessage()));
            control.flush();
            return 0;
        }
        catch (final IllegalArgumentException ex)
        {
            control.println("FAILED " + oneLine(ex.getMessage()));
            control.flush();
            return 2;
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
        // The runner waits for READY; a person at a terminal learns where `wirebook stat` reads from.
        control.println("READY counters " + feed.counters().file().map(Path::toString).orElse("in memory"));
        control.flush();

        final long started = System.nanoTime();
        final long deadline = started + (long)(settings.maxSeconds() * 1e9);
        long lastProgress = started;
        long lastPackets = 0;
        long cpuStart = -1;
        long wallStart = 0;
        long cpuEnd = -1;
        long wallEnd = 0;
        long endedAt = Long.MIN_VALUE;
        while (feed.isRunning())
        {
            Thread.sleep(5);
            final long now = System.nanoTime();
            if (feed.allEnded())
            {
                // The session is over; a gap at its end may still be filling. Stop once every channel is in sync.
                if (endedAt == Long.MIN_VALUE)
                {
                    endedAt = now;
                }
                if (allSynced(feed) || now - endedAt > SETTLE_LIMIT_NANOS)
                {
                    break;
                }
            }
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
            // Before the first packet a longer limit bounds the wait: the publisher's JVM may take long to start (a
            // loaded host, a flow pre-encoded before its session, an emulated guest receiving).
            if (now - lastProgress > (lastPackets == 0 ? FIRST_PACKET_LIMIT_NANOS : IDLE_LIMIT_NANOS) ||
                now > deadline)
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
        final OrderSender sender = feed.orderSender();
        feed.close();
        if (strategy != null)
        {
            OrderEntry.write(settings.out(), strategy, sender);
        }
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

    /** The feed handler as the settings describe it: lines, sources, recovery servers, CPU, options. */
    FeedHandler.Builder builder(final RxPath path)
    {
        final FeedHandler.Builder builder = FeedHandler.builder()
            .path(path)
            .interfaceName(settings.interfaceName())
            .interfaceAddress(settings.interfaceAddress())
            .cpu(settings.cpu())
            .maxStockLocate(settings.maxStockLocate())
            .expectedOrders(expectedOrders(settings.maxStockLocate()))
            .secondWindows(secondWindows(settings.maxSeconds()));
        if (settings.source() != null)
        {
            final String[] source = addressAndPort(settings.source(), "--source");
            builder.source(source[0], Integer.parseInt(source[1]));
        }
        if (!settings.lineB().isEmpty())
        {
            builder.lineBInterface(settings.interfaceB(), settings.addressB());
            if (settings.sourceB() != null)
            {
                final String[] source = addressAndPort(settings.sourceB(), "--source-b");
                builder.lineBSource(source[0], Integer.parseInt(source[1]));
            }
        }
        final String[] requests = settings.requestServer() == null ? null :
            addressAndPort(settings.requestServer(), "--request-server");
        final String[] snapshots = settings.snapshotServer() == null ? null :
            addressAndPort(settings.snapshotServer(), "--snapshot-server");
        for (int c = 0; c < settings.channels().size(); c++)
        {
            builder.channel(settings.channels().get(c));
            if (!settings.lineB().isEmpty())
            {
                builder.lineB(settings.lineB().get(c));
            }
            if (requests != null)
            {
                builder.requestServer(requests[0], Integer.parseInt(requests[1]) + c);
            }
            if (snapshots != null)
            {
                builder.snapshotServer(snapshots[0], Integer.parseInt(snapshots[1]) + c);
            }
        }
        settings.options().forEach(builder::option);
        if (settings.idleStrategy() != null)
        {
            builder.idleStrategy(settings.idleStrategy());
        }
        if (settings.record() != null)
        {
            builder.record(settings.record());
        }
        if (settings.capture() != null)
        {
            builder.capture(settings.capture());
        }
        if (orderEntry != null)
        {
            strategy = new AskFallStrategy(orderEntry.watchedLocates(), settings.maxStockLocate());
            builder.strategy(strategy, orderEntry.route()).itchListener(strategy.symbolTable());
        }
        return builder;
    }

    /** One window for each second the receiver may run, so a burst scenario finds every second of its run. */
    static int secondWindows(final double maxSeconds)
    {
        return (int)Math.max(1, Math.min(MAX_SECOND_WINDOWS, Math.ceil(maxSeconds)));
    }

    /** Splits {@code ADDRESS:PORT}; the port may be left out ({@code 0}: any). */
    public static String[] addressAndPort(final String text, final String option)
    {
        final int colon = text.lastIndexOf(':');
        final String address = colon < 0 ? text : text.substring(0, colon);
        final String port = colon < 0 ? "0" : text.substring(colon + 1);
        try
        {
            Channel.parseIpv4(address);
            final int p = Integer.parseInt(port);
            if (p < 0 || p > 65535)
            {
                throw new NumberFormatException();
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " must be ADDRESS[:PORT], e.g. 198.18.0.1:12344, got " + text);
        }
        return new String[] {address, port};
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
        final Map<String, Object> noise = new LinkedHashMap<>(sample.toMap());
        noise.put("poll_stall_threshold_ns", PollStalls.THRESHOLD_NS);
        noise.put("poll_stalls", stalls == null ? null : stalls.stalls());
        noise.put("poll_stalls_over_100us", stalls == null ? null : stalls.longStalls());
        noise.put("poll_stalls_over_1ms", stalls == null ? null : stalls.veryLongStalls());
        noise.put("poll_stalled_ns", stalls == null ? null : stalls.stalledNanos());
        noise.put("poll_stalled_pct", stalls == null || windowNanos <= 0 ? null :
            Math.round(10_000.0 * stalls.stalledNanos() / windowNanos) / 100.0);
        return noise;
    }

    private static boolean allSynced(final FeedHandler feed)
    {
        for (int i = 0; i < feed.channelCount(); i++)
        {
            if (feed.channel(i).status() != ChannelStatus.SYNCED)
            {
                return false;
            }
        }
        return true;
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
        final File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks != null)
        {
            for (final File task : tasks)
            {
                try
                {
                    final String comm = Files.readString(task.toPath().resolve("comm")).trim();
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
        private final OperatingSystemMXBean os =
            (OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();

        long processCpuNanos()
        {
            return os.getProcessCpuTime();
        }
    }
}
