package io.wirebook.rx.socket;

import java.lang.foreign.Arena;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.tx.TxCounters;
import io.wirebook.tx.TxPath;
import io.wirebook.tx.UdpEndpoint;
import org.agrona.DirectBuffer;

/**
 * What the transmitters of the kernel-socket paths share: datagrams leave through the very sockets the path
 * receives on, bound to the flows' ports, so a reply comes from the port its request went to; a send goes from the
 * first socket. Each is queued in one of {@link SendSlots}; the subclass hands the queue to the kernel its own way
 * (sendmsg/sendmmsg, io_uring SENDMSG). The kernel builds the headers, routes, resolves the next hop and sums the
 * checksums, so the endpoint's MAC is not used.
 */
public abstract class KernelSocketTransmitter implements TxPath
{
    protected final SendSlots slots;
    protected final TxCounters counters;
    private final String name;
    private final MulticastSocket firstSocket;
    private final CurrentDatagram current;

    /**
     * @param current    the datagram the path is handing over, which a reply answers.
     * @param slotCount  datagrams queued or in flight at once.
     * @param maxPayload the longest payload a send takes.
     */
    protected KernelSocketTransmitter(
        final String name, final Arena arena, final MulticastSocket firstSocket, final CurrentDatagram current,
        final int slotCount, final int maxPayload, final HandlerCounters counters)
    {
        this.name = name;
        this.slots = new SendSlots(arena, slotCount, maxPayload);
        this.firstSocket = firstSocket;
        this.current = current;
        this.counters = new TxCounters(counters);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean send(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        return checkedEnqueue(firstSocket.fd(), to.address(), to.port(), payload, offset, length);
    }

    @Override
    public boolean reply(final DirectBuffer payload, final int offset, final int length)
    {
        return checkedEnqueue(current.socket().fd(), current.source(), current.sourcePort(), payload, offset,
            length);
    }

    @Override
    public void source(final UdpEndpoint into)
    {
        into.set(current.source(), current.sourcePort());
    }

    private boolean checkedEnqueue(
        final int fd, final int address, final int port, final DirectBuffer payload, final int offset,
        final int length)
    {
        if (length > slots.payloadSize())
        {
            counters.tooLong.incrementRelease();
            return false;
        }
        return enqueue(fd, address, port, payload, offset, length);
    }

    /**
     * Queues one datagram of at most {@link #maxPayload()} bytes for socket {@code fd}, counting a refusal.
     *
     * @return false when there is no room (counted as {@code tx.ring_full}).
     */
    protected abstract boolean enqueue(
        int fd, int address, int port, DirectBuffer payload, int offset, int length);

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
