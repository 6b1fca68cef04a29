package io.wirebook.rx.socket;

import java.lang.foreign.Arena;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.sys.Libc;
import io.wirebook.tx.TxCounters;
import io.wirebook.tx.TxPath;
import io.wirebook.tx.UdpEndpoint;
import org.agrona.DirectBuffer;

/**
 * TX for the kernel-socket paths (socket, socket-spin, recvmmsg): datagrams leave through the very sockets the path
 * receives on, bound to the flows' ports, so a reply comes from the port its request went to. A send fills one of
 * {@link SendSlots}; {@link #flush} hands the queue over in one call, sendmsg for one datagram, sendmmsg for more
 * (both MSG_DONTWAIT: a full send buffer refuses rather than blocks, and is counted as {@code tx.ring_full}). The
 * kernel builds the headers, routes, resolves the next hop and sums the checksums.
 *
 * <p>The source of the datagram being handed over comes from the path's {@link DatagramDispatcher}.
 */
public final class SocketTransmitter implements TxPath
{
    /** Datagrams one flush hands to sendmmsg at most; a fuller queue refuses. */
    public static final int QUEUE_SLOTS = 32;

    private final String name;
    private final SendSlots slots;
    private final DatagramDispatcher dispatcher;
    private final MulticastSocket firstSocket;
    private final int[] slotFds = new int[QUEUE_SLOTS];
    private final TxCounters counters;
    private int queued;

    /**
     * @param maxPayload the longest payload a send takes.
     */
    public SocketTransmitter(
        final String name, final Arena arena, final MulticastSockets sockets, final DatagramDispatcher dispatcher,
        final int maxPayload, final HandlerCounters counters)
    {
        this.name = name;
        this.slots = new SendSlots(arena, QUEUE_SLOTS, maxPayload);
        this.dispatcher = dispatcher;
        this.firstSocket = sockets.all()[0];
        this.counters = new TxCounters(counters);
    }

    /** Links the send call sites now: linking a handle's call site allocates, which should not happen per send. */
    void warmUp()
    {
        SocketCalls.sendmmsgNoWait(-1, slots.headerAddress(0), 0);
        SocketCalls.sendmsgNoWait(-1, slots.headerAddress(0));
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean send(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        return enqueue(firstSocket.fd(), to.address(), to.port(), payload, offset, length);
    }

    @Override
    public boolean reply(final DirectBuffer payload, final int offset, final int length)
    {
        return enqueue(dispatcher.currentSocket().fd(), dispatcher.currentSource(), dispatcher.currentSourcePort(),
            payload, offset, length);
    }

    @Override
    public void source(final UdpEndpoint into)
    {
        into.set(dispatcher.currentSource(), dispatcher.currentSourcePort());
    }

    private boolean enqueue(
        final int fd, final int address, final int port, final DirectBuffer payload, final int offset,
        final int length)
    {
        if (length > slots.payloadSize())
        {
            counters.tooLong.incrementRelease();
            return false;
        }
        if (queued > 0 && slotFds[queued - 1] != fd)
        {
            // sendmmsg takes one socket: a datagram for another one sends what is queued first.
            flush();
        }
        if (queued == QUEUE_SLOTS)
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        slots.fill(queued, address, port, payload, offset, length);
        slotFds[queued++] = fd;
        return true;
    }

    @Override
    public int flush()
    {
        if (queued == 0)
        {
            return 0;
        }
        final int fd = slotFds[0];
        final int sent;
        if (queued == 1)
        {
            sent = SocketCalls.sendmsgNoWait(fd, slots.headerAddress(0)) >= 0 ? 1 : -1;
        }
        else
        {
            sent = SocketCalls.sendmmsgNoWait(fd, slots.headerAddress(0), queued);
        }
        if (sent < 0)
        {
            countRefused(queued);
        }
        else
        {
            counters.sent.getAndAddRelease(sent);
            if (sent < queued)
            {
                countRefused(queued - sent);
            }
        }
        final int handed = Math.max(sent, 0);
        queued = 0;
        return handed;
    }

    private void countRefused(final int count)
    {
        if (SocketCalls.errno() == Libc.EAGAIN)
        {
            counters.ringFull.getAndAddRelease(count);
        }
        else
        {
            counters.errors.getAndAddRelease(count);
        }
    }

    @Override
    public int maxPayload()
    {
        return slots.payloadSize();
    }

    @Override
    public int localPort()
    {
        return firstSocket.port();
    }
}
