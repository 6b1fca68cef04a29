package io.wirebook.recovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.mold.MoldRequest;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The handler's side of MoldUDP64 re-request: sends 20-byte requests to one request server and hands its unicast
 * replies (ordinary downstream packets) to a {@link DatagramHandler}, as a receive path would.
 *
 * <p>The socket is connected to the server, so the kernel drops datagrams from anyone else: a forged reply must
 * come from the server's address and port. It never blocks, and after construction it allocates nothing. One
 * thread (the feed handler's poll thread) uses it.
 */
public final class RequestClient implements AutoCloseable
{
    /** Largest UDP payload over IPv4. */
    public static final int RECEIVE_BUFFER_LENGTH = 64 * 1024;
    /**
     * Kernel receive buffer asked for: a reply of 0xFFFE messages is about 1,700 packets sent back to back, more
     * than the default buffer holds before the poll thread gets to them. The kernel caps it at net.core.rmem_max.
     */
    public static final int SOCKET_RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

    private final DatagramChannel channel;
    private final ByteBuffer requestBytes = ByteBuffer.allocateDirect(MoldRequest.LENGTH);
    private final UnsafeBuffer request = new UnsafeBuffer(requestBytes);
    private final ByteBuffer receiveBytes = ByteBuffer.allocateDirect(RECEIVE_BUFFER_LENGTH);
    private final UnsafeBuffer receive = new UnsafeBuffer(receiveBytes);
    private final AtomicCounter repliesReceived;
    private final AtomicCounter sendFailures;

    /**
     * With counters of its own.
     *
     * @param server              the request server's address and port.
     * @param localAddressOrNull  the local IPv4 address to send from (the line's interface), or null for any.
     */
    public RequestClient(final InetSocketAddress server, final InetAddress localAddressOrNull) throws IOException
    {
        this(server, localAddressOrNull, HandlerCounters.inMemory(2), 0);
    }

    /**
     * Counting in a handler's counters as channel {@code channelIndex}'s {@code recovery.replies} and
     * {@code recovery.request_send_failures} (the sequencer counts the requests it makes).
     */
    public RequestClient(final InetSocketAddress server, final InetAddress localAddressOrNull,
        final HandlerCounters counters, final int channelIndex) throws IOException
    {
        repliesReceived = counters.channel(channelIndex, "recovery.replies");
        sendFailures = counters.channel(channelIndex, "recovery.request_send_failures");
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try
        {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(localAddressOrNull, 0));
            channel.connect(server);
            channel.configureBlocking(false);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Sends one request for {@code count} messages from {@code sequenceNumber} on, {@code count} capped at
     * {@link MoldRequest#MAX_REQUEST_COUNT}.
     *
     * @param session the channel's ten-byte MoldUDP64 session.
     * @return false, counted in {@link #sendFailures()}, if the kernel did not take it (buffer full, no route,
     * an ICMP error from an earlier request).
     */
    public boolean request(final byte[] session, final long sequenceNumber, final int count)
    {
        MoldRequest.encode(request, 0, session, sequenceNumber, count);
        requestBytes.clear();
        try
        {
            if (channel.write(requestBytes) == MoldRequest.LENGTH)
            {
                return true;
            }
        }
        catch (final IOException ex)
        {
            // A port unreachable from an earlier request surfaces here; the caller's timer retries.
        }
        sendFailures.incrementRelease();
        return false;
    }

    /**
     * Reads every reply waiting, without blocking, and hands each whole datagram to {@code handler}, valid only
     * during the call.
     *
     * @param flow what {@code handler} gets as its flow index (the feed handler's number for this channel's
     *             recovery flow).
     * @return the number of datagrams handed over.
     */
    public int poll(final DatagramHandler handler, final int flow)
    {
        int count = 0;
        while (true)
        {
            receiveBytes.clear();
            final int length;
            try
            {
                length = channel.read(receiveBytes);
            }
            catch (final PortUnreachableException ex)
            {
                // An ICMP error queued on the connected socket: it reports an earlier send, not this read.
                continue;
            }
            catch (final IOException ex)
            {
                return count;
            }
            if (length <= 0)
            {
                return count;
            }
            repliesReceived.incrementRelease();
            count++;
            handler.onDatagram(flow, receive, 0, length, HostClock.nanos());
        }
    }

    public long repliesReceived()
    {
        return repliesReceived.get();
    }

    public long sendFailures()
    {
        return sendFailures.get();
    }

    /** The local address and port the replies come to. */
    public InetSocketAddress localAddress() throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }
}
