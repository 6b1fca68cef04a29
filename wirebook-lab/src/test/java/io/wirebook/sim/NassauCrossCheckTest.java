package io.wirebook.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.paritytrading.nassau.MessageListener;
import com.paritytrading.nassau.moldudp64.MoldUDP64Client;
import com.paritytrading.nassau.moldudp64.MoldUDP64ClientState;
import com.paritytrading.nassau.moldudp64.MoldUDP64ClientStatusListener;
import com.paritytrading.nassau.moldudp64.MoldUDP64DefaultMessageStore;
import com.paritytrading.nassau.moldudp64.MoldUDP64RequestServer;
import com.paritytrading.nassau.soupbintcp.SoupBinTCP;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClient;
import com.paritytrading.nassau.soupbintcp.SoupBinTCPClientStatusListener;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.glimpse.EndOfSnapshot;
import io.wirebook.itch.ItchReader;
import io.wirebook.lab.BookDigest;
import io.wirebook.mold.MoldPacket;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.recovery.RequestClient;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Our recovery servers and clients against nassau 0.9.0's, the open-source implementation of the same protocols. */
class NassauCrossCheckTest
{
    private static final byte[] SESSION = SnapshotServerTest.SESSION;
    private static final int INSTRUMENTS = SnapshotServerTest.INSTRUMENTS;
    private static final InetSocketAddress ANY_LOOPBACK_PORT = SnapshotServerTest.ANY_LOOPBACK_PORT;
    private static final long TEN_SECONDS = 10_000_000_000L;

    @Test
    void nassausSoupBinTcpClientTakesOurSnapshot() throws Exception
    {
        final MessageStore store = SnapshotServerTest.stored(new OrderFlow(11, INSTRUMENTS), 25_000);
        final Books books = new Books(INSTRUMENTS, 1 << 14);
        final BookUpdater updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final long[] endOfSnapshot = {-1};
        final int[] afterEnd = {0};
        final SoupBinTcpEvents status = new SoupBinTcpEvents();
        final List<String> events = status.events;
        final MessageListener messages = buffer ->
        {
            view.wrap(buffer, buffer.position(), buffer.remaining());
            if (EndOfSnapshot.is(view, 0, view.capacity()))
            {
                endOfSnapshot[0] = EndOfSnapshot.sequenceNumber(view, 0, view.capacity());
            }
            else if (endOfSnapshot[0] >= 0)
            {
                afterEnd[0]++;
            }
            else
            {
                assertThat(reader.read(view, 0, view.capacity(), updater)).isEqualTo(ItchReader.OK);
            }
        };

        try (SnapshotServer server = SnapshotServerTest.serving(store);
            SocketChannel channel = SocketChannel.open())
        {
            channel.connect(server.localAddress());
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            try (SoupBinTCPClient client = new SoupBinTCPClient(channel, messages, status))
            {
                client.login(new SoupBinTCP.LoginRequest("nassau", "pw", "", 1));
                final long deadline = System.nanoTime() + TEN_SECONDS;
                while (!events.contains("end of session") && System.nanoTime() < deadline)
                {
                    if (client.receive() < 0)
                    {
                        break;
                    }
                }
            }
        }

        assertThat(events).containsExactly("accepted WB0000001 1", "end of session");
        assertThat(endOfSnapshot[0]).isEqualTo(25_001);
        assertThat(afterEnd[0]).isZero();
        assertThat(updater.rejectedMessages()).isZero();
        assertThat(BookDigest.of(books, INSTRUMENTS))
            .isEqualTo(BookDigest.of(SnapshotServerTest.replay(store, 25_000), INSTRUMENTS));
    }

    @Test
    void nassausSoupBinTcpClientIsRejectedWithTheReasonCode() throws Exception
    {
        final SoupBinTcpEvents status = new SoupBinTcpEvents();
        final List<String> events = status.events;
        try (SnapshotServer server = new SnapshotServer(
            ANY_LOOPBACK_PORT, SESSION, new MessageStore(), "wb", "secret", 1_000);
            SocketChannel channel = SocketChannel.open(server.localAddress()))
        {
            server.start();
            try (SoupBinTCPClient client = new SoupBinTCPClient(channel, buffer -> { }, status))
            {
                client.login(new SoupBinTCP.LoginRequest("wb", "wrong", "", 1));
                final long deadline = System.nanoTime() + TEN_SECONDS;
                while (events.isEmpty() && System.nanoTime() < deadline && client.receive() >= 0)
                {
                    // Until the answer.
                }
            }
        }
        assertThat(events).containsExactly("rejected A");
    }

