package io.wirebook.sim;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.wirebook.glimpse.EndOfSnapshot;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.soupbintcp.SoupBinTCP;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The exchange's GLIMPSE-style snapshot server: SoupBinTCP 3.00 over kernel TCP, one thread per connection.
 *
 * <p>On a Login Request (any username and password, unless configured) it answers Login Accepted (the channel's
 * session, sequence number 1), then, as Sequenced Data packets, the Stock Directory of every instrument and an Add
 * Order for every order live after message N of the channel's {@link MessageStore}, then an End of Snapshot giving
 * N + 1, then End of Session, and closes. N is the store's size when the login arrives. Wrong credentials get a
 * Login Rejected "not authorized", a requested session other than blank or the channel's "session not available".
 *
 * <p>The state comes from one {@link SnapshotBuilder} that every connection advances to its N in turn, so a login
 * replays only the messages sent since the last one.
 */
public final class SnapshotServer implements AutoCloseable
{
    /** How long a connection may take to send its Login Request, and to close after End of Session. */
    public static final int DEFAULT_SOCKET_TIMEOUT_MS = 10_000;
    /** Longest client packet read: a Login Request is 47 bytes after the length field. */
    private static final int MAX_CLIENT_PACKET_LENGTH = 1024;

    private final MessageStore store;
    private final byte[] session;
    private final String username;
    private final String password;
    private final int socketTimeoutMs;
    private final ServerSocketChannel serverChannel;
    private final SnapshotBuilder builder = new SnapshotBuilder();
    private final ServerThread serving;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong rejectedLogins = new AtomicLong();
    private final AtomicLong snapshotsSent = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();

    /** A server that accepts any username and password. */
    public SnapshotServer(final InetSocketAddress bindAddress, final byte[] session, final MessageStore store)
        throws IOException
    {
        this(bindAddress, session, store, null, null, DEFAULT_SOCKET_TIMEOUT_MS);
    }

