package io.wirebook.rx.socket;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.sun.management.ThreadMXBean;
import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.paths.CapturedFrames;
import io.wirebook.rx.paths.PathCounterValues;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Netns;
import io.wirebook.testnet.TestNetwork;
import org.agrona.DirectBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a socket-family receive path over {@link TestNetwork}: the receiver thread enters the host namespace
 * before it opens the path, a sender thread in the exchange namespace sends known datagrams with plain NIO.
 * Payload: seq (8, little endian), send-side host clock taken before the send (8), then bytes derived from seq.
 */
public final class PathExercise
{
    private static final int HEADER = 16;

    private PathExercise()
    {
    }

    public static RxConfig config(final TestNetwork network)
    {
        return config(network, TestNetwork.CHANNELS);
    }

    public static RxConfig config(final TestNetwork network, final List<Channel> channels)
    {
        return new RxConfig(channels, network.hostIf(), Channel.parseIpv4(TestNetwork.HOST_ADDRESS), -1, Map.of());
    }

    /** Opens {@code path} on the receiver's thread, which enters {@code namespace} first and stays in it. */
    static void openOn(final ExecutorService receiver, final String namespace, final RxPath path,
        final RxConfig config) throws Exception
    {
        receiver.submit(() ->
        {
            Netns.enterCurrentThread(namespace);
            path.open(config);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    static int lengthOf(final long seq)
    {
        return HEADER + (int)(seq % 200);
    }

    static byte fill(final long seq, final int index)
    {
        return (byte)(seq * 31 + index);
    }

    /** Sends {@code count} datagrams to channel seq % channels, or forever (until stopped) when count is negative. */
    static final class Sender implements Runnable
    {
        private final TestNetwork network;
        private final List<Channel> channels;
        private final long count;
        private final long pacingNanos;
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile long sent;

        Sender(final TestNetwork network, final List<Channel> channels, final long count, final long pacingNanos)
        {
            this.network = network;
            this.channels = channels;
            this.count = count;
            this.pacingNanos = pacingNanos;
        }

        @Override
        public void run()
        {
            Netns.enterCurrentThread(network.exchangeNs());
            try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
            {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF,
                    NetworkInterface.getByName(network.exchangeIf()));
                final InetSocketAddress[] targets = channels.stream()
                    .map(c -> new InetSocketAddress(c.groupAddress(), c.port())).toArray(InetSocketAddress[]::new);
                final ByteBuffer buffer = ByteBuffer.allocateDirect(2048).order(ByteOrder.LITTLE_ENDIAN);
                for (long seq = 0; (count < 0 || seq < count) && !stop.get(); seq++)
                {
                    datagram(buffer, seq);
                    channel.send(buffer, targets[(int)(seq % targets.length)]);
                    sent = seq + 1;
                    if (pacingNanos > 0)
                    {
                        LockSupport.parkNanos(pacingNanos);
                    }
                }
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        void stop()
        {
            stop.set(true);
        }

        long sent()
        {
            return sent;
        }
    }

    /** Fills {@code buffer} with datagram {@code seq}, stamped with the send-side clock, ready to send. */
    static void datagram(final ByteBuffer buffer, final long seq)
    {
        final int length = lengthOf(seq);
        buffer.clear();
        buffer.putLong(seq);
        buffer.putLong(0);
        for (int i = HEADER; i < length; i++)
        {
            buffer.put(fill(seq, i));
        }
        buffer.putLong(8, HostClock.nanos());
        buffer.flip();
    }

    /** Records what each seq looked like on arrival; allocation-free. */
    static final class Recorder implements DatagramHandler
    {
        final int count;
        final int[] seen;
        final int[] channel;
        final long[] sendNanos;
        final long[] arrivalNanos;
        final long[] pollReturnNanos;
        final boolean[] bytesEqual;
        final int[] pending;
        int pendingCount;
        int distinct;
        long foreign;

        Recorder(final int count)
        {
            this.count = count;
            seen = new int[count];
            channel = new int[count];
            sendNanos = new long[count];
            arrivalNanos = new long[count];
            pollReturnNanos = new long[count];
            bytesEqual = new boolean[count];
            pending = new int[count];
        }

        @Override
        public void onDatagram(
            final int channelIndex, final DirectBuffer buffer, final int offset, final int length,
            final long arrival)
        {
            final long seq = length >= HEADER ? buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN) : -1;
            if (seq < 0 || seq >= count)
            {
                foreign++;
                return;
            }
            final int s = (int)seq;
            if (seen[s]++ == 0)
            {
                distinct++;
            }
            channel[s] = channelIndex;
            sendNanos[s] = buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            arrivalNanos[s] = arrival;
            boolean equal = length == lengthOf(seq);
            for (int i = HEADER; equal && i < length; i++)
            {
                equal = buffer.getByte(offset + i) == fill(seq, i);
            }
            bytesEqual[s] = equal;
            pending[pendingCount++] = s;
        }

        void pollReturned(final long nanos)
        {
            for (int i = 0; i < pendingCount; i++)
            {
                pollReturnNanos[pending[i]] = nanos;
            }
            pendingCount = 0;
        }
    }

    /**
     * Sends {@code count} paced datagrams over the four channels and checks each arrives once, on its channel,
     * with its bytes, stamped between its send and the return of the poll that delivered it.
     *
     * @return the median arrival-stamp → poll-return latency in nanoseconds.
     */
    public static long checkDeliversEveryDatagramOnce(
        final Supplier<RxPath> factory, final TestNetwork network, final int count) throws Exception
    {
        return checkDeliversEveryDatagramOnce(factory, network, TestNetwork.CHANNELS, count);
    }

    public static long checkDeliversEveryDatagramOnce(
        final Supplier<RxPath> factory, final TestNetwork network, final List<Channel> channels, final int count)
        throws Exception
    {
        final ExecutorService receiver = Executors.newSingleThreadExecutor();
        final ExecutorService sending = Executors.newSingleThreadExecutor();
        final RxPath path = factory.get();
        final RxConfig config = config(network, channels);
        try
        {
            openOn(receiver, network.hostNs(), path, config);
            assertThat(path.hasArrivalStamp()).as("SO_TIMESTAMPING accepted").isTrue();

            final Recorder recorder = new Recorder(count);
            final Future<?> sent = sending.submit(new Sender(network, channels, count, 50_000));
            receiver.submit(() ->
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (recorder.distinct < count && System.nanoTime() < deadline)
                {
                    path.poll(recorder);
                    recorder.pollReturned(HostClock.nanos());
                }
                // Anything still queued would be a duplicate: drain briefly.
                final long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
                while (System.nanoTime() < drainEnd)
                {
                    path.poll(recorder);
                    recorder.pollReturned(HostClock.nanos());
                }
                return null;
            }).get(60, TimeUnit.SECONDS);
            sent.get(10, TimeUnit.SECONDS);
            final Map<String, Long> counters = receiver.submit(() -> PathCounterValues.refreshed(path, config)).get();

            assertThat(recorder.foreign).as("datagrams that were not ours").isZero();
            final long[] latency = new long[count];
            for (int s = 0; s < count; s++)
            {
                assertThat(recorder.seen[s]).as("times seq %d arrived", s).isEqualTo(1);
                assertThat(recorder.channel[s]).as("channel of seq %d", s).isEqualTo(s % channels.size());
                assertThat(recorder.bytesEqual[s]).as("bytes of seq %d", s).isTrue();
                assertThat(recorder.arrivalNanos[s]).as("arrival stamp of seq %d", s)
                    .isNotEqualTo(HostClock.NO_STAMP)
                    .isGreaterThanOrEqualTo(recorder.sendNanos[s])
                    .isLessThanOrEqualTo(recorder.pollReturnNanos[s]);
                latency[s] = recorder.pollReturnNanos[s] - recorder.arrivalNanos[s];
            }
            assertThat(counters).containsEntry("datagrams", (long)count).containsEntry("no_stamp", 0L)
                .containsEntry("truncated", 0L).containsEntry("unknown_destination", 0L);
            Arrays.sort(latency);
            final long median = latency[count / 2];
            System.out.printf("%s on %s: %d datagrams, arrival->poll-return p50 %d ns, p90 %d ns, p99 %d ns; " +
                "counters %s%n",
                path.name(), channels, count, median, latency[count * 9 / 10], latency[count * 99 / 100], counters);
            return median;
        }
        finally
        {
            receiver.submit(path::close).get(10, TimeUnit.SECONDS);
            sending.shutdownNow();
            receiver.shutdownNow();
        }
    }

    /** With traffic flowing, {@code polls} polls after warm-up allocate (close to) nothing on the poll thread. */
    public static long allocatedBytesOverPolls(
        final Supplier<RxPath> factory, final TestNetwork network, final int polls) throws Exception
    {
        final ExecutorService receiver = Executors.newSingleThreadExecutor();
        final ExecutorService sending = Executors.newSingleThreadExecutor();
        final RxPath path = factory.get();
        final RxConfig config = config(network);
        final Sender sender = new Sender(network, TestNetwork.CHANNELS, -1, 0);
        try
        {
            openOn(receiver, network.hostNs(), path, config);
            final Future<?> sent = sending.submit(sender);
            final long started = System.nanoTime();
            while (sender.sent() == 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10))
            {
                Thread.onSpinWait();
            }
            final long[] result = receiver.submit(() ->
            {
                final ThreadMXBean threads =
                    (ThreadMXBean)ManagementFactory.getThreadMXBean();
                final long[] sum = new long[1];
                final DatagramHandler handler = (channel, buffer, offset, length, arrival) ->
                    sum[0] += length + buffer.getByte(offset) + (arrival & 1);
                // Warm up the very method that is measured, so that the measured call runs compiled code rather
                // than crossing from the interpreter mid-loop (OSR), which has allocated a few hundred bytes.
                for (int round = 0; round < 10; round++)
                {
                    pollMany(path, handler, polls / 5);
                }
                // A batching path's full-batch branch runs only when polls fall behind: its first run recompiles the
                // poll (a deoptimization rematerializes objects the compiler had kept off the heap). Warm it too.
                for (int round = 0;
                    round < 50 && PathCounterValues.of(config).getOrDefault("full_batches", 1L) == 0; round++)
                {
                    pollMany(path, handler, polls / 5);
                }
                // The first calls of the MXBean allocate themselves; the interval is measured with warm ones.
                for (int i = 0; i < 3; i++)
                {
                    threads.getCurrentThreadAllocatedBytes();
                }
                // The least of three intervals: the JIT may still recompile once mid-interval (a deoptimization
                // rematerializes a few hundred bytes, seen once in a whole-suite run), whereas a poll that allocates
                // allocates in every interval, megabytes over this many polls.
                long least = Long.MAX_VALUE;
                long delivered = 0;
                for (int interval = 0; interval < 3 && least != 0; interval++)
                {
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    delivered += pollMany(path, handler, polls);
                    final long after = threads.getCurrentThreadAllocatedBytes();
                    least = Math.min(least, after - before);
                }
                return new long[] {least, delivered, sum[0]};
            }).get(120, TimeUnit.SECONDS);
            sender.stop();
            sent.get(10, TimeUnit.SECONDS);
            System.out.printf("%s: %d polls delivered %d datagrams, allocated %d bytes on the poll thread; %s%n",
                path.name(), polls, result[1], result[0],
                receiver.submit(() -> PathCounterValues.refreshed(path, config)).get());
            assertThat(result[1]).as("datagrams delivered during the measured polls").isPositive();
            return result[0];
        }
        finally
        {
            sender.stop();
            receiver.submit(path::close).get(10, TimeUnit.SECONDS);
            sending.shutdownNow();
            receiver.shutdownNow();
        }
    }

    /**
     * Sends a unicast datagram to the host's address and port 12345, then datagram seq 0 to channel 0: only the
     * second may reach the handler; the first is counted as unknown_destination.
     */
    public static void checkUnicastIsCountedNotDelivered(final Supplier<RxPath> factory, final TestNetwork network)
        throws Exception
    {
        final ExecutorService receiver = Executors.newSingleThreadExecutor();
        final ExecutorService sending = Executors.newSingleThreadExecutor();
        final RxPath path = factory.get();
        final RxConfig config = config(network);
        try
        {
            openOn(receiver, network.hostNs(), path, config);
            sending.submit(() ->
            {
                Netns.enterCurrentThread(network.exchangeNs());
                try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
                {
                    final ByteBuffer unicast = ByteBuffer.allocate(lengthOf(0)).order(ByteOrder.LITTLE_ENDIAN);
                    unicast.putLong(0, 0L);
                    channel.send(unicast, new InetSocketAddress(
                        TestNetwork.HOST_ADDRESS, TestNetwork.PORT));
                }
                return null;
            }).get(10, TimeUnit.SECONDS);
            final Sender sender = new Sender(network, TestNetwork.CHANNELS, 1, 0);
            sending.submit(sender).get(10, TimeUnit.SECONDS);
            final Recorder recorder = new Recorder(1);
            final Map<String, Long> counters = receiver.submit(() ->
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (recorder.distinct < 1 && System.nanoTime() < deadline)
                {
                    path.poll(recorder);
                }
                return PathCounterValues.refreshed(path, config);
            }).get(10, TimeUnit.SECONDS);

            assertThat(recorder.seen[0]).isEqualTo(1);
            assertThat(recorder.channel[0]).isZero();
            assertThat(recorder.foreign).isZero();
            assertThat(counters).containsEntry("unknown_destination", 1L).containsEntry("datagrams", 1L);
        }
        finally
        {
            receiver.submit(path::close).get(10, TimeUnit.SECONDS);
            sending.shutdownNow();
            receiver.shutdownNow();
        }
    }