    @Test
    void nassausMoldUdp64ClientFillsAGapFromOurRequestServer() throws Exception
    {
        final MessageStore store = StoredMessages.store(3_000);
        final List<byte[]> received = new ArrayList<>();
        final List<String> states = new ArrayList<>();
        final MessageListener messages = buffer ->
        {
            final byte[] message = new byte[buffer.remaining()];
            buffer.get(message);
            received.add(message);
        };
        final MoldUDP64ClientStatusListener status = new MoldUDP64ClientStatusListener()
        {
            @Override
            public void state(final MoldUDP64Client session, final MoldUDP64ClientState next)
            {
                states.add(next.name());
            }

            @Override
            public void downstream(final MoldUDP64Client session)
            {
            }

            @Override
            public void request(final MoldUDP64Client session, final long sequenceNumber, final int count)
            {
                states.add("request " + sequenceNumber + " " + count);
            }

            @Override
            public void endOfSession(final MoldUDP64Client session)
            {
            }
        };

        try (RequestServer server = new RequestServer(ANY_LOOPBACK_PORT, SESSION, store);
            DatagramChannel downstream = DatagramChannel.open();
            DatagramChannel requests = DatagramChannel.open();
            DatagramChannel exchange = DatagramChannel.open())
        {
            server.start();
            downstream.bind(ANY_LOOPBACK_PORT);
            requests.bind(ANY_LOOPBACK_PORT);
            requests.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            requests.configureBlocking(false);
            try (MoldUDP64Client client = new MoldUDP64Client(downstream, requests, server.localAddress(), messages,
                status))
            {
                // The live feed's heartbeat says 2,001 is next: nassau asks for 1..2,000.
                final UnsafeBuffer heartbeat = new UnsafeBuffer(ByteBuffer.allocateDirect(MoldUDP64.HEADER_LENGTH));
                MoldUDP64.heartbeat(heartbeat, 0, SESSION, 2_001);
                exchange.send(heartbeat.byteBuffer().duplicate().clear(), downstream.getLocalAddress());
                client.receive();

                final long deadline = System.nanoTime() + TEN_SECONDS;
                while (received.size() < 2_000 && System.nanoTime() < deadline)
                {
                    client.receiveResponse();
                    LockSupport.parkNanos(10_000);
                }
            }
        }

        assertThat(states).contains("request 1 2000");
        assertThat(received).hasSize(2_000);
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < received.size(); i++)
        {
            final int length = StoredMessages.write(expected, i + 1);
            final byte[] want = new byte[length];
            expected.getBytes(0, want);
            assertThat(received.get(i)).as("message %d", i + 1).isEqualTo(want);
        }
    }

    @Test
    void ourRequestClientIsAnsweredByNassausRequestServer() throws Exception
    {
        final MoldUDP64DefaultMessageStore nassauStore = new MoldUDP64DefaultMessageStore();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        for (long sequenceNumber = 1; sequenceNumber <= 500; sequenceNumber++)
        {
            final int length = StoredMessages.write(message, sequenceNumber);
            nassauStore.put(ByteBuffer.wrap(message.byteArray(), 0, length));
        }
        final MoldPacket packet = new MoldPacket();
        final List<Long> firsts = new ArrayList<>();
        final long[] messages = {0};

        try (DatagramChannel serverChannel = DatagramChannel.open())
        {
            serverChannel.bind(ANY_LOOPBACK_PORT);
            final MoldUDP64RequestServer nassauServer = new MoldUDP64RequestServer(serverChannel);
            try (RequestClient client = new RequestClient(
                (InetSocketAddress)serverChannel.getLocalAddress(), InetAddress.getLoopbackAddress()))
            {
                assertThat(client.request(SESSION, 101, 40)).isTrue();
                nassauServer.serve(nassauStore);

                final long deadline = System.nanoTime() + TEN_SECONDS;
                while (firsts.isEmpty() && System.nanoTime() < deadline)
                {
                    client.poll((flow, buffer, offset, length, arrivalNanos) ->
                    {
                        assertThat(packet.wrap(buffer, offset, length)).isTrue();
                        assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
                        assertThat(packet.sessionEquals(SESSION)).isTrue();
                        firsts.add(packet.sequenceNumber());
                        messages[0] += packet.messageCount();
                    }, 0);
                }
            }
        }
        assertThat(firsts).containsExactly(101L);
        assertThat(messages[0]).isBetween(1L, 40L);
    }

    /** What nassau's SoupBinTCP client was told, in order, as text. */
    private static final class SoupBinTcpEvents implements SoupBinTCPClientStatusListener
    {
        final List<String> events = new ArrayList<>();

        @Override
        public void heartbeatTimeout(final SoupBinTCPClient session)
        {
            events.add("heartbeat timeout");
        }

        @Override
        public void loginAccepted(final SoupBinTCPClient session, final SoupBinTCP.LoginAccepted payload)
        {
            events.add("accepted " + payload.session.trim() + " " + payload.sequenceNumber);
        }

        @Override
        public void loginRejected(final SoupBinTCPClient session, final SoupBinTCP.LoginRejected payload)
        {
            events.add("rejected " + (char)payload.rejectReasonCode);
        }

        @Override
        public void endOfSession(final SoupBinTCPClient session)
        {
            events.add("end of session");
        }
    }
}