    /**
     * Binds the socket; {@link #start()} starts accepting.
     *
     * @param session         the channel's ten-byte MoldUDP64 session, also the SoupBinTCP session.
     * @param username        the only username accepted, or null for any.
     * @param password        the only password accepted, or null for any.
     * @param socketTimeoutMs see {@link #DEFAULT_SOCKET_TIMEOUT_MS}.
     */
    public SnapshotServer(
        final InetSocketAddress bindAddress, final byte[] session, final MessageStore store, final String username,
        final String password, final int socketTimeoutMs) throws IOException
    {
        if (session.length != MoldUDP64.SESSION_LENGTH)
        {
            throw new IllegalArgumentException("session must be 10 bytes: " + session.length);
        }
        this.store = store;
        this.session = session.clone();
        this.username = username;
        this.password = password;
        this.socketTimeoutMs = socketTimeoutMs;
        serverChannel = ServerSocketChannel.open();
        serving = ServerThread.bind("snapshot server", serverChannel, bindAddress, true, this::acceptLoop);
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

    /** Logins accepted. */
    public long logins()
    {
        return logins.get();
    }

    public long rejectedLogins()
    {
        return rejectedLogins.get();
    }

    /** Snapshots written whole, up to End of Session. */
    public long snapshotsSent()
    {
        return snapshotsSent.get();
    }

    /** Snapshot messages written, End of Snapshot included. */
    public long messagesSent()
    {
        return messagesSent.get();
    }

    @Override
    public void close() throws IOException
    {
        serving.close();
        for (final SocketChannel connection : connections)
        {
            closeQuietly(connection);
        }
    }

    private void acceptLoop()
    {
        int connectionNumber = 0;
        while (serving.running())
        {
            final SocketChannel connection;
            try
            {
                connection = serverChannel.accept();
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                continue;
            }
            connections.add(connection);
            final Thread thread = new Thread(
                () -> serve(connection), serving.name() + "-connection-" + connectionNumber++);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(final SocketChannel connection)
    {
        try
        {
            connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection.socket().setSoTimeout(socketTimeoutMs);
            // The socket's stream honours the read timeout; the channel's own reads would wait forever.
            final InputStream in = connection.socket().getInputStream();
            final UnsafeBuffer login = readLoginRequest(in);
            if (login == null)
            {
                return;
            }
            final byte reject = check(login);
            final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64 * 1024);
            if (reject != 0)
            {
                rejectedLogins.incrementAndGet();
                write(connection, out, SoupBinTCP.loginRejected(out, 0, reject));
                finish(connection, in);
                return;
            }
            logins.incrementAndGet();
            final int length = snapshot(out);
            write(connection, out, length);
            snapshotsSent.incrementAndGet();
            finish(connection, in);
        }
        catch (final IOException ex)
        {
            // The client went away or timed out: its snapshot is its own to retry.
        }
        finally
        {
            connections.remove(connection);
            closeQuietly(connection);
        }
    }

    /** @return the Login Request's payload, or null if the client closed or sent something else. */
    private static UnsafeBuffer readLoginRequest(final InputStream in) throws IOException
    {
        final byte[] header = new byte[SoupBinTCP.HEADER_LENGTH];
        final UnsafeBuffer headerBuffer = new UnsafeBuffer(header);
        while (true)
        {
            if (!readFully(in, header, SoupBinTCP.PACKET_LENGTH_FIELD_LENGTH))
            {
                return null;
            }
            final int packetLength = SoupBinTCP.packetLength(headerBuffer, 0);
            if (packetLength < 1 || packetLength > MAX_CLIENT_PACKET_LENGTH)
            {
                return null;
            }
            final byte[] packet = new byte[packetLength];
            if (!readFully(in, packet, packetLength))
            {
                return null;
            }
            final byte type = packet[0];
            if (type == SoupBinTCP.CLIENT_HEARTBEAT || type == SoupBinTCP.DEBUG)
            {
                continue;
            }
            if (type != SoupBinTCP.LOGIN_REQUEST || packetLength - 1 != SoupBinTCP.LOGIN_REQUEST_LENGTH)
            {
                return null;
            }
            return new UnsafeBuffer(packet, 1, SoupBinTCP.LOGIN_REQUEST_LENGTH);
        }
    }

    /** @return 0 to accept the login, or the Login Rejected reason code. */
    private byte check(final UnsafeBuffer login)
    {
        if ((username != null && !SoupBinTCP.alphaEquals(
            login, SoupBinTCP.USERNAME_OFFSET, SoupBinTCP.USERNAME_LENGTH, username)) ||
            (password != null && !SoupBinTCP.alphaEquals(
            login, SoupBinTCP.PASSWORD_OFFSET, SoupBinTCP.PASSWORD_LENGTH, password)))
        {
            return SoupBinTCP.NOT_AUTHORIZED;
        }
        boolean blank = true;
        boolean same = true;
        for (int i = 0; i < SoupBinTCP.SESSION_LENGTH; i++)
        {
            final byte b = login.getByte(SoupBinTCP.REQUESTED_SESSION_OFFSET + i);
            blank &= b == ' ';
            same &= b == session[i];
        }
        return blank || same ? 0 : SoupBinTCP.SESSION_NOT_AVAILABLE;
    }

    /** Writes the whole answer to a login into {@code out}. @return its length. */
    private int snapshot(final ExpandableArrayBuffer out)
    {
        final int[] position = {SoupBinTCP.loginAccepted(out, 0, session, 1)};
        final long asOf;
        final int messages;
        synchronized (builder)
        {
            builder.applyUpTo(store, Math.max(builder.applied(), store.size()));
            asOf = builder.applied();
            messages = builder.forEachMessage((buffer, offset, length) ->
                position[0] += SoupBinTCP.sequencedData(out, position[0], buffer, offset, length));
        }
        final int at = position[0];
        final int endLength = EndOfSnapshot.encode(out, at + SoupBinTCP.PAYLOAD_OFFSET, asOf + 1);
        SoupBinTCP.header(out, at, SoupBinTCP.SEQUENCED_DATA, endLength);
        final int endOfSession = at + SoupBinTCP.HEADER_LENGTH + endLength;
        messagesSent.addAndGet(messages + 1);
        return endOfSession + SoupBinTCP.emptyPacket(out, endOfSession, SoupBinTCP.END_OF_SESSION);
    }

    private static void write(final SocketChannel connection, final ExpandableArrayBuffer out, final int length)
        throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.wrap(out.byteArray(), 0, length);
        while (bytes.hasRemaining())
        {
            connection.write(bytes);
        }
    }

    /**
     * Half-closes and waits for the client to close: closing with its heartbeats unread would reset the
     * connection, and a reset can discard the end of the snapshot before the client reads it.
     */
    private static void finish(final SocketChannel connection, final InputStream in) throws IOException
    {
        connection.shutdownOutput();
        final byte[] drain = new byte[256];
        try
        {
            while (in.read(drain) >= 0)
            {
                // Heartbeats or a logout: nothing to do with them now.
            }
        }
        catch (final SocketTimeoutException ex)
        {
            // The client never closed: close anyway.
        }
    }

    private static boolean readFully(final InputStream in, final byte[] dst, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            final int read = in.read(dst, done, length - done);
            if (read < 0)
            {
                if (done == 0)
                {
                    return false;
                }
                throw new EOFException("connection closed mid-packet");
            }
            done += read;
        }
        return true;
    }

    private static void closeQuietly(final SocketChannel connection)
    {
        try
        {
            connection.close();
        }
        catch (final IOException ignored)
        {
            // Closing a connection we are done with: nothing left to save.
        }
    }
}
