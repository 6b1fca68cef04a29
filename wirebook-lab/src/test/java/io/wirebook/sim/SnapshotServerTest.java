package io.wirebook.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchWriter;
import io.wirebook.lab.BookDigest;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.recovery.SnapshotClient;
import io.wirebook.recovery.SnapshotListener;
import io.wirebook.soupbintcp.SoupBinTCP;
import io.wirebook.stats.HostClock;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotServerTest
{
    static final byte[] SESSION = MoldUDP64.session("WB0000001");
    static final int INSTRUMENTS = 40;
    private static final long SECOND = 1_000_000_000L;
    static final InetSocketAddress ANY_LOOPBACK_PORT =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);

    @Test
    void aSnapshotAtNRebuildsTheBooksOfMessages1ToN() throws Exception
    {
        final MessageStore store = stored(new OrderFlow(42, INSTRUMENTS), 60_000);

        try (SnapshotServer server = serving(store))
        {
            final Snapshot snapshot = takeSnapshot(server.localAddress(), "any", "thing");

            assertThat(snapshot.failure).isNull();
            assertThat(snapshot.session).isEqualTo(SESSION);
            assertThat(snapshot.nextSequenceNumber).isEqualTo(60_001);
            final Books expected = replay(store, 60_000);
            assertThat(expected.orderCount()).isGreaterThan(1_000);
            assertThat(snapshot.books.orderCount()).isEqualTo(expected.orderCount());
            assertThat(BookDigest.of(snapshot.books, INSTRUMENTS)).isEqualTo(BookDigest.of(expected, INSTRUMENTS));
            assertThat(snapshot.rejected).isZero();
            assertThat(snapshot.directories).isEqualTo(INSTRUMENTS);
            assertThat(snapshot.messages).isEqualTo(INSTRUMENTS + expected.orderCount());
            assertThat(server.logins()).isEqualTo(1);
            assertThat(server.messagesSent()).isEqualTo(snapshot.messages + 1);
            awaitSnapshotsSent(server, 1);
        }
    }

    @Test
    void eachLoginTakesTheStoreAsItIsThen() throws Exception
    {
        try (GrowingStoreServer served = new GrowingStoreServer(7, 20_000))
        {
            final Snapshot first = served.snapshot();
            assertThat(first.nextSequenceNumber).isEqualTo(20_001);
            assertThat(BookDigest.of(first.books, INSTRUMENTS))
                .isEqualTo(BookDigest.of(replay(served.store, 20_000), INSTRUMENTS));

            served.append(15_000);
            final Snapshot second = served.snapshot();
            assertThat(second.nextSequenceNumber).isEqualTo(35_001);
            assertThat(BookDigest.of(second.books, INSTRUMENTS))
                .isEqualTo(BookDigest.of(replay(served.store, 35_000), INSTRUMENTS));
            assertThat(BookDigest.of(second.books, INSTRUMENTS)).isNotEqualTo(BookDigest.of(first.books, INSTRUMENTS));
        }
    }

    @Test
    void aSnapshotThenTheLiveFeedFromItsSequenceNumberEqualsTheWholeReplay() throws Exception
    {
        try (GrowingStoreServer served = new GrowingStoreServer(3, 10_000))
        {
            final Snapshot snapshot = served.snapshot();
            served.append(10_000);
            final BookUpdater updater = new BookUpdater(snapshot.books);
            final ItchReader reader = new ItchReader();
            for (long next = snapshot.nextSequenceNumber; next <= served.store.size(); next++)
            {
                reader.read(scratch, 0, served.store.copy(next, scratch, 0), updater);
            }

            assertThat(updater.rejectedMessages()).isZero();
            assertThat(BookDigest.of(snapshot.books, INSTRUMENTS))
                .isEqualTo(BookDigest.of(replay(served.store, 20_000), INSTRUMENTS));
        }
    }

    @Test
    void carriesEachLiveOrderWithItsCurrentState() throws Exception
    {
        final MessageStore store = new MessageStore();
        final long aapl = ItchWriter.stock("AAPL");
        final long msft = ItchWriter.stock("MSFT");
        add(store, ItchWriter.systemEvent(scratch, 0, 0, 1, ItchMessages.EVENT_START_OF_MESSAGES));
        add(store, ItchWriter.stockDirectory(scratch, 0, 1, 0, 2, aapl, 100));
        add(store, ItchWriter.stockDirectory(scratch, 0, 2, 0, 3, msft, 100));
        add(store, ItchWriter.addOrder(scratch, 0, 1, 11, 10, 1, ItchMessages.BUY, 500, aapl, 1_500_000));
        add(store, ItchWriter.addOrderMpid(
            scratch, 0, 2, 12, 11, 2, ItchMessages.SELL, 300, msft, 3_100_000, 0x4E534454));
        add(store, ItchWriter.orderExecuted(scratch, 0, 1, 13, 12, 1, 100, 1));                 // 1: 400 left
        add(store, ItchWriter.orderExecutedWithPrice(scratch, 0, 1, 14, 13, 1, 50, 2, (byte)'Y', 1_499_900));
        add(store, ItchWriter.orderCancel(scratch, 0, 1, 15, 14, 1, 25));                       // 1: 325 left
        add(store, ItchWriter.orderReplace(scratch, 0, 2, 16, 15, 2, 3, 250, 3_200_000));       // 2 becomes 3
        add(store, ItchWriter.addOrder(scratch, 0, 1, 17, 16, 4, ItchMessages.SELL, 100, aapl, 1_600_000));
        add(store, ItchWriter.orderDelete(scratch, 0, 1, 18, 17, 4));                           // 4 gone
        add(store, ItchWriter.addOrder(scratch, 0, 2, 19, 18, 5, ItchMessages.BUY, 200, msft, 3_000_000));
        add(store, ItchWriter.orderExecuted(scratch, 0, 2, 20, 19, 5, 200, 3));                 // 5 gone
        add(store, ItchWriter.addOrder(scratch, 0, 1, 21, 20, 6, ItchMessages.BUY, 700, aapl, 1_400_000));
        add(store, ItchWriter.orderDelete(scratch, 0, 1, 22, 21, 99));                          // unknown: ignored
        add(store, ItchWriter.orderExecuted(scratch, 0, 1, 23, 22, 6, 701, 4));                 // too many: ignored
        add(store, ItchWriter.trade(scratch, 0, 1, 24, 23, 0, ItchMessages.BUY, 10, aapl, 1_450_000, 5));

        try (SnapshotServer server = serving(store))
        {
            final Snapshot snapshot = takeSnapshot(server.localAddress(), "", "");

            assertThat(snapshot.nextSequenceNumber).isEqualTo(store.size() + 1);
            assertThat(snapshot.types).isEqualTo("RRAAA");
            assertThat(snapshot.adds).containsExactly(
                "locate 1 tracking 11 time 10 ref 1 B 325 AAPL@1500000",
                "locate 2 tracking 16 time 15 ref 3 S 250 MSFT@3200000",
                "locate 1 tracking 21 time 20 ref 6 B 700 AAPL@1400000");
            assertThat(BookDigest.of(snapshot.books, 2)).isEqualTo(BookDigest.of(replay(store, store.size()), 2));
        }
    }

    @Test
    void anEmptyStoreGivesAnEmptySnapshotThatEndsAt1() throws Exception
    {
        try (SnapshotServer server = serving(new MessageStore()))
        {
            final Snapshot snapshot = takeSnapshot(server.localAddress(), "", "");

            assertThat(snapshot.failure).isNull();
            assertThat(snapshot.messages).isZero();
            assertThat(snapshot.nextSequenceNumber).isEqualTo(1);
        }
    }

    @Test
    void wrongCredentialsAreRejectedAsNotAuthorized() throws Exception
    {
        final MessageStore store = stored(new OrderFlow(1, INSTRUMENTS), 1_000);
        try (SnapshotServer server = new SnapshotServer(
            ANY_LOOPBACK_PORT, SESSION, store, "wb", "secret", SnapshotServer.DEFAULT_SOCKET_TIMEOUT_MS))
        {
            server.start();
            final Snapshot rejected = takeSnapshot(server.localAddress(), "wb", "guess");
            final Snapshot accepted = takeSnapshot(server.localAddress(), "wb", "secret");

            assertThat(rejected.failure).contains("not authorized");
            assertThat(rejected.messages).isZero();
            assertThat(accepted.failure).isNull();
            assertThat(accepted.nextSequenceNumber).isEqualTo(1_001);
            assertThat(server.rejectedLogins()).isEqualTo(1);
            assertThat(server.logins()).isEqualTo(1);
        }
    }

    @Test
    void anotherSessionIsNotAvailable() throws Exception
    {
        try (SnapshotServer server = serving(new MessageStore());
            SocketChannel raw = SocketChannel.open())
        {
            raw.connect(server.localAddress());
            final UnsafeBuffer login = new UnsafeBuffer(ByteBuffer.allocate(64));
            final int length = SoupBinTCP.loginRequest(login, 0, "", "", MoldUDP64.session("WB0000002"), 1);
            raw.write(login.byteBuffer().duplicate().limit(length));
            final ByteBuffer answer = ByteBuffer.allocate(64);
            while (raw.read(answer) >= 0)
            {
                // Until the server closes.
            }

            final UnsafeBuffer frame = new UnsafeBuffer(answer.array(), 0, answer.position());
            assertThat(answer.position()).isEqualTo(4);
            assertThat(SoupBinTCP.packetType(frame, 0)).isEqualTo(SoupBinTCP.LOGIN_REJECTED);
            assertThat(frame.getByte(SoupBinTCP.PAYLOAD_OFFSET)).isEqualTo(SoupBinTCP.SESSION_NOT_AVAILABLE);
            assertThat(server.rejectedLogins()).isEqualTo(1);
        }
    }

    @Test
    void servesSeveralClientsAtOnce() throws Exception
    {
        final MessageStore store = stored(new OrderFlow(5, INSTRUMENTS), 30_000);
        try (SnapshotServer server = serving(store))
        {
            final List<SnapshotCollector> collectors = new ArrayList<>();
            final List<SnapshotClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                collectors.add(new SnapshotCollector());
                clients.add(new SnapshotClient(server.localAddress(), "", "", 5 * SECOND));
                clients.get(i).start(HostClock.nanos());
            }
            final long deadline = HostClock.nanos() + 20 * SECOND;
            while (clients.stream().anyMatch(SnapshotClient::active) && HostClock.nanos() < deadline)
            {
                for (int i = 0; i < clients.size(); i++)
                {
                    clients.get(i).poll(HostClock.nanos(), collectors.get(i));
                }
            }
            final String expected = BookDigest.of(replay(store, 30_000), INSTRUMENTS);
            for (final SnapshotCollector collector : collectors)
            {
                assertThat(collector.snapshot.failure).isNull();
                assertThat(collector.snapshot.nextSequenceNumber).isEqualTo(30_001);
                assertThat(BookDigest.of(collector.snapshot.books, INSTRUMENTS)).isEqualTo(expected);
            }
            clients.forEach(SnapshotClient::close);
        }
    }

    @Test
    void aClientThatSaysNothingIsDroppedAfterTheTimeout() throws Exception
    {
        try (SnapshotServer server = new SnapshotServer(
            ANY_LOOPBACK_PORT, SESSION, new MessageStore(), null, null, 200);
            SocketChannel raw = SocketChannel.open())
        {
            server.start();
            raw.connect(server.localAddress());
            final ByteBuffer answer = ByteBuffer.allocate(16);

            assertThat(raw.read(answer)).as("the server closes without a word").isEqualTo(-1);
            assertThat(server.logins()).isZero();
        }
    }

    @Test
    void closeStopsAcceptingAndDropsConnections() throws Exception
    {
        final SnapshotServer server = serving(new MessageStore());
        final InetSocketAddress address = server.localAddress();
        try (SocketChannel raw = SocketChannel.open(address))
        {
            LockSupport.parkNanos(50_000_000L);
            server.close();

            assertThat(raw.read(ByteBuffer.allocate(16))).isEqualTo(-1);
        }
        final Snapshot after = takeSnapshot(address, "", "");
        assertThat(after.failure).isNotNull();
    }

    /** A started server over a store of an order flow's first messages, to which the test adds more. */
    private static final class GrowingStoreServer implements AutoCloseable
    {
        final OrderFlow flow;
        final MessageStore store;
        final SnapshotServer server;

        GrowingStoreServer(final long seed, final int count) throws IOException
        {
            flow = new OrderFlow(seed, INSTRUMENTS);
            store = stored(flow, count);
            server = serving(store);
        }

        void append(final int count)
        {
            SnapshotServerTest.append(store, flow, count);
        }

        /** A snapshot taken with blank credentials. */
        Snapshot snapshot() throws IOException
        {
            return takeSnapshot(server.localAddress(), "", "");
        }

        @Override
        public void close() throws IOException
        {
            server.close();
        }
    }

    /** What one snapshot built: fresh books from its messages alone. */
    static final class Snapshot
    {
        final Books books = new Books(INSTRUMENTS, 1 << 14);
        final StringBuilder typeLetters = new StringBuilder();
        final List<String> adds = new ArrayList<>();
        String types;
        byte[] session;
        long nextSequenceNumber = -1;
        String failure;
        long messages;
        long directories;
        long rejected;
    }

    /** Applies a snapshot to fresh books through ItchReader and BookUpdater, as the feed handler will. */
    static final class SnapshotCollector implements SnapshotListener
    {
        final Snapshot snapshot = new Snapshot();
        private final ItchReader reader = new ItchReader();
        private final BookUpdater updater = new BookUpdater(snapshot.books);
        private final ItchListener recorder = new ItchListener()
        {
            @Override
            public void onAddOrder(final AddOrder message)
            {
                final StringBuilder stock = new StringBuilder();
                for (int i = 7; i >= 0; i--)
                {
                    final char c = (char)((message.stock() >>> (8 * i)) & 0xFF);
                    if (c != ' ')
                    {
                        stock.append(c);
                    }
                }
                snapshot.adds.add("locate " + message.stockLocate() + " tracking " + message.trackingNumber() +
                    " time " + message.timestamp() + " ref " + message.orderReferenceNumber() + " " +
                    (char)message.buySellIndicator() + " " + message.shares() + " " + stock + "@" + message.price());
            }
        };

        @Override
        public void onSnapshotStart(final byte[] session)
        {
            snapshot.session = session.clone();
        }

        @Override
        public void onSnapshotMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            snapshot.messages++;
            final byte type = buffer.getByte(offset);
            snapshot.typeLetters.append((char)type);
            if (type == ItchMessages.STOCK_DIRECTORY)
            {
                snapshot.directories++;
            }
            assertThat(reader.read(buffer, offset, length, updater)).isEqualTo(ItchReader.OK);
            reader.read(buffer, offset, length, recorder);
            snapshot.rejected = updater.rejectedMessages();
        }

        @Override
        public void onSnapshotEnd(final long nextSequenceNumber)
        {
            snapshot.nextSequenceNumber = nextSequenceNumber;
            snapshot.types = snapshot.typeLetters.toString();
        }

        @Override
        public void onSnapshotFailed(final String reason)
        {
            snapshot.failure = reason;
        }
    }

    static Snapshot takeSnapshot(final InetSocketAddress server, final String username, final String password)
    {
        final SnapshotCollector collector = new SnapshotCollector();
        try (SnapshotClient client = new SnapshotClient(server, username, password, 5 * SECOND))
        {
            client.start(HostClock.nanos());
            final long deadline = HostClock.nanos() + 20 * SECOND;
            while (client.active() && HostClock.nanos() < deadline)
            {
                if (client.poll(HostClock.nanos(), collector) == 0)
                {
                    LockSupport.parkNanos(20_000);
                }
            }
            assertThat(client.active()).as("snapshot within 20 s").isFalse();
        }
        return collector.snapshot;
    }

    /** A server of the session on a loopback port the kernel chooses, started. */
    static SnapshotServer serving(final MessageStore store) throws IOException
    {
        final SnapshotServer server = new SnapshotServer(ANY_LOOPBACK_PORT, SESSION, store);
        server.start();
        return server;
    }

    /** A store of the flow's first {@code count} messages. */
    static MessageStore stored(final OrderFlow flow, final int count)
    {
        final MessageStore store = new MessageStore();
        append(store, flow, count);
        return store;
    }

    /** Appends {@code count} messages of the flow, stamped with their sequence number as timestamp. */
    static void append(final MessageStore store, final OrderFlow flow, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < count; i++)
        {
            final int length = flow.next(buffer, 0);
            ItchWriter.stampTimestamp(buffer, 0, store.size() + 1);
            store.append(buffer, 0, length);
        }
    }

    static Books replay(final MessageStore store, final long count)
    {
        final Books books = new Books(INSTRUMENTS, 1 << 14);
        final BookUpdater updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (long next = 1; next <= count; next++)
        {
            reader.read(buffer, 0, store.copy(next, buffer, 0), updater);
        }
        return books;
    }

    private void add(final MessageStore store, final int length)
    {
        store.append(scratch, 0, length);
    }

    private static void awaitSnapshotsSent(final SnapshotServer server, final long count)
    {
        final long deadline = HostClock.nanos() + 10 * SECOND;
        while (server.snapshotsSent() < count && HostClock.nanos() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(server.snapshotsSent()).isEqualTo(count);
    }
}
