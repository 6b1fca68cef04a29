package io.wirebook.tx;

import io.wirebook.counters.HandlerCounters;
import org.agrona.DirectBuffer;

/**
 * TX for a raw-frame path (af-xdp, dpdk) over the {@link FrameTxRing} of each of its interfaces: a reply goes out
 * on the interface its request came in on, in the very frame it came in (turned around in place) when its payload
 * is that frame's, else copied into a frame of its own; a send goes out on the first interface. Frames carry
 * Ethernet, IPv4 and UDP headers with both checksums ({@link UdpFrameBuilder}); a send names the next hop's MAC in
 * its endpoint, a reply goes to the MAC its request came from.
 */
public final class RawFrameTransmitter implements TxPath
{
    private final String name;
    private final FrameTxRing[] rings;
    private final TxCounters counters;
    private final UdpEndpoint replyTo = new UdpEndpoint();
    private int current;

    /** @param rings one per interface, in the order the path polls them. */
    public RawFrameTransmitter(final String name, final FrameTxRing[] rings, final HandlerCounters counters)
    {
        this.name = name;
        this.rings = rings.clone();
        this.counters = new TxCounters(counters);
    }

    /** The path polls interface {@code index} next: replies and sources refer to its frames. */
    public void polling(final int index)
    {
        current = index;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean send(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        return sendCopy(rings[0], to, payload, offset, length);
    }

    @Override
    public boolean reply(final DirectBuffer payload, final int offset, final int length)
    {
        final FrameTxRing ring = rings[current];
        final int inPlace = ring.replyInPlace(payload, offset, length);
        if (inPlace == FrameTxRing.QUEUED)
        {
            counters.inPlace.incrementRelease();
            return true;
        }
        if (inPlace == FrameTxRing.RING_FULL)
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        if (!ring.currentSource(replyTo))
        {
            throw new IllegalStateException(name + " reply outside a DatagramHandler call: nothing to reply to");
        }
        return sendCopy(ring, replyTo, payload, offset, length);
    }

    private boolean sendCopy(
        final FrameTxRing ring, final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        if (length > ring.maxTxPayload())
        {
            counters.tooLong.incrementRelease();
            return false;
        }
        if (!to.hasMac())
        {
            counters.noMac.incrementRelease();
            return false;
        }
        if (!ring.sendCopy(to, payload, offset, length))
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        return true;
    }

    @Override
    public void source(final UdpEndpoint into)
    {
        if (!rings[current].currentSource(into))
        {
            throw new IllegalStateException(name + " source outside a DatagramHandler call: no datagram handed over");
        }
    }

    @Override
    public int flush()
    {
        int published = 0;
        int completed = 0;
        for (final FrameTxRing ring : rings)
        {
            published += ring.flushTx();
            completed += ring.lastCompleted();
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
        return rings[0].maxTxPayload();
    }

    @Override
    public int localPort()
    {
        return rings[0].localPort();
    }
}
