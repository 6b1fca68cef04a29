package io.wirebook.rx.uring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.management.ThreadMXBean;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.PathCounterValues;
import io.wirebook.rx.socket.PathExercise;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Libc;
import io.wirebook.sys.Netns;
import io.wirebook.sys.Privileges;
import io.wirebook.testnet.TestNetwork;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sends real multicast across the veth pairs of this class's own {@link TestNetwork} (tag {@code turing}: its
 * exchange sends, its host receives) and checks what the io-uring path hands over. Skipped unless root with io_uring.
 */
class IoUringRxPathNetnsTest
{
    private static final String NETWORK_PREFIX = "turing";
    private static final int HOST_ADDRESS = Channel.parseIpv4(TestNetwork.HOST_ADDRESS);
    private static final List<Channel> CHANNELS =
        List.of(Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12345));
    private static final int HEADER = 16;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private static TestNetwork network;

    @BeforeAll
    static void createNetwork()
    {
        assumeTrue(Privileges.isRoot(), "needs root for network namespaces");
        assumeTrue(ioUringAvailable(), "io_uring is not available on this host");
        network = TestNetwork.create(NETWORK_PREFIX);
    }

    @AfterAll
    static void deleteNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"defer", "coop", "ipi"})
    void deliversEveryDatagramOnceOnItsChannel(final String taskRun) throws Exception
    {
        final Map<String, Long> counters = checkBurst(Map.of("uring.taskrun", taskRun), 3000);

        assertRunsTaskRunMode(counters, taskRun);
    }

    @Test
    void defaultsToDeferTaskRun() throws Exception
    {
        final Map<String, Long> counters = checkBurst(Map.of(), 300);

        assertRunsTaskRunMode(counters, IoUringOptions.TASK_RUN.defaultText());
        assertThat(counters).containsKeys("rearms", "enobufs", "cqe_errors", "sq_dropped", "cq_overflow")
            .containsEntry("sq_dropped", 0L).containsEntry("cq_overflow", 0L);
    }

    /** This host's kernel (6.1+) takes every mode's flags, so none may have fallen back. */
    private static void assertRunsTaskRunMode(final Map<String, Long> counters, final String taskRun)
    {
        assertThat(counters.get("taskrun_fallback")).isZero();
        assertThat(counters.get("taskrun_mode")).isEqualTo(TaskRunMode.parse(taskRun).code());
        if (taskRun.equals("defer"))
        {
            // Deferred completions are only posted by an enter with GETEVENTS.
            assertThat(counters.get("taskrun_enters")).isPositive();
        }
        if (taskRun.equals("ipi"))
        {
            assertThat(counters.get("taskrun_enters")).isZero();
        }
    }

    @Test
    void deliversEveryDatagramOnceOnItsChannelWithSqPoll() throws Exception
    {
        checkBurst(Map.of("uring.sqpoll", "true"), 3000);
    }

    /**
     * Buffers for a sixteenth of what is queued before the first poll: the multishot request must run out of
     * buffers (-ENOBUFS), stop, and be re-armed, and still lose nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"defer", "coop", "ipi"})
    void rearmsAfterRunningOutOfBuffers(final String taskRun) throws Exception
    {
        final Map<String, Long> counters = checkBurst(Map.of("uring.buffers", "16", "uring.taskrun", taskRun), 256);

        assertThat(counters.get("enobufs")).isPositive();
        assertThat(counters.get("rearms")).isGreaterThanOrEqualTo(counters.get("enobufs"));
        assertThat(counters.get("cqe_errors")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"defer", "coop", "ipi"})
    void pollAllocatesNothingOnceWarm(final String taskRun) throws Exception
    {
        final long[] allocated = new long[1];
        final PingPong pingPong = new PingPong(4000);
        runPair(Map.of("uring.taskrun", taskRun), pingPong, pingPong::send, (path, config) ->
        {
            final ThreadMXBean threads =
                (ThreadMXBean)ManagementFactory.getThreadMXBean();
            pollUntil(path, config, pingPong, 2000);
            final long before = threads.getCurrentThreadAllocatedBytes();
            pollUntil(path, config, pingPong, 4000);
            allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
        });

        assertThat(pingPong.received.get()).isEqualTo(4000);
        System.out.printf("io-uring " + taskRun + ": %d bytes allocated by the poll thread over 2000 datagrams " +
            "after warm-up%n",
            allocated[0]);
        assertThat(allocated[0]).isLessThan(1024);
    }

    /**
     * Not a benchmark: prints the median one-way send-to-poll latency of paced datagrams, for the report. The
     * SQPOLL variants (the last pins the SQ thread to CPU 0 and the poll thread to CPU 1) take seconds on a busy
     * two-core box, so they run only with -During.latency.sqpoll=true.
     */
    @Test
    void reportsSendToPollLatency() throws Exception
    {
        final int warmUp = 500;
        final int measured = 1000;
        final boolean twoCpus = Runtime.getRuntime().availableProcessors() >= 2;
        final List<Map<String, String>> variants = new ArrayList<>(List.of(
            Map.of("uring.taskrun", "defer"), Map.of("uring.taskrun", "coop"), Map.of("uring.taskrun", "ipi")));
        if (Boolean.getBoolean("uring.latency.sqpoll"))
        {
            variants.add(Map.of("uring.sqpoll", "true"));
            if (twoCpus)
            {
                variants.add(Map.of("uring.sqpoll", "true", "uring.sqpoll.cpu", "0"));
            }
        }
        for (final Map<String, String> options : variants)
        {
            final PingPong pingPong = new PingPong(warmUp + measured);
            final boolean[] stamped = new boolean[1];
            runPair(options, pingPong, pingPong::send, (path, config) ->
            {
                if (options.containsKey("uring.sqpoll.cpu"))
                {
                    Libc.pinCurrentThread(1);
                }
                stamped[0] = path.hasArrivalStamp();
                pollUntil(path, config, pingPong, warmUp + measured);
            });
            assertThat(pingPong.received.get()).isEqualTo(warmUp + measured);
            final long[] sendToPoll = Arrays.copyOfRange(pingPong.sendToPoll, warmUp, warmUp + measured);
            final long[] arrivalToPoll = Arrays.copyOfRange(pingPong.arrivalToPoll, warmUp, warmUp + measured);
            Arrays.sort(sendToPoll);
            Arrays.sort(arrivalToPoll);
            System.out.printf("io-uring %s: send->poll p50 %d ns p99 %d ns; kernel stamp->poll p50 %s ns "
                    + "(%d paced datagrams after %d warm-up, veth between namespaces, %d shared cores)%n",
                options, sendToPoll[measured / 2], sendToPoll[measured * 99 / 100],
                stamped[0] ? Long.toString(arrivalToPoll[measured / 2]) : "n/a", measured, warmUp,
                Runtime.getRuntime().availableProcessors());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"defer", "coop", "ipi"})
    void takesTwoLinesAndRejectsWrongSources(final String taskRun) throws Exception
    {
        PathExercise.checkTwoLinesAndSources(IoUringRxPath::new, network, Map.of("uring.taskrun", taskRun));
    }

    /**
     * Completions the kernel never posts: a buffer id beyond the ring, a length beyond the buffer, and a buffer
     * whose io_uring_recvmsg_out says it holds less payload than was copied (a fresh buffer's header is all
     * zeros). Each is counted and skipped, and nothing reaches the handler. (The ring is closed right after: the
     * buffers given back here were never taken, so it now holds some twice.)
     */
    @Test
    void bogusCompletionsAreCountedAndSkipped() throws Exception
    {
        final BurstCheck check = new BurstCheck(1);
        final Map<String, Long> counters = runPair(Map.of(), check, channel -> { }, (path, config) ->
        {
            final int buffers = 256;
            final int bufferSize = 2048;
            final int more = IoUringAbi.IORING_CQE_F_MORE | IoUringAbi.IORING_CQE_F_BUFFER;
            final int headerNameAndControl = RecvMsgOut.HEADER_LENGTH + IoUringRxPath.NAME_CAPACITY
                + IoUringRxPath.CONTROL_CAPACITY_STAMPED;
            assertThat(path.complete(0, 64, more | buffers << IoUringAbi.IORING_CQE_BUFFER_SHIFT, check)).isZero();
            assertThat(path.complete(0, 0xFFFF, more | 0xFFFF << IoUringAbi.IORING_CQE_BUFFER_SHIFT, check))
                .isZero();
            assertThat(path.complete(0, bufferSize + 1, more | 1 << IoUringAbi.IORING_CQE_BUFFER_SHIFT, check))
                .isZero();
            assertThat(path.complete(0, headerNameAndControl + 10, more | 2 << IoUringAbi.IORING_CQE_BUFFER_SHIFT,
                check)).isZero();
        });

        assertThat(check.received).isZero();
        assertThat(counters).containsEntry(IoUringRxPath.BAD_DESCRIPTOR, 4L).containsEntry("rearms", 0L);
    }

    /** In defer mode the ring belongs to the thread that opened it; polling from another must say so. */
    @Test
    void deferRefusesAPollFromAnotherThread() throws Exception
    {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        runPair(Map.of("uring.taskrun", "defer"), new BurstCheck(1), channel -> sendBurst(channel, 1), (path, config) ->
        {
            final Thread other = new Thread(() ->
            {
                try
                {
                    path.poll((c, b, o, l, t) -> { });
                }
                catch (final Throwable t)
                {
                    thrown.set(t);
                }
            });
            other.start();
            other.join();
        });

        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("fix:");
    }

    /** Polls until {@code count} have arrived, or nothing has for {@link #DEADLINE_NANOS}. */
    private static void pollUntil(
        final IoUringRxPath path, final RxConfig config, final PingPong pingPong, final int count)
    {
        long progressAt = System.nanoTime();
        long last = pingPong.received.get();
        while (last < count)
        {
            path.poll(pingPong);
            final long received = pingPong.received.get();
            if (received != last)
            {
                last = received;
                progressAt = System.nanoTime();
            }
            else if (System.nanoTime() - progressAt > DEADLINE_NANOS)
            {
                throw new IllegalStateException("stalled at " + last + ": " + path.describeRing() + " "
                    + PathCounterValues.of(config));
            }
        }
    }

    private Map<String, Long> checkBurst(final Map<String, String> options, final int count) throws Exception
    {
        final BurstCheck check = new BurstCheck(count);
        final Map<String, Long> counters = runPair(options, check, channel -> sendBurst(channel, count),
            (path, config) ->
        {
            assertThat(path.hasArrivalStamp()).isTrue();
            final long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (check.received < count && System.nanoTime() < deadline)
            {
                path.poll(check);
            }
            // Anything beyond the expected count would be a duplicate; give it a moment to show up.
            final long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (System.nanoTime() < settle)
            {
                path.poll(check);
            }
        });

        System.out.println("io-uring " + options + " burst of " + count + ": " + counters);
        assertThat(check.errors).isEmpty();
        for (int seq = 0; seq < count; seq++)
        {
            assertThat(check.seen[seq]).as("datagram %d", seq).isEqualTo(1);
        }
        assertThat(check.received).isEqualTo(count);
        assertThat(check.stamped).as("stamped datagrams (%d without)", check.unstamped).isPositive();
        return counters;
    }

    /**
     * Opens the path in the host namespace on one thread, then sends from the exchange namespace on another
     * (after the path is open, before its first poll), then lets the receiver poll.
     */
    private static Map<String, Long> runPair(
        final Map<String, String> options, final DatagramHandler handler, final Sender sender, final Receiver receiver)
        throws Exception
    {
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch sent = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<Map<String, Long>> counters = new AtomicReference<>(Map.of());
        final boolean pingPong = handler instanceof PingPong;

        final Thread receiving = new Thread(() ->
        {
            try
            {
                Netns.enterCurrentThread(network.hostNs());
                final RxConfig config = new RxConfig(CHANNELS, network.hostIf(), HOST_ADDRESS, -1, options);
                try (IoUringRxPath path = new IoUringRxPath())
                {
                    path.open(config);
                    opened.countDown();
                    if (!pingPong)
                    {
                        sent.await();
                    }
                    receiver.receive(path, config);
                    path.refreshCounters();
                    counters.set(PathCounterValues.of(config));
                }
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
                opened.countDown();
            }
        }, "turing-rx");
        final Thread sending = new Thread(() ->
        {
            try
            {
                Netns.enterCurrentThread(network.exchangeNs());
                opened.await();
                try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
                {
                    channel.setOption(StandardSocketOptions.IP_MULTICAST_IF,
                        NetworkInterface.getByName(network.exchangeIf()));
                    channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
                    sender.send(channel);
                }
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
            finally
            {
                sent.countDown();
            }
        }, "turing-tx");
        receiving.start();
        sending.start();
        sending.join();
        receiving.join();
        if (failure.get() instanceof RxUnavailableException ex)
        {
            throw new AssertionError("io-uring path unavailable: " + ex.getMessage(), ex);
        }
        if (failure.get() != null)
        {
            throw new AssertionError(failure.get());
        }
        return counters.get();
    }

    private static void sendBurst(final DatagramChannel channel, final int count) throws IOException
    {
        final ByteBuffer datagram = ByteBuffer.allocateDirect(2048).order(ByteOrder.LITTLE_ENDIAN);
        for (int seq = 0; seq < count; seq++)
        {
            final int ch = seq % CHANNELS.size();
            datagram.clear();
            datagram.putInt(ch).putInt(seq).putLong(System.nanoTime());
            final int length = lengthOf(seq);
            for (int i = HEADER; i < length; i++)
            {
                datagram.put(patternByte(seq, i));
            }
            datagram.flip();
            final Channel target = CHANNELS.get(ch);
            channel.send(datagram, new InetSocketAddress(target.groupAddress(), target.port()));
        }
    }

    static int lengthOf(final int seq)
    {
        return HEADER + (seq * 7) % 1400;
    }

    static byte patternByte(final int seq, final int index)
    {
        return (byte)(seq * 31 + index * 7);
    }

    @FunctionalInterface
    interface Sender
    {
        void send(DatagramChannel channel) throws Exception;
    }

    @FunctionalInterface
    interface Receiver
    {
        void receive(IoUringRxPath path, RxConfig config) throws Exception;
    }

    /** Counts arrivals per sequence number and checks channel and bytes; keeps the first few problems. */
    static final class BurstCheck implements DatagramHandler
    {
        final int[] seen;
        final List<String> errors = new ArrayList<>();
        int received;
        int stamped;
        int unstamped;

        BurstCheck(final int count)
        {
            seen = new int[count];
        }

        @Override
        public void onDatagram(
            final int channel, final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos)
        {
            received++;
            final int ch = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
            final int seq = buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN);
            if (seq < 0 || seq >= seen.length)
            {
                error("sequence out of range: " + seq);
                return;
            }
            seen[seq]++;
            if (ch != channel || channel != seq % CHANNELS.size())
            {
                error("datagram " + seq + " on channel " + channel + ", sent to " + ch);
            }
            if (length != lengthOf(seq))
            {
                error("datagram " + seq + " length " + length + ", sent " + lengthOf(seq));
                return;
            }
            for (int i = HEADER; i < length; i++)
            {
                if (buffer.getByte(offset + i) != patternByte(seq, i))
                {
                    error("datagram " + seq + " differs at byte " + i);
                    return;
                }
            }
            final long sentNanos = buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            final long now = HostClock.nanos();
            if (arrivalNanos == HostClock.NO_STAMP)
            {
                // The kernel switches receive stamping on asynchronously, so only the first few may lack one.
                if (stamped > 0)
                {
                    error("datagram " + seq + " has no arrival stamp after " + stamped + " had one");
                }
                unstamped++;
            }
            else if (arrivalNanos < sentNanos - 1_000_000 || arrivalNanos > now + 1_000_000)
            {
                error("datagram " + seq + " arrival stamp " + arrivalNanos + " outside [sent " + sentNanos
                    + ", polled " + now + "]");
            }
            else
            {
                stamped++;
            }
        }

        private void error(final String message)
        {
            if (errors.size() < 10)
            {
                errors.add(message);
            }
        }
    }

    /** One datagram in flight at a time, so latency is not queueing. The handler allocates nothing. */
    static final class PingPong implements DatagramHandler
    {
        final AtomicLong received = new AtomicLong();
        final long[] sendToPoll;
        final long[] arrivalToPoll;

        PingPong(final int count)
        {
            sendToPoll = new long[count];
            arrivalToPoll = new long[count];
        }

        @Override
        public void onDatagram(
            final int channel, final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos)
        {
            final long now = HostClock.nanos();
            final int seq = buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN);
            if (seq >= 0 && seq < sendToPoll.length)
            {
                sendToPoll[seq] = now - buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
                arrivalToPoll[seq] = arrivalNanos == HostClock.NO_STAMP ? -1 : now - arrivalNanos;
            }
            received.lazySet(received.get() + 1);
        }

        void send(final DatagramChannel channel) throws IOException
        {
            final ByteBuffer datagram = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
            final Channel target = CHANNELS.get(0);
            final InetSocketAddress address = new InetSocketAddress(target.groupAddress(), target.port());
            for (int seq = 0; seq < sendToPoll.length; seq++)
            {
                datagram.clear();
                datagram.putInt(0).putInt(seq).putLong(System.nanoTime());
                datagram.position(64).flip();
                final long deadline = System.nanoTime() + DEADLINE_NANOS;
                channel.send(datagram, address);
                while (received.get() <= seq && System.nanoTime() < deadline)
                {
                    // Yield, not spin: on a small box the SQPOLL thread needs a CPU to complete the receive.
                    Thread.yield();
                }
                if (received.get() <= seq)
                {
                    throw new IllegalStateException("datagram " + seq + " not received");
                }
            }
        }
    }

    private static boolean ioUringAvailable()
    {
        try (Arena arena = Arena.ofConfined(); IoUringRing ring =
            IoUringRing.open(8, 64, false, -1, 0, new IoUringCounters(HandlerCounters.inMemory(32)), arena))
        {
            return ring.fd() >= 0;
        }
        catch (final RxUnavailableException ex)
        {
            return false;
        }
    }
}
