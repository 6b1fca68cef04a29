package io.wirebook.rx.paths;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.sun.management.ThreadMXBean;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.sys.Netns;
import io.wirebook.testnet.TestNetwork;
import io.wirebook.tx.TxPath;
import io.wirebook.tx.UdpEndpoint;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Drives a path's TX over {@link TestNetwork}: a client in the exchange namespace sends numbered requests by unicast
 * to the host's {@link #ECHO_PORT} and waits for each answer (ping-pong); the path, on its poll thread in the host
 * namespace, answers every request through its {@link TxPath}: three of four with {@link TxPath#reply} after
 * marking the received payload in place, the fourth with {@link TxPath#send} of the same bytes to
 * {@link TxPath#source}, then {@link TxPath#flush} after each poll. The poll thread's allocations are measured over
 * warm intervals, as {@code PathExercise} measures RX.
 *
 * <p>Request payload: seq (8, little endian), a mark byte (0 from the client, set to {@link #ANSWERED} by the path)
 * and filler up to {@link #LENGTH}.
 */
public final class TxExercise
{
    public static final int ECHO_PORT = 12350;
    public static final int LENGTH = 64;
    public static final byte ANSWERED = 0x5A;
    private static final int MARK = 8;
    private static final int CLIENT_PORT = 12351;
    private static final int CLIENT_STRIDE = 500;
    private static final int ANSWERS_PER_INTERVAL = 200;
    private static final int MAX_INTERVALS = 10;

    private TxExercise()
    {
    }

    /** What a run saw. */
    public record Result(long requests, long answers, long wrongAnswers, long allocatedBytes, long answeredInWindow,
        Map<String, Long> counters)
    {
    }

    /** One unicast flow to the host's address and {@link #ECHO_PORT}, on line A. */
    public static RxConfig config(final TestNetwork network, final Map<String, String> options)
    {
        return config(network.hostIf(), options);
    }

    /** One unicast flow to the host's address and {@link #ECHO_PORT}, on {@code hostInterface}. */
    public static RxConfig config(final String hostInterface, final Map<String, String> options)
    {
        final int host = Channel.parseIpv4(TestNetwork.HOST_ADDRESS);
        return new RxConfig(List.of(Flow.lineA(0, new Channel(host, ECHO_PORT), hostInterface, host)), -1,
            options);
    }

    /**
     * Opens the path, answers requests for {@code warmUpPolls} polls ten times, then measures the least of three
     * intervals of {@code polls} polls each.
     */
    public static Result run(final Supplier<RxPath> factory, final TestNetwork network,
        final Map<String, String> options, final int polls) throws Exception
    {
        final ExecutorService poller = Executors.newSingleThreadExecutor();
        final ExecutorService clientThread = Executors.newSingleThreadExecutor();
        final RxPath path = factory.get();
        final RxConfig config = config(network, options);
        final Client client = new Client(network);
        try
        {
            poller.submit(() ->
            {
                Netns.enterCurrentThread(network.hostNs());
                path.open(config);
                return null;
            }).get(30, TimeUnit.SECONDS);
            final Future<?> clientRun = clientThread.submit(client);
            final long[] measured = poller.submit(() -> measure(path, polls)).get(180, TimeUnit.SECONDS);
            client.stop();
            clientRun.get(10, TimeUnit.SECONDS);
            final Map<String, Long> counters = poller.submit(() -> PathCounterValues.refreshed(path, config)).get();
            final Result result = new Result(client.requests.get(), client.answers.get(), client.wrong.get(),
                measured[0], measured[1], counters);
            System.out.printf("%s TX: %d requests, %d answers (%d wrong), %d answered in the measured polls, "
                + "allocated %d bytes on the poll thread; %s%n", path.name(), result.requests(), result.answers(),
                result.wrongAnswers(), result.answeredInWindow(), result.allocatedBytes(), counters);
            return result;
        }
        finally
        {
            client.stop();
            poller.submit(path::close).get(10, TimeUnit.SECONDS);
            clientThread.shutdownNow();
            poller.shutdownNow();
        }
    }

    /**
     * On the path's poll thread, with a client asking: answers until in its stride, warms up, then measures.
     *
     * @return the least bytes allocated over three intervals, and the requests answered in them.
     */
    public static long[] measure(final RxPath path, final int polls)
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final TxPath tx = path.transmitter();
        final Answerer answerer = new Answerer(tx);
        // The client's own start (its thread, socket, first ARP) must not eat the warm-up of a path whose polls
        // are cheap: answer until it is in its stride, then warm up.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (answerer.answered < CLIENT_STRIDE && System.nanoTime() < deadline)
        {
            pollMany(path, tx, answerer, 100);
        }
        for (int round = 0; round < 10; round++)
        {
            pollMany(path, tx, answerer, polls / 5);
        }
        for (int i = 0; i < 3; i++)
        {
            threads.getCurrentThreadAllocatedBytes();
        }
        long least = Long.MAX_VALUE;
        long answered = 0;
        // The least of up to ten intervals: on a busy two-core box the C2 compile of the loop can wait in the queue
        // while C1 code runs it (C1 keeps the 40-byte buffer of a capturing downcall on the heap, C2 does not),
        // whereas a send or poll that allocates allocates in every interval.
        for (int interval = 0; interval < MAX_INTERVALS && least != 0; interval++)
        {
            // At least the polls asked for, and on until this interval has answered its share: a path whose empty
            // polls cost no system call runs through the polls long before the next request comes.
            final long answeredBefore = answerer.answered;
            final long intervalEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            final long before = threads.getCurrentThreadAllocatedBytes();
            pollMany(path, tx, answerer, polls);
            while (answerer.answered - answeredBefore < ANSWERS_PER_INTERVAL && System.nanoTime() < intervalEnd)
            {
                pollMany(path, tx, answerer, 1000);
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            answered += answerer.answered - answeredBefore;
            least = Math.min(least, after - before);
        }
        return new long[] {least, answered};
    }

    private static void pollMany(final RxPath path, final TxPath tx, final DatagramHandler handler, final int polls)
    {
        for (int i = 0; i < polls; i++)
        {
            path.poll(handler);
            tx.flush();
        }
    }

    /** Answers each request; allocation-free. */
    private static final class Answerer implements DatagramHandler
    {
        private final TxPath tx;
        private final UdpEndpoint source = new UdpEndpoint();
        long answered;

        Answerer(final TxPath tx)
        {
            this.tx = tx;
        }

        @Override
        public void onDatagram(
            final int channel, final DirectBuffer buffer, final int offset, final int length, final long arrival)
        {
            if (length != LENGTH)
            {
                return;
            }
            ((MutableDirectBuffer)buffer).putByte(offset + MARK, ANSWERED);
            final boolean queued;
            if ((answered & 3) == 3)
            {
                tx.source(source);
                queued = tx.send(source, buffer, offset, length);
            }
            else
            {
                queued = tx.reply(buffer, offset, length);
            }
            if (queued)
            {
                answered++;
            }
        }
    }

    /** Ping-pong from the exchange namespace: one request, then its answer (or 200 ms), then the next. */
    public static final class Client implements Runnable
    {
        private final TestNetwork network;
        private final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final AtomicLong late = new AtomicLong();

        public Client(final TestNetwork network)
        {
            this.network = network;
        }

        public long requests()
        {
            return requests.get();
        }

        public long answers()
        {
            return answers.get();
        }

        public long wrongAnswers()
        {
            return wrong.get();
        }

        public void stop()
        {
            stop.set(true);
        }

        @Override
        public void run()
        {
            Netns.enterCurrentThread(network.exchangeNs());
            try (DatagramSocket socket = new DatagramSocket(
                new InetSocketAddress(InetAddress.getByName(TestNetwork.EXCHANGE_ADDRESS), CLIENT_PORT)))
            {
                socket.setSoTimeout(200);
                final InetSocketAddress server = new InetSocketAddress(TestNetwork.HOST_ADDRESS, ECHO_PORT);
                final byte[] request = new byte[LENGTH];
                final byte[] answer = new byte[LENGTH * 2];
                final ByteBuffer view = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
                final DatagramPacket in = new DatagramPacket(answer, answer.length);
                for (long seq = 0; !stop.get(); seq++)
                {
                    view.putLong(0, seq);
                    socket.send(new DatagramPacket(request, LENGTH, server));
                    requests.incrementAndGet();
                    awaitAnswer(socket, in, seq);
                }
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        private void awaitAnswer(final DatagramSocket socket, final DatagramPacket in, final long seq)
            throws Exception
        {
            while (!stop.get())
            {
                try
                {
                    in.setLength(in.getData().length);
                    socket.receive(in);
                }
                catch (final SocketTimeoutException ex)
                {
                    return;
                }
                final ByteBuffer got = ByteBuffer.wrap(in.getData(), 0, in.getLength()).order(ByteOrder.LITTLE_ENDIAN);
                final boolean whole = in.getLength() == LENGTH && got.get(MARK) == ANSWERED;
                if (whole && got.getLong(0) == seq)
                {
                    answers.incrementAndGet();
                    return;
                }
                if (whole && got.getLong(0) < seq)
                {
                    // The answer to a request this client gave up on (a stall beyond the timeout): late, not wrong.
                    late.incrementAndGet();
                    continue;
                }
                wrong.incrementAndGet();
            }
        }
    }
}
