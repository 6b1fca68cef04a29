package io.wirebook.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.wirebook.feed.ChannelState;
import io.wirebook.feed.ChannelStatus;
import io.wirebook.feed.FeedHandler;
import io.wirebook.lab.BookDigest;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed handler against the real request and snapshot servers, over loopback kernel UDP and TCP: whatever the
 * lines lose, and however late the handler joins, its books end equal to those built from every message sent.
 * Only the multicast lines are a fake, so the test can choose exactly what each line loses.
 */
class RecoveryEndToEndTest
{
    private static final byte[] SESSION = MoldUDP64.session("WB0000042");
    private static final int INSTRUMENTS = 40;
    private static final int MESSAGES = 30_000;
    private static final InetSocketAddress ANY_LOOPBACK_PORT =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final MessageStore store = new MessageStore();
    private final List<byte[]> packets = new ArrayList<>();
    private final Lines lines = new Lines();
    private RequestServer requests;
    private SnapshotServer snapshots;
    private FeedHandler feed;

    @BeforeEach
    void start() throws Exception
    {
        SnapshotServerTest.append(store, new OrderFlow(42, INSTRUMENTS), MESSAGES);
        packetize();
        requests = new RequestServer(ANY_LOOPBACK_PORT, SESSION, store);
        snapshots = new SnapshotServer(ANY_LOOPBACK_PORT, SESSION, store);
        requests.start();
        snapshots.start();
        feed = FeedHandler.builder()
            .channel("239.1.1.1", 12345).lineB("239.1.2.1", 12345)
            .requestServer("127.0.0.1", requests.localAddress().getPort())
            .snapshotServer("127.0.0.1", snapshots.localAddress().getPort())
            .path(lines)
            .maxStockLocate(INSTRUMENTS)
            .expectedOrders(1 << 15)
            .option("recovery.line-wait-us", "200")
            .build();
        feed.open();
    }

    @AfterEach
    void stop() throws Exception
    {
        feed.close();
        requests.close();
        snapshots.close();
    }

    @Test
    void whatBothLinesLoseTheRequestServerFills() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (final byte[] packet : packets)
        {
            if (random.nextInt(100) >= 15)
            {
                lines.add(0, packet);
            }
            if (random.nextInt(100) >= 15)
            {
                lines.add(1, packet);
            }
        }
        endOfSession();
        runUntilSynced();

        final ChannelState.Recovery r = feed.channel(0).recovery();
        assertThat(r.lost()).isZero();
        assertThat(r.byRequest()).as("both lines lost some packets").isPositive();
        assertThat(r.byLineB()).as("line A's losses that line B carried").isPositive();
        assertThat(r.byLineA()).isPositive();
        assertThat(r.bySnapshot()).isZero();
        assertBooksEqualTheExchanges();
    }

    @Test
    void anOutageOfBothLinesIsFilledByTheRequestServer() throws Exception
    {
        for (int i = 0; i < packets.size(); i++)
        {
            if (i < 1_000 || i >= 1_400)
            {
                lines.add(0, packets.get(i));
                lines.add(1, packets.get(i));
            }
        }
        endOfSession();
        runUntilSynced();

        final ChannelState.Recovery r = feed.channel(0).recovery();
        assertThat(r.lost()).isZero();
        assertThat(r.gaps()).isEqualTo(1);
        assertThat(r.byRequest()).isGreaterThan(3_000);
        assertBooksEqualTheExchanges();
    }

    @Test
    void aLateJoinerLoadsASnapshotAndEndsWithTheExchangesBooks() throws Exception
    {
        for (int i = packets.size() / 2; i < packets.size(); i++)
        {
            lines.add(0, packets.get(i));
            lines.add(1, packets.get(i));
        }
        endOfSession();
        runUntilSynced();

        final ChannelState.Recovery r = feed.channel(0).recovery();
        assertThat(r.snapshots()).isEqualTo(1);
        assertThat(r.bySnapshot()).isGreaterThan(MESSAGES / 3);
        assertThat(r.lost()).isZero();
        assertBooksEqualTheExchanges();
    }

    private void assertBooksEqualTheExchanges()
    {
        assertThat(feed.channel(0).status()).isEqualTo(ChannelStatus.SYNCED);
        assertThat(feed.books().orderCount()).isEqualTo(SnapshotServerTest.replay(store, MESSAGES).orderCount());
        assertThat(BookDigest.of(feed.books(), INSTRUMENTS))
            .isEqualTo(BookDigest.of(SnapshotServerTest.replay(store, MESSAGES), INSTRUMENTS));
    }

    private void endOfSession()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MoldUDP64.HEADER_LENGTH]);
        MoldUDP64.endOfSession(buffer, 0, SESSION, MESSAGES + 1);
        for (int i = 0; i < 3; i++)
        {
            lines.add(0, buffer.byteArray().clone());
            lines.add(1, buffer.byteArray().clone());
        }
    }

    private void runUntilSynced() throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (feed.doWork() == 0)
            {
                if (lines.isEmpty() && feed.allEnded() && feed.channel(0).status() == ChannelStatus.SYNCED)
                {
                    return;
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("not in sync within 20 s: " + feed.channel(0).status() + ", " +
            feed.channel(0).recovery());
    }

    private void packetize()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        final MoldPacketizer packetizer = new MoldPacketizer(SESSION, buffer, 1400);
        packetizer.reset(1);
        for (long sequence = 1; sequence <= MESSAGES; sequence++)
        {
            final int length = store.copy(sequence, message, 0);
            if (!packetizer.fits(length) || packetizer.messageCount() == 8)
            {
                packets.add(copy(buffer, packetizer.length()));
                packetizer.reset(packetizer.nextSequenceNumber());
            }
            final int at = packetizer.beginMessage();
            buffer.putBytes(at, message, 0, length);
            packetizer.commitMessage(length);
        }
        packets.add(copy(buffer, packetizer.length()));
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** Line A (flow 0) and line B (flow 1) as queues the test fills; each poll hands over one datagram. */
    private static final class Lines implements RxPath
    {
        private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);

        void add(final int flow, final byte[] bytes)
        {
            queue.add(new Object[] {flow, bytes});
        }

        boolean isEmpty()
        {
            return queue.isEmpty();
        }

        @Override
        public String name()
        {
            return "lines";
        }

        @Override
        public void open(final RxConfig config)
        {
        }

        @Override
        public int poll(final DatagramHandler handler)
        {
            final Object[] next = queue.poll();
            if (next == null)
            {
                return 0;
            }
            final byte[] bytes = (byte[])next[1];
            buffer.putBytes(0, bytes);
            handler.onDatagram((Integer)next[0], buffer, 0, bytes.length, HostClock.nanos());
            return 1;
        }

        @Override
        public boolean hasArrivalStamp()
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
