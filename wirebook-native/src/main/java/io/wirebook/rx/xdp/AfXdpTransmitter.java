package io.wirebook.rx.xdp;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.tx.TxCounters;
import io.wirebook.tx.TxPath;
import io.wirebook.tx.UdpEndpoint;
import io.wirebook.tx.UdpFrameBuilder;
import org.agrona.DirectBuffer;

/**
 * TX for af-xdp: each interface's XDP socket sends on its own TX ring and takes its frames back from its
 * completion ring, both on the UMEM it receives into ({@link XskSocket}). A reply goes out on the interface its
 * request came in on, in the very frame it came in (turned around in place) when its payload is that frame's; a
 * send goes out on the first interface, copied into a free frame. Frames carry Ethernet, IPv4 and UDP headers
 * with both checksums ({@link UdpFrameBuilder}), from the interface's MAC and address and the port of its first
 * flow; a send names the next hop's MAC in its endpoint.
 */
final class AfXdpTransmitter implements TxPath
{
    private final XdpInterface[] interfaces;
    private final TxCounters counters;
    private final UdpEndpoint replyTo = new UdpEndpoint();
    private int current;

    AfXdpTransmitter(final XdpInterface[] interfaces, final HandlerCounters counters)
    {
        this.interfaces = interfaces;
        this.counters = new TxCounters(counters);
    }

    /** The path polls interface {@code index} next: replies and sources refer to its frames. */
    void polling(final int index)
    {
        current = index;
    }

    @Override
    public String name()
    {
        return AfXdpRxPath.NAME;
    }

    @Override
    public boolean send(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        return sendCopy(interfaces[0], to, payload, offset, length);
    }

    @Override
    public boolean reply(final DirectBuffer payload, final int offset, final int length)
    {
        final XdpInterface line = interfaces[current];
        final int inPlace = line.socket().replyInPlace(line.frameBuilder(), payload, offset, length);
        if (inPlace == XskSocket.QUEUED)
        {
            counters.inPlace.incrementRelease();
            return true;
        }
        if (inPlace == XskSocket.TX_RING_FULL)
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        if (!line.socket().currentSource(replyTo))
        {
            throw new IllegalStateException("af-xdp reply outside a DatagramHandler call: nothing to reply to");
        }
        return sendCopy(line, replyTo, payload, offset, length);
    }

    private boolean sendCopy(
        final XdpInterface line, final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        if (length > line.socket().maxTxPayload())
        {
            counters.tooLong.incrementRelease();
            return false;
        }
        if (!to.hasMac())
        {
            counters.noMac.incrementRelease();
            return false;
        }
        if (!line.socket().sendCopy(line.frameBuilder(), to, payload, offset, length))
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        return true;
    }

    @Override
    public void source(final UdpEndpoint into)
    {
        if (!interfaces[current].socket().currentSource(into))
        {
            throw new IllegalStateException("af-xdp source outside a DatagramHandler call: no datagram handed over");
        }
    }

    @Override
    public int flush()
    {
        int published = 0;
        int completed = 0;
        for (final XdpInterface line : interfaces)
        {
            published += line.socket().flushTx();
            completed += line.socket().lastCompleted();
        }
        if (published != 0)
        {
            counters.sent.getAndAddRelease(published);
        }
        if (completed != 0)
        {
            counters.completed.getAndAddRelease(completed);
        }
        return published;
    }

    @Override
    public int maxPayload()
    {
        return interfaces[0].socket().maxTxPayload();
    }

    @Override
    public int localPort()
    {
        return interfaces[0].localPort();
    }
}
