package io.wirebook.recovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import io.wirebook.glimpse.EndOfSnapshot;
import io.wirebook.soupbintcp.SoupBinTCP;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A GLIMPSE-style snapshot client over SoupBinTCP 3.00 on a non-blocking TCP socket, driven by {@link #poll} from
 * the feed handler's poll thread: it never blocks.
 *
 * <p>One snapshot: {@link #start} connects; the poll finishes the connect, logs in for sequence 1, and hands every
 * Sequenced Data message to the listener until one is an End of Snapshot, then closes the socket. A Login Rejected,
 * an End of Session or end of stream before End of Snapshot, a malformed packet, or no byte from the server for the
 * timeout, fails it with a one-line reason and closes the socket. It sends a Client Heartbeat every second while
 * logged in, as the protocol asks. After DONE or FAILED, {@link #start} may begin another snapshot.
 *
 * <p>The read buffer holds the largest SoupBinTCP frame; frames split across reads are kept until whole. Nothing is
 * allocated per message; a connection is one socket and, if it fails, one reason string.
 */
public final class SnapshotClient implements AutoCloseable
{
    public static final long HEARTBEAT_INTERVAL_NANOS = 1_000_000_000L;

    /** No snapshot under way, none done. */
    public static final int IDLE = 0;
    public static final int CONNECTING = 1;
    /** Connected; login sent or being sent, or snapshot under way. */
    public static final int CONNECTED = 2;
    public static final int DONE = 3;
    public static final int FAILED = 4;

    private static final int TRANSMIT_BUFFER_LENGTH = 256;

    private final InetSocketAddress server;
    private final String username;
    private final String password;
    private final long timeoutNanos;
    private final ByteBuffer receiveBytes = ByteBuffer.allocateDirect(SoupBinTCP.MAX_FRAME_LENGTH);
    private final UnsafeBuffer receive = new UnsafeBuffer(receiveBytes);
    private final ByteBuffer transmitBytes = ByteBuffer.allocateDirect(TRANSMIT_BUFFER_LENGTH);
    private final UnsafeBuffer transmit = new UnsafeBuffer(transmitBytes);
    private final byte[] session = new byte[SoupBinTCP.SESSION_LENGTH];

    private SocketChannel channel;
    private int state = IDLE;
    private boolean loggedIn;
    private String pendingFailure;
    private long lastReceiveNanos;
    private long lastHeartbeatNanos;
    private long messages;

    /**
     * @param server       the snapshot server's address and port.
     * @param username     at most 6 printable ASCII characters.
     * @param password     at most 10 printable ASCII characters.
     * @param timeoutNanos how long the server may stay silent (connect and login included) before the snapshot fails.
     */
    public SnapshotClient(
        final InetSocketAddress server, final String username, final String password, final long timeoutNanos)
    {
        if (username.length() > SoupBinTCP.USERNAME_LENGTH || password.length() > SoupBinTCP.PASSWORD_LENGTH)
        {
            throw new IllegalArgumentException("SoupBinTCP username is at most 6 characters, password at most 10");
        }
        if (timeoutNanos <= 0)
        {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutNanos);
        }
        this.server = server;
        this.username = username;
        this.password = password;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Starts connecting for a new snapshot. A failure to even start is reported by the next {@link #poll}.
     *
     * @throws IllegalStateException if a snapshot is already under way.
     */
    public void start(final long nowNanos)
    {
        if (active())
        {
            throw new IllegalStateException("a snapshot is already under way");
        }
        receiveBytes.clear();
        transmitBytes.clear();
        loggedIn = false;
        pendingFailure = null;
        messages = 0;
        lastReceiveNanos = nowNanos;
        lastHeartbeatNanos = nowNanos;
        state = CONNECTING;
        try
        {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(server))
            {
                connected();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            pendingFailure = "snapshot connect to " + server + " failed: " + ex;
        }
    }

    /**
     * Does what can be done now without blocking: connect, login, one read and the frames it completes, a
     * heartbeat, the timeout.
     *
     * @return the work done (messages handed over, plus one for any other step); 0 when idle.
     */
    public int poll(final long nowNanos, final SnapshotListener listener)
    {
        if (!active())
        {
            return 0;
        }
        if (pendingFailure != null)
        {
            return fail(listener, pendingFailure);
        }
        try
        {
            if (state == CONNECTING)
            {
                if (!channel.finishConnect())
                {
                    return timedOut(nowNanos) ? fail(listener, "snapshot connect to " + server + " timed out") : 0;
                }
                connected();
            }
            int work = flush();
            final int read = channel.read(receiveBytes);
            if (read < 0)
            {
                return fail(listener, "snapshot server " + server + " closed the connection before End of Snapshot" +
                    " (" + messages + " messages in)");
            }
            if (read > 0)
            {
                lastReceiveNanos = nowNanos;
                work += frames(listener);
                if (state != CONNECTED)
                {
                    return work;
                }
            }
            else if (timedOut(nowNanos))
            {
                return fail(listener, "snapshot server " + server + " silent for " + timeoutNanos / 1_000_000 +
                    " ms (" + messages + " messages in)");
            }
            if (loggedIn && nowNanos - lastHeartbeatNanos >= HEARTBEAT_INTERVAL_NANOS)
            {
                queue(SoupBinTCP.CLIENT_HEARTBEAT);
                lastHeartbeatNanos = nowNanos;
                work += flush();
            }
            return work;
        }
        catch (final IOException ex)
        {
            return fail(listener, "snapshot connection to " + server + " failed: " + ex);
        }
        catch (final RuntimeException ex)
        {
            // A listener's exception: the snapshot is broken either way, so leave nothing open behind it.
            closeChannel();
            state = FAILED;
            throw ex;
        }
    }

    /** Whether a snapshot is under way: connecting or receiving. */
    public boolean active()
    {
        return state == CONNECTING || state == CONNECTED;
    }

    /** {@link #IDLE}, {@link #CONNECTING}, {@link #CONNECTED}, {@link #DONE} or {@link #FAILED}. */
    public int state()
    {
        return state;
    }

    /** Messages handed over in the current or last snapshot. */
    public long messages()
    {
        return messages;
    }

    /** Drops a snapshot under way without a word to the listener. */
    public void cancel()
    {
        closeChannel();
        state = IDLE;
    }

    @Override
    public void close()
    {
        cancel();
    }

    private void connected()
    {
        state = CONNECTED;
        final int at = transmitBytes.position();
        final int length = SoupBinTCP.loginRequest(transmit, at, username, password, null, 1);
        transmitBytes.position(at + length);
    }

    private void queue(final byte packetType)
    {
        if (transmitBytes.remaining() >= SoupBinTCP.HEADER_LENGTH)
        {
            final int at = transmitBytes.position();
            transmitBytes.position(at + SoupBinTCP.emptyPacket(transmit, at, packetType));
        }
    }

    /** Writes what is queued, as far as the socket takes it. */
    private int flush() throws IOException
    {
        if (transmitBytes.position() == 0)
        {
            return 0;
        }
        transmitBytes.flip();
        channel.write(transmitBytes);
        transmitBytes.compact();
        return 1;
    }

    /** Handles every whole frame in the read buffer and keeps a partial one at its front. */
    private int frames(final SnapshotListener listener)
    {
        final int end = receiveBytes.position();
        int position = 0;
        int work = 0;
        while (end - position >= SoupBinTCP.PACKET_LENGTH_FIELD_LENGTH)
        {
            final int frameLength = SoupBinTCP.frameLength(receive, position);
            if (frameLength < SoupBinTCP.HEADER_LENGTH)
            {
                return fail(listener, "snapshot server sent a packet of length 0");
            }
            if (end - position < frameLength)
            {
                break;
            }
            work += frame(listener, position, frameLength);
            if (state != CONNECTED)
            {
                return work;
            }
            position += frameLength;
        }
        receiveBytes.limit(end).position(position);
        receiveBytes.compact();
        return work;
    }

    private int frame(final SnapshotListener listener, final int offset, final int frameLength)
    {
        final byte type = SoupBinTCP.packetType(receive, offset);
        final int payload = offset + SoupBinTCP.PAYLOAD_OFFSET;
        final int payloadLength = frameLength - SoupBinTCP.HEADER_LENGTH;
        switch (type)
        {
            case SoupBinTCP.SEQUENCED_DATA ->
            {
                if (!loggedIn)
                {
                    return fail(listener, "snapshot server sent data before Login Accepted");
                }
                if (EndOfSnapshot.is(receive, payload, payloadLength))
                {
                    final long next = EndOfSnapshot.sequenceNumber(receive, payload, payloadLength);
                    if (next == EndOfSnapshot.MALFORMED)
                    {
                        return fail(listener, "snapshot server sent a malformed End of Snapshot");
                    }
                    closeChannel();
                    state = DONE;
                    listener.onSnapshotEnd(next);
                    return 1;
                }
                messages++;
                listener.onSnapshotMessage(receive, payload, payloadLength);
                return 1;
            }
            case SoupBinTCP.LOGIN_ACCEPTED ->
            {
                if (loggedIn || payloadLength != SoupBinTCP.LOGIN_ACCEPTED_LENGTH)
                {
                    return fail(listener, "snapshot server sent an unexpected or malformed Login Accepted");
                }
                loggedIn = true;
                receive.getBytes(payload + SoupBinTCP.SESSION_OFFSET, session);
                listener.onSnapshotStart(session);
                return 1;
            }
            case SoupBinTCP.LOGIN_REJECTED ->
            {
                final byte code = payloadLength >= SoupBinTCP.LOGIN_REJECTED_LENGTH ?
                    receive.getByte(payload + SoupBinTCP.REJECT_REASON_CODE_OFFSET) : 0;
                return fail(listener, "snapshot login rejected by " + server + ": " + rejectReason(code));
            }
            case SoupBinTCP.END_OF_SESSION ->
            {
                return fail(listener, "snapshot server ended the session before End of Snapshot (" + messages +
                    " messages in)");
            }
            case SoupBinTCP.SERVER_HEARTBEAT, SoupBinTCP.DEBUG ->
            {
                return 0;
            }
            default ->
            {
                return fail(listener, "snapshot server sent unknown packet type 0x" + Integer.toHexString(type & 0xFF));
            }
        }
    }

    private static String rejectReason(final byte code)
    {
        return switch (code)
        {
            case SoupBinTCP.NOT_AUTHORIZED -> "not authorized";
            case SoupBinTCP.SESSION_NOT_AVAILABLE -> "session not available";
            default -> "reason code 0x" + Integer.toHexString(code & 0xFF);
        };
    }

    private boolean timedOut(final long nowNanos)
    {
        return nowNanos - lastReceiveNanos >= timeoutNanos;
    }

    private int fail(final SnapshotListener listener, final String reason)
    {
        closeChannel();
        state = FAILED;
        pendingFailure = null;
        listener.onSnapshotFailed(reason);
        return 1;
    }

    private void closeChannel()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // Closing a socket we are done with: nothing left to save.
            }
            channel = null;
        }
    }
}
