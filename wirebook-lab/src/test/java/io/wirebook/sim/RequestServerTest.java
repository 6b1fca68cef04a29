package io.wirebook.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.wirebook.mold.MoldPacket;
import io.wirebook.mold.MoldRequest;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.recovery.RequestClient;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestServerTest
{
    private static final byte[] SESSION = MoldUDP64.session("WB0000001");
    private static final long STORED = 5_000;
    private static final int FLOW = 3;

    private final List<Reply> replies = new ArrayList<>();
    private final MoldPacket packet = new MoldPacket();
    private MessageStore store;
    private RequestServer server;
    private RequestClient client;

    /** One reply datagram: its first sequence number, its messages, its length. */
    private record Reply(long firstSequenceNumber, List<byte[]> messages, int length, int flow)
    {
    }

    @BeforeEach
    void start() throws IOException
    {
        store = StoredMessages.store(STORED);
        server = new RequestServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SESSION, store);
        server.start();
        client = new RequestClient(server.localAddress(), InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException
    {
        client.close();
        server.close();
    }

    @Test
    void answersARequestInTheMiddle()
    {
        assertThat(client.request(SESSION, 1_000, 50)).isTrue();

        awaitMessages(50);
        assertReplies(1_000, 50);
        assertThat(client.sendFailures()).isZero();
        assertThat(client.repliesReceived()).isEqualTo(replies.size());
        assertThat(server.requests()).isEqualTo(1);
        assertThat(server.messagesSent()).isEqualTo(50);
        assertThat(server.packetsSent()).isEqualTo(replies.size());
        assertThat(replies.getFirst().flow()).isEqualTo(FLOW);
    }

    @Test
    void answersAtMostWhatTheStoreHas()
    {
        client.request(SESSION, STORED - 9, 1_000);

        awaitMessages(10);
        assertReplies(STORED - 9, 10);
        assertThat(server.messagesSent()).isEqualTo(10);
    }

    @Test
    void sendsNothingForMessagesNotStoredYet()
    {
        client.request(SESSION, STORED + 1, 10);
        client.request(SESSION, STORED + 100, 1);
        // The server answers in order: once the reply to this one is in, the two before it had their turn.
        client.request(SESSION, 7, 1);

        awaitMessages(1);
        assertReplies(7, 1);
        assertThat(server.requests()).isEqualTo(3);
        assertThat(server.badRequests()).isZero();
    }

    @Test
    void splitsALargeReplyIntoPacketsOfAtMost1400Bytes()
    {
        client.request(SESSION, 1, 2_000);

        awaitMessages(2_000);
        assertReplies(1, 2_000);
        assertThat(replies).hasSizeGreaterThan(1);
        assertThat(replies).allSatisfy(reply -> assertThat(reply.length()).isLessThanOrEqualTo(1_400));
        // Full packets: the next message would not have fitted.
        for (int i = 0; i < replies.size() - 1; i++)
        {
            assertThat(replies.get(i).length() + 2 + 36).isGreaterThan(1_400);
        }
        assertThat(server.packetsSent()).isEqualTo(replies.size());
    }

    @Test
    void honoursASmallerPacketSize() throws IOException
    {
        try (RequestServer small = new RequestServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SESSION, store, 100);
            RequestClient smallClient = new RequestClient(small.localAddress(), null))
        {
            small.start();
            smallClient.request(SESSION, 11, 20);

            await(() ->
            {
                smallClient.poll(this::onReply, FLOW);
                return messagesReceived() >= 20;
            });
            assertReplies(11, 20);
            assertThat(replies).allSatisfy(reply -> assertThat(reply.length()).isLessThanOrEqualTo(100));
            assertThat(replies.size()).isGreaterThanOrEqualTo(20 * 21 / (100 - 20));
        }
    }

    @Test
    void capsARequestAt0xFffeMessages() throws IOException
    {
        final MessageStore big = StoredMessages.store(70_000);
        try (RequestServer bigServer = new RequestServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SESSION, big);
            RequestClient bigClient = new RequestClient(bigServer.localAddress(), InetAddress.getLoopbackAddress()))
        {
            bigServer.start();
            bigClient.request(SESSION, 2, 100_000);

            await(() ->
            {
                bigClient.poll(this::onReply, FLOW);
                return bigServer.messagesSent() == 0xFFFE && messagesReceived() == 0xFFFE;
            });
            assertReplies(2, 0xFFFE);
            assertThat(bigServer.packetsSent()).isEqualTo(replies.size());
        }
    }

    @Test
    void theRequestOnTheWireCarriesTheCappedCount() throws IOException
    {
        try (DatagramChannel fake = DatagramChannel.open())
        {
            fake.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (RequestClient direct = new RequestClient((InetSocketAddress)fake.getLocalAddress(), null))
            {
                direct.request(SESSION, 123_456_789_012L, 1_000_000);

                final ByteBuffer received = ByteBuffer.allocate(64);
                fake.receive(received);
                final UnsafeBuffer request = new UnsafeBuffer(received.array(), 0, received.position());
                assertThat(received.position()).isEqualTo(20);
                assertThat(MoldRequest.validate(request, 0, 20)).isEqualTo(MoldRequest.VALID);
                assertThat(MoldRequest.sessionEquals(request, 0, SESSION)).isTrue();
                assertThat(MoldRequest.sequenceNumber(request, 0)).isEqualTo(123_456_789_012L);
                assertThat(MoldRequest.requestedMessageCount(request, 0)).isEqualTo(0xFFFE);
            }
        }
    }

    @Test
    void ignoresAndCountsAnotherSession()
    {
        client.request(MoldUDP64.session("WB0000002"), 1, 10);
        client.request(SESSION, 20, 1);

        awaitMessages(1);
        assertReplies(20, 1);
        assertThat(server.requests()).isEqualTo(2);
        assertThat(server.badRequests()).isEqualTo(1);
        assertThat(server.wrongSessionRequests()).isEqualTo(1);
        assertThat(server.messagesSent()).isEqualTo(1);
    }

    @Test
    void ignoresAndCountsMalformedRequests() throws IOException
    {
        try (DatagramChannel raw = DatagramChannel.open())
        {
            raw.connect(server.localAddress());
            final UnsafeBuffer request = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
            MoldRequest.encode(request, 0, SESSION, 1, 10);
            raw.write(request.byteBuffer().duplicate().clear().limit(19));
            raw.write(request.byteBuffer().duplicate().clear().limit(21));
            MoldUDP64.header(request, 0, SESSION, 0, 10);
            raw.write(request.byteBuffer().duplicate().clear().limit(20));
            MoldUDP64.header(request, 0, SESSION, 1, 0);
            raw.write(request.byteBuffer().duplicate().clear().limit(20));
            MoldUDP64.endOfSession(request, 0, SESSION, 1);
            raw.write(request.byteBuffer().duplicate().clear().limit(20));
        }
        client.request(SESSION, 30, 2);

        awaitMessages(2);
        assertReplies(30, 2);
        assertThat(server.requests()).isEqualTo(6);
        assertThat(server.badRequests()).isEqualTo(5);
        assertThat(server.wrongSessionRequests()).isZero();
    }

    @Test
    void closeStopsTheServer() throws IOException
    {
        server.close();
        client.request(SESSION, 1, 1);

        LockSupport.parkNanos(100_000_000L);
        client.poll(this::onReply, FLOW);
        assertThat(replies).isEmpty();
    }

    private void awaitMessages(final long count)
    {
        await(() ->
        {
            client.poll(this::onReply, FLOW);
            return messagesReceived() >= count;
        });
        LockSupport.parkNanos(20_000_000L);
        client.poll(this::onReply, FLOW);
    }

    private static void await(final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("reply within 10 s").isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
    }

    private long messagesReceived()
    {
        return replies.stream().mapToLong(reply -> reply.messages().size()).sum();
    }

    private void onReply(
        final int flow, final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos)
    {
        assertThat(packet.wrap(buffer, offset, length)).isTrue();
        assertThat(packet.validate()).as(MoldPacket.reason(packet.validate())).isEqualTo(MoldPacket.VALID);
        assertThat(packet.sessionEquals(SESSION)).isTrue();
        assertThat(packet.isHeartbeat() || packet.isEndOfSession()).isFalse();
        assertThat(arrivalNanos).isPositive();
        final List<byte[]> messages = new ArrayList<>();
        packet.forEachMessage(0, (b, o, l) ->
        {
            final byte[] message = new byte[l];
            b.getBytes(o, message);
            messages.add(message);
        });
        replies.add(new Reply(packet.sequenceNumber(), messages, length, flow));
    }

    /** The replies hold exactly messages first..first + count - 1, in order, byte for byte. */
    private void assertReplies(final long first, final long count)
    {
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[64]);
        long next = first;
        for (final Reply reply : replies)
        {
            assertThat(reply.firstSequenceNumber()).isEqualTo(next);
            for (final byte[] message : reply.messages())
            {
                final int length = StoredMessages.write(expected, next);
                final byte[] want = new byte[length];
                expected.getBytes(0, want);
                assertThat(message).as("message %d", next).isEqualTo(want);
                next++;
            }
        }
        assertThat(next - first).isEqualTo(count);
    }
}
