package io.wirebook.strategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

import io.wirebook.ouch.EnterOrder;
import io.wirebook.rx.RxPath;
import io.wirebook.soupbintcp.SoupBinTCP;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * OUCH over SoupBinTCP 3.00 on kernel TCP, as NASDAQ order entry runs: the route logs in (Login Request, Login
 * Accepted) and sends each order as an Unsequenced Data packet. It ignores the receive path: kernel TCP is the
 * baseline every path can use.
 *
 * <p>The session is set up off the poll thread (a connect and a login block): a thread of its own, started by
 * {@link #open} on the poll thread (so in its network namespace), connects and logs in, retrying every
 * {@link #RETRY_NANOS} until it is in or the sender closes. Until then {@link OrderSender#send()} refuses.
 */
public final class SoupBinTcpRoute implements OrderRoute
{
    public static final String TRANSPORT = "soupbintcp";
    private static final long LOGIN_TIMEOUT_NANOS = 5_000_000_000L;
    static final long RETRY_NANOS = 100_000_000L;
    private static final long LOGIN_POLL_NANOS = 100_000L;

    private final InetSocketAddress gateway;
    private final String username;
    private final String password;

    public SoupBinTcpRoute(final InetSocketAddress gateway, final String username, final String password)
    {
        this.gateway = gateway;
        this.username = username;
        this.password = password;
    }

    @Override
    public OrderSender open(final RxPath path)
    {
        final Sender sender = new Sender(gateway);
        final Thread login = new Thread(() -> logIn(sender), "soupbintcp-login");
        login.setDaemon(true);
        login.start();
        return sender;
    }

    private void logIn(final Sender sender)
    {
        while (!sender.closed)
        {
            try
            {
                sender.connected(connect());
                return;
            }
            catch (final IOException ex)
            {
                sender.lastLoginFailure = ex.getMessage();
                LockSupport.parkNanos(RETRY_NANOS);
            }
        }
    }

    private SocketChannel connect() throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(gateway);
            final ByteBuffer login = ByteBuffer.allocateDirect(SoupBinTCP.MAX_FRAME_LENGTH);
            final UnsafeBuffer frame = new UnsafeBuffer(login);
            final int length = SoupBinTCP.loginRequest(frame, 0, username, password, null, 0);
            login.limit(length);
            while (login.hasRemaining())
            {
                channel.write(login);
            }
            channel.configureBlocking(false);
            awaitLoginAccepted(channel, login, frame);
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    private static void awaitLoginAccepted(final SocketChannel channel, final ByteBuffer bytes,
        final UnsafeBuffer frame) throws IOException
    {
        bytes.clear();
        final long deadline = System.nanoTime() + LOGIN_TIMEOUT_NANOS;
        while (true)
        {
            if (channel.read(bytes) < 0)
            {
                throw new IOException("the gateway closed the connection at login");
            }
            final int have = bytes.position();
            if (have >= SoupBinTCP.PACKET_LENGTH_FIELD_LENGTH && have >= SoupBinTCP.frameLength(frame, 0))
            {
                final byte type = SoupBinTCP.packetType(frame, 0);
                if (type == SoupBinTCP.LOGIN_ACCEPTED)
                {
                    return;
                }
                throw new IOException(type == SoupBinTCP.LOGIN_REJECTED ? "login rejected" :
                    "unexpected packet type '" + (char)type + "' at login");
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IOException("no Login Accepted within 5 s");
            }
            // This thread was started on the poll thread and shares its CPU: it waits without spinning.
            LockSupport.parkNanos(LOGIN_POLL_NANOS);
        }
    }

    /** One logged-in session: a frame buffer the order is written into, sent whole with one non-blocking write. */
    private static final class Sender implements OrderSender
    {
        private static final int FRAME_LENGTH = SoupBinTCP.HEADER_LENGTH + EnterOrder.FIXED_LENGTH + 256;

        private final InetSocketAddress gateway;
        private volatile SocketChannel channel;
        private volatile boolean closed;
        private volatile String lastLoginFailure = "not tried yet";
        private final ByteBuffer bytes = ByteBuffer.allocateDirect(FRAME_LENGTH);
        private final UnsafeBuffer frame = new UnsafeBuffer(bytes);
        private final EnterOrder order = new EnterOrder();
        private long sent;
        private long refused;

        Sender(final InetSocketAddress gateway)
        {
            this.gateway = gateway;
        }

        /** From the login thread: the session is up. A sender closed meanwhile closes it at once. */
        void connected(final SocketChannel channel) throws IOException
        {
            this.channel = channel;
            if (closed)
            {
                channel.close();
            }
        }

        @Override
        public EnterOrder enterOrder()
        {
            return order.wrap(frame, SoupBinTCP.PAYLOAD_OFFSET);
        }

        @Override
        public boolean send()
        {
            final SocketChannel channel = this.channel;
            if (channel == null)
            {
                refused++;
                return false;
            }
            final int length = order.length();
            SoupBinTCP.header(frame, 0, SoupBinTCP.UNSEQUENCED_DATA, length);
            bytes.limit(SoupBinTCP.HEADER_LENGTH + length).position(0);
            try
            {
                if (channel.write(bytes) == 0)
                {
                    refused++;
                    return false;
                }
                // A frame begun must end, or the stream is lost: the rest goes as soon as the socket takes it.
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
            }
            catch (final IOException ex)
            {
                // The session is over: said once, and every later order is refused rather than failing again.
                this.channel = null;
                closeQuietly(channel);
                refused++;
                throw new UncheckedIOException("SoupBinTCP order gateway " + gateway + " connection failed; " +
                    "later orders are refused", ex);
            }
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

        private static void closeQuietly(final SocketChannel channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // it is gone either way
            }
        }

        /** Why the last login failed, while the session is not up. */
        @Override
        public String toString()
        {
            return "soupbintcp to " + gateway + (channel != null ? " (logged in)" : " (not logged in: " +
                lastLoginFailure + ")");
        }

        @Override
        public void close()
        {
            closed = true;
            final SocketChannel channel = this.channel;
            if (channel == null)
            {
                return;
            }
            try
            {
                if (channel.isOpen())
                {
                    bytes.clear();
                    bytes.limit(SoupBinTCP.emptyPacket(frame, 0, SoupBinTCP.LOGOUT_REQUEST));
                    channel.write(bytes);
                }
                channel.close();
            }
            catch (final IOException ignored)
            {
                // the session ends either way
            }
        }
    }
}