    /**
     * Channel 0 on two lines of {@code network}: line A's flow (index 0) on the host's line A veth and line B's
     * (index 1, group 239.1.2.1, same port) on its line B veth, each only from the exchange's address on that line
     * and {@link TestNetwork#SOURCE_PORT}.
     */
    public static RxConfig twoLines(final TestNetwork network, final Map<String, String> options)
    {
        return new RxConfig(List.of(
            new Flow(0, Flow.LINE_A, TestNetwork.CHANNELS.get(0), Channel.parseIpv4(TestNetwork.EXCHANGE_ADDRESS),
                TestNetwork.SOURCE_PORT, network.hostIf(), Channel.parseIpv4(TestNetwork.HOST_ADDRESS)),
            new Flow(0, Flow.LINE_B, TestNetwork.LINE_B_CHANNEL, Channel.parseIpv4(TestNetwork.EXCHANGE_ADDRESS_B),
                TestNetwork.SOURCE_PORT, network.hostIfB(), Channel.parseIpv4(TestNetwork.HOST_ADDRESS_B))),
            -1, options);
    }

    /**
     * Over {@link #twoLines}: sends to line A's group and port a datagram from {@link TestNetwork#FORGER_ADDRESS}
     * (seq 2) and one from the exchange's address but another port (seq 3), then the real one on line A (seq 0)
     * and the real one on line B (seq 1). Checks that only the real ones reach the handler, each with its own
     * flow, and that the forged are counted by reason; with {@code socket.ssm=true} the kernel's source filter
     * drops the one from the wrong address before the path sees it, so it is not counted.
     *
     * @return the path's counters after the run.
     */
    public static Map<String, Long> checkTwoLinesAndSources(
        final Supplier<RxPath> factory, final TestNetwork network, final Map<String, String> options)
        throws Exception
    {
        return checkTwoLinesAndSources(factory, network, options, null);
    }

