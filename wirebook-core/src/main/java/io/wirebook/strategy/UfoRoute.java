package io.wirebook.strategy;

import java.nio.ByteBuffer;

import io.wirebook.ouch.EnterOrder;
import io.wirebook.ouch.UfoFraming;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.tx.TxPath;
import io.wirebook.tx.UdpEndpoint;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * OUCH over UDP, framed by {@link UfoFraming}, sent through the receive path's own transmitter: the order leaves on
 * the socket, XDP socket or DPDK port the market data came in on, in the same poll. Each order is its own datagram,
 * flushed at once.
 */
public final class UfoRoute implements OrderRoute
{
    public static final String TRANSPORT = "ufo";
    private static final int FRAME_LENGTH = UfoFraming.FIRST_MESSAGE_OFFSET + EnterOrder.FIXED_LENGTH + 256;

    private final int address;
    private final int port;
    private final long mac;
    private final byte[] session;

    /**
     * @param address the gateway's IPv4 address, host order.
     * @param mac     the next hop's MAC for the raw-frame paths, or {@link UdpEndpoint#NO_MAC} on socket paths.
     * @param session the 10-byte session the datagrams carry.
     */
    public UfoRoute(final int address, final int port, final long mac, final byte[] session)
    {
        if (session.length != UfoFraming.SESSION_LENGTH)
        {
            throw new IllegalArgumentException("the session is " + UfoFraming.SESSION_LENGTH + " bytes");
        }
        this.address = address;
        this.port = port;
        this.mac = mac;
        this.session = session.clone();
    }

    @Override
    public OrderSender open(final RxPath path) throws RxUnavailableException
    {
        final TxPath tx;
        try
        {
            tx = path.transmitter();
        }
        catch (final UnsupportedOperationException ex)
        {
            throw new RxUnavailableException(ex.getMessage() + ", so it cannot send OUCH over UDP; fix: a path " +
                "with TX, or the SoupBinTCP route over kernel TCP");
        }
        return new Sender(tx, new UdpEndpoint().set(address, port, mac), session);
    }

    private static final class Sender implements OrderSender
    {
        private final TxPath tx;
        private final UdpEndpoint to;
        private final byte[] session;
        private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(FRAME_LENGTH));
        private final EnterOrder order = new EnterOrder();
        private long nextSequenceNumber = 1;
        private long sent;
        private long refused;

        Sender(final TxPath tx, final UdpEndpoint to, final byte[] session)
        {
            this.tx = tx;
            this.to = to;
            this.session = session;
        }

        @Override
        public EnterOrder enterOrder()
        {
            return order.wrap(frame, UfoFraming.FIRST_MESSAGE_OFFSET);
        }

        @Override
        public boolean send()
        {
            final int length = UfoFraming.frameOne(frame, 0, session, nextSequenceNumber, order.length());
            if (!tx.send(to, frame, 0, length))
            {
                refused++;
                return false;
            }
            tx.flush();
            nextSequenceNumber++;
            sent++;
            return true;
        }

        @Override
        public String transport()
        {
            return TRANSPORT;
        }

        @Override
        public long sent()
        {
            return sent;
        }

        @Override
        public long refused()
        {
            return refused;
        }

        @Override
        public void close()
        {
            // The transmitter is the path's: it goes when the path closes.
        }
    }
}
