package io.wirebook.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

import io.wirebook.mold.MoldRequest;
import io.wirebook.mold.MoldUDP64;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The exchange's MoldUDP64 request server, as NASDAQ's specification describes it: it takes 20-byte requests
 * (session, sequence number, count) on a UDP socket of its own and answers each by unicast to the requester with
 * ordinary downstream packets from one channel's {@link MessageStore}.
 *
 * <p>A reply starts at the requested sequence number and holds at most the requested count and at most what the
 * store has, in packets of at most {@code maxPayloadBytes}. A request from beyond the end of the store gets nothing:
 * the requester asks again. A malformed request or one for another session is counted and ignored.
 *
 * <p>It runs on a daemon thread of its own and allocates nothing per request, except what the JDK does to name
 * the sender of a datagram.
 */
public final class RequestServer implements AutoCloseable
{
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1400;
    private static final int MAX_UDP_PAYLOAD = 65_507;

    private final MessageStore store;
    private final byte[] session;
    private final int maxPayloadBytes;
    private final DatagramChannel channel;
    private final ByteBuffer requestBytes = ByteBuffer.allocateDirect(MoldRequest.LENGTH + 1);
    private final UnsafeBuffer request = new UnsafeBuffer(requestBytes);
    private final ByteBuffer packetBytes = ByteBuffer.allocateDirect(MAX_UDP_PAYLOAD);
    private final UnsafeBuffer packet = new UnsafeBuffer(packetBytes);
    private final ServerThread serving;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong wrongSessionRequests = new AtomicLong();

    /** A server with packets of at most {@link #DEFAULT_MAX_PAYLOAD_BYTES}. */
    public RequestServer(final InetSocketAddress bindAddress, final byte[] session, final MessageStore store)
        throws IOException
    {
        this(bindAddress, session, store, DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /**
     * Binds the socket; {@link #start()} starts answering.
     *
     * @param bindAddress     the address and port to take requests on.
     * @param session         the channel's ten-byte MoldUDP64 session.
     * @param store           the channel's sent messages.
     * @param maxPayloadBytes the largest reply packet (UDP payload).
     */
    public RequestServer(
        final InetSocketAddress bindAddress, final byte[] session, final MessageStore store,
        final int maxPayloadBytes) throws IOException
    {
        if (session.length != MoldUDP64.SESSION_LENGTH)
        {
            throw new IllegalArgumentException("session must be 10 bytes: " + session.length);
        }
        if (maxPayloadBytes < MoldUDP64.HEADER_LENGTH + MoldUDP64.MESSAGE_LENGTH_PREFIX + 1 ||
            maxPayloadBytes > MAX_UDP_PAYLOAD)
        {
            throw new IllegalArgumentException("max payload must be 23.." + MAX_UDP_PAYLOAD + ": " + maxPayloadBytes);
        }
        this.store = store;
        this.session = session.clone();
        this.maxPayloadBytes = maxPayloadBytes;
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        serving = ServerThread.bind("request server", channel, bindAddress, false, this::run);
    }

    public void start()
    {
        serving.start();
    }

    /** The bound address and port (the port the kernel chose, if asked for 0). */
    public InetSocketAddress localAddress() throws IOException
    {
        return serving.localAddress();
    }

    /** Requests received, well-formed or not. */
    public long requests()
    {
        return requests.get();
    }

    public long messagesSent()
    {
        return messagesSent.get();
    }

    public long packetsSent()
    {
        return packetsSent.get();
    }

    /** Requests ignored: malformed, or for another session (those also in {@link #wrongSessionRequests()}). */
    public long badRequests()
    {
        return badRequests.get();
    }

    public long wrongSessionRequests()
    {
        return wrongSessionRequests.get();
    }

    @Override
    public void close() throws IOException
    {
        serving.close();
    }

    private void run()
    {
        while (serving.running())
        {
            final SocketAddress requester;
            requestBytes.clear();
            try
            {
                requester = channel.receive(requestBytes);
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                continue;
            }
            requests.incrementAndGet();
            // A datagram longer than a request fills the one spare byte, so the length check sees it.
            final int length = requestBytes.position();
            if (MoldRequest.validate(request, 0, length) != MoldRequest.VALID)
            {
                badRequests.incrementAndGet();
                continue;
            }
            if (!MoldRequest.sessionEquals(request, 0, session))
            {
                wrongSessionRequests.incrementAndGet();
                badRequests.incrementAndGet();
                continue;
            }
            answer(requester, MoldRequest.sequenceNumber(request, 0), MoldRequest.requestedMessageCount(request, 0));
        }
    }

    private void answer(final SocketAddress requester, final long firstSequenceNumber, final int count)
    {
        final long available = store.size();
        if (firstSequenceNumber > available)
        {
            return;
        }
        long end = firstSequenceNumber + Math.min(count, available - firstSequenceNumber + 1);
        long next = firstSequenceNumber;
        while (next < end)
        {
            final long packetFirst = next;
            int position = MoldUDP64.HEADER_LENGTH;
            int messages = 0;
            while (next < end)
            {
                final int length = store.length(next);
                final int blockLength = MoldUDP64.MESSAGE_LENGTH_PREFIX + length;
                if (MoldUDP64.HEADER_LENGTH + blockLength > MAX_UDP_PAYLOAD)
                {
                    // No datagram can carry it: the reply ends before it.
                    end = next;
                    break;
                }
                // A message too long for maxPayloadBytes still goes, alone in its packet.
                if (messages > 0 && position + blockLength > maxPayloadBytes)
                {
                    break;
                }
                packet.putShort(position, (short)length, ByteOrder.BIG_ENDIAN);
                store.copy(next, packet, position + MoldUDP64.MESSAGE_LENGTH_PREFIX);
                position += blockLength;
                messages++;
                next++;
            }
            if (messages == 0)
            {
                return;
            }
            MoldUDP64.header(packet, 0, session, packetFirst, messages);
            packetBytes.clear().limit(position);
            try
            {
                channel.send(packetBytes, requester);
            }
            catch (final IOException ex)
            {
                // The requester's route or buffer is gone: the rest of this reply would go the same way.
                return;
            }
            packetsSent.incrementAndGet();
            messagesSent.addAndGet(messages);
        }
    }
}
