package io.wirebook.rx.socket;

import java.lang.foreign.Arena;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.sys.Libc;
import org.agrona.DirectBuffer;

/**
 * TX for the kernel-socket paths (socket, socket-spin, recvmmsg), on their own sockets
 * ({@link KernelSocketTransmitter}): {@link #flush} hands the queue over in one call, sendmsg for one datagram,
 * sendmmsg for more (both MSG_DONTWAIT: a full send buffer refuses rather than blocks, and is counted as
 * {@code tx.ring_full}).
 */
public final class SocketTransmitter extends KernelSocketTransmitter
{
    /** Datagrams one flush hands to sendmmsg at most; a fuller queue refuses. */
    public static final int QUEUE_SLOTS = 32;

    private final int[] slotFds = new int[QUEUE_SLOTS];
    private int queued;

    /**
     * @param maxPayload the longest payload a send takes.
     */
    public SocketTransmitter(
        final String name, final Arena arena, final MulticastSockets sockets, final CurrentDatagram current,
        final int maxPayload, final HandlerCounters counters)
    {
        super(name, arena, sockets.all()[0], current, QUEUE_SLOTS, maxPayload, counters);
    }

    /** Links the send call sites now: linking a handle's call site allocates, which should not happen per send. */
    void warmUp()
    {
        SocketCalls.sendmmsgNoWait(-1, slots.headerAddress(0), 0);
        SocketCalls.sendmsgNoWait(-1, slots.headerAddress(0));
    }

    @Override
    protected boolean enqueue(
        final int fd, final int address, final int port, final DirectBuffer payload, final int offset,
        final int length)
    {
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
}
