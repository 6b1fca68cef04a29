package io.wirebook.rx.dpdk;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.tx.TxCounters;
import io.wirebook.tx.TxPath;
import io.wirebook.tx.UdpEndpoint;
import org.agrona.DirectBuffer;

/**
 * TX for dpdk: each port's Tx queue 0, through the PMD's transmit function read from {@code rte_eth_fp_ops} like the
 * receive one ({@link FastPathOps}). A reply goes out on the port its request came in on, in the very mbuf it came
 * in (turned around in place) when its payload is that frame's; a send goes out on the first port, in an mbuf of
 * the port's pool (rte_pktmbuf_copy from a stand-in mbuf the frame is built in). Frames carry Ethernet, IPv4 and
 * UDP headers with both checksums, from the port's MAC; a send names the next hop's MAC in its endpoint.
 * {@link #flush} is one tx burst per port; mbufs the PMD did not take stay queued for the next.
 */
final class DpdkTransmitter implements TxPath
{
    private final DpdkPort[] ports;
    private final TxCounters counters;
    private final UdpEndpoint replyTo = new UdpEndpoint();
    private int current;

    DpdkTransmitter(final DpdkPort[] ports, final HandlerCounters counters)
    {
        this.ports = ports;
        this.counters = new TxCounters(counters);
    }

    /** The path polls port {@code index} next: replies and sources refer to its frames. */
    void polling(final int index)
    {
        current = index;
    }

    @Override
    public String name()
    {
        return DpdkRxPath.NAME;
    }

    @Override
    public boolean send(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        return sendCopy(ports[0], to, payload, offset, length);
    }

    @Override
    public boolean reply(final DirectBuffer payload, final int offset, final int length)
    {
        final DpdkPort port = ports[current];
        final int inPlace = port.replyInPlace(payload, offset, length);
        if (inPlace == DpdkPort.QUEUED)
        {
            counters.inPlace.incrementRelease();
            return true;
        }
        if (inPlace == DpdkPort.TX_FULL)
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        if (!port.currentSource(replyTo))
        {
            throw new IllegalStateException("dpdk reply outside a DatagramHandler call: nothing to reply to");
        }
        return sendCopy(port, replyTo, payload, offset, length);
    }

    private boolean sendCopy(
        final DpdkPort port, final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        if (length > port.maxTxPayload())
        {
            counters.tooLong.incrementRelease();
            return false;
        }
        if (!to.hasMac())
        {
            counters.noMac.incrementRelease();
            return false;
        }
        if (!port.sendCopy(to, payload, offset, length))
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        return true;
    }

    @Override
    public void source(final UdpEndpoint into)
    {
        if (!ports[current].currentSource(into))
        {
            throw new IllegalStateException("dpdk source outside a DatagramHandler call: no datagram handed over");
        }
    }

    @Override
    public int flush()
    {
        int sent = 0;
        for (final DpdkPort port : ports)
        {
            sent += port.flushTx();
        }
        if (sent != 0)
        {
            counters.sent.getAndAddRelease(sent);
        }
        return sent;
    }

    @Override
    public int maxPayload()
    {
        return ports[0].maxTxPayload();
    }

    @Override
    public int localPort()
    {
        return ports[0].localPort();
    }
}