    /**
     * {@link #checkTwoLinesAndSources} with a capture: the file must hold all four datagrams as received, in the
     * order sent, the refused ones too, under headers that name their real source, group and ports, each stamped
     * with the kernel's receive stamp (between send and close).
     */
    public static void checkCapturesEveryDatagramAsReceived(final Supplier<RxPath> factory, final TestNetwork network)
        throws Exception
    {
        final Path file = Files.createTempFile("socket-capture", ".pcap");
        try
        {
            final long started = HostClock.nanos();
            final PacketCapture capture = PacketCapture.open(file);
            try
            {
                checkTwoLinesAndSources(factory, network, Map.of(), capture);
            }
            finally
            {
                capture.close();
            }
            final long closed = HostClock.nanos();
            assertThat(capture.capturedPackets()).isEqualTo(4);
            assertThat(capture.droppedPackets()).isZero();
            final List<CapturedFrames.Frame> frames = CapturedFrames.read(file).frames();
            // Line A's three in the order sent (one interface, one queue); line B's came by another interface.
            assertThat(frames).extracting(CapturedFrames.Frame::payloadLong).as("sequence numbers")
                .containsExactlyInAnyOrder(2L, 3L, 0L, 1L).filteredOn(seq -> seq != 1L).containsExactly(2L, 3L, 0L);
            final CapturedFrames.Frame[] bySeq = new CapturedFrames.Frame[4];
            frames.forEach(frame -> bySeq[(int)frame.payloadLong()] = frame);
            final int exchange = Channel.parseIpv4(TestNetwork.EXCHANGE_ADDRESS);
            final int lineA = TestNetwork.CHANNELS.get(0).group();
            assertThat(bySeq[2].source()).as("the forger's address").isEqualTo(
                Channel.parseIpv4(TestNetwork.FORGER_ADDRESS));
            assertThat(bySeq[3].sourcePort()).as("the wrong port").isEqualTo(TestNetwork.SOURCE_PORT - 1);
            assertThat(bySeq[0].source()).isEqualTo(exchange);
            assertThat(bySeq[0].sourcePort()).isEqualTo(TestNetwork.SOURCE_PORT);
            assertThat(bySeq[1].source()).isEqualTo(Channel.parseIpv4(TestNetwork.EXCHANGE_ADDRESS_B));
            assertThat(new int[] {bySeq[2].destination(), bySeq[3].destination(), bySeq[0].destination(),
                bySeq[1].destination()}).containsExactly(lineA, lineA, lineA, TestNetwork.LINE_B_CHANNEL.group());
            for (final CapturedFrames.Frame frame : frames)
            {
                assertThat(frame.destinationPort()).isEqualTo(TestNetwork.PORT);
                assertThat(frame.payloadLength()).isEqualTo(lengthOf(frame.payloadLong()));
                assertThat(frame.bytes()).hasSize(14 + 20 + 8 + frame.payloadLength());
                assertThat(frame.epochNanos() - capture.epochOffsetNanos()).as("the kernel's stamp, host clock")
                    .isBetween(started, closed);
            }
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    private static Map<String, Long> checkTwoLinesAndSources(
        final Supplier<RxPath> factory, final TestNetwork network, final Map<String, String> options,
        final PacketCapture capture) throws Exception
    {
        final boolean kernelFiltersSource = Boolean.parseBoolean(options.getOrDefault("socket.ssm", "false"));
        final ExecutorService receiver = Executors.newSingleThreadExecutor();
        final ExecutorService sending = Executors.newSingleThreadExecutor();
        final RxPath path = factory.get();
        final RxConfig config = twoLines(network, options).withCapture(capture);
        try
        {
            openOn(receiver, network.hostNs(), path, config);
            sending.submit(() ->
            {
                Netns.enterCurrentThread(network.exchangeNs());
                final Channel lineA = TestNetwork.CHANNELS.get(0);
                sendFrom(TestNetwork.FORGER_ADDRESS, TestNetwork.SOURCE_PORT, network.exchangeIf(), lineA, 2);
                sendFrom(TestNetwork.EXCHANGE_ADDRESS, TestNetwork.SOURCE_PORT - 1, network.exchangeIf(), lineA, 3);
                sendFrom(TestNetwork.EXCHANGE_ADDRESS, TestNetwork.SOURCE_PORT, network.exchangeIf(), lineA, 0);
                sendFrom(TestNetwork.EXCHANGE_ADDRESS_B, TestNetwork.SOURCE_PORT, network.exchangeIfB(),
                    TestNetwork.LINE_B_CHANNEL, 1);
                return null;
            }).get(10, TimeUnit.SECONDS);
            final Recorder recorder = new Recorder(4);
            final Map<String, Long> counters = receiver.submit(() ->
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while ((recorder.seen[0] == 0 || recorder.seen[1] == 0) && System.nanoTime() < deadline)
                {
                    path.poll(recorder);
                }
                final long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
                while (System.nanoTime() < drainEnd)
                {
                    path.poll(recorder);
                }
                return PathCounterValues.refreshed(path, config);
            }).get(20, TimeUnit.SECONDS);

            System.out.printf("%s over two lines %s: %s%n", path.name(), options, counters);
            assertThat(recorder.seen[0]).as("times line A's datagram arrived").isEqualTo(1);
            assertThat(recorder.channel[0]).as("flow of line A's datagram").isEqualTo(0);
            assertThat(recorder.bytesEqual[0]).as("bytes of line A's datagram").isTrue();
            assertThat(recorder.seen[1]).as("times line B's datagram arrived").isEqualTo(1);
            assertThat(recorder.channel[1]).as("flow of line B's datagram").isEqualTo(1);
            assertThat(recorder.bytesEqual[1]).as("bytes of line B's datagram").isTrue();
            assertThat(recorder.seen[2]).as("times the datagram from a wrong address arrived").isZero();
            assertThat(recorder.seen[3]).as("times the datagram from a wrong port arrived").isZero();
            assertThat(recorder.foreign).as("datagrams that were not ours").isZero();
            assertThat(counters)
                .containsEntry("rejected.wrong_source", kernelFiltersSource ? 0L : 1L)
                .containsEntry("rejected.wrong_source_port", 1L);
            return counters;
        }
        finally
        {
            receiver.submit(path::close).get(10, TimeUnit.SECONDS);
            sending.shutdownNow();
            receiver.shutdownNow();
        }
    }

    /** Sends datagram {@code seq} to {@code target} from {@code address}:{@code port} out of {@code interfaceName}. */
    static void sendFrom(
        final String address, final int port, final String interfaceName, final Channel target, final long seq)
        throws Exception
    {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName(interfaceName));
            channel.bind(new InetSocketAddress(address, port));
            final ByteBuffer buffer = ByteBuffer.allocateDirect(2048).order(ByteOrder.LITTLE_ENDIAN);
            datagram(buffer, seq);
            channel.send(buffer, new InetSocketAddress(target.groupAddress(), target.port()));
        }
    }

    private static long pollMany(final RxPath path, final DatagramHandler handler, final int polls)
    {
        long delivered = 0;
        for (int i = 0; i < polls; i++)
        {
            delivered += path.poll(handler);
        }
        return delivered;
    }

    /** Opens the path and times one poll with no traffic: returns {poll result, elapsed nanos}. */
    public static long[] idlePoll(final Supplier<RxPath> factory, final TestNetwork network) throws Exception
    {
        return idlePoll(factory, network, TestNetwork.CHANNELS);
    }

    public static long[] idlePoll(
        final Supplier<RxPath> factory, final TestNetwork network, final List<Channel> channels) throws Exception
    {
        final ExecutorService receiver = Executors.newSingleThreadExecutor();
        final RxPath path = factory.get();
        try
        {
            return receiver.submit(() ->
            {
                Netns.enterCurrentThread(network.hostNs());
                path.open(config(network, channels));
                final long start = System.nanoTime();
                final int result = path.poll((channel, buffer, offset, length, arrival) -> { });
                return new long[] {result, System.nanoTime() - start};
            }).get(10, TimeUnit.SECONDS);
        }
        finally
        {
            receiver.submit(path::close).get(10, TimeUnit.SECONDS);
            receiver.shutdownNow();
        }
    }
}
