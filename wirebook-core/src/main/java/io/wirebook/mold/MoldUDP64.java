package io.wirebook.mold;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * MoldUDP64 downstream packet layout, as NASDAQ specifies it: a 20-byte header (Session 10, Sequence Number 8,
 * Message Count 2, big-endian) followed by Message Count message blocks, each a 2-byte length and that many bytes.
 *
 * <p>The Sequence Number is that of the first message in the packet. A heartbeat (count 0) and an end-of-session
 * packet (count 0xFFFF) carry no message blocks; their Sequence Number is the next one the server will send.
 */
public final class MoldUDP64
{
    public static final int SESSION_LENGTH = 10;
    public static final int SESSION_OFFSET = 0;
    public static final int SEQUENCE_NUMBER_OFFSET = 10;
    public static final int MESSAGE_COUNT_OFFSET = 18;
    public static final int HEADER_LENGTH = 20;

    /** Length of the prefix in front of every message block. */
    public static final int MESSAGE_LENGTH_PREFIX = 2;

    public static final int HEARTBEAT_COUNT = 0;
    public static final int END_OF_SESSION_COUNT = 0xFFFF;

    /** Largest count a data packet can carry: 0xFFFF is reserved for end of session. */
    public static final int MAX_MESSAGE_COUNT = END_OF_SESSION_COUNT - 1;

    static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private MoldUDP64()
    {
    }

    /**
     * Writes a packet header. {@code session} must hold at least {@link #SESSION_LENGTH} bytes; the first ten are
     * written.
     */
    public static void header(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long sequenceNumber,
        final int messageCount)
    {
        buffer.putBytes(offset + SESSION_OFFSET, session, 0, SESSION_LENGTH);
        buffer.putLong(offset + SEQUENCE_NUMBER_OFFSET, sequenceNumber, BE);
        buffer.putShort(offset + MESSAGE_COUNT_OFFSET, (short)messageCount, BE);
    }

    /**
     * Writes a heartbeat: the server sends one when it has nothing to say, so that a receiver sees a trailing gap.
     *
     * @return the packet length, {@link #HEADER_LENGTH}.
     */
    public static int heartbeat(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long nextSequenceNumber)
    {
        header(buffer, offset, session, nextSequenceNumber, HEARTBEAT_COUNT);
        return HEADER_LENGTH;
    }

    /**
     * Writes an end-of-session packet: the session will send no more messages.
     *
     * @return the packet length, {@link #HEADER_LENGTH}.
     */
    public static int endOfSession(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long nextSequenceNumber)
    {
        header(buffer, offset, session, nextSequenceNumber, END_OF_SESSION_COUNT);
        return HEADER_LENGTH;
    }

    /**
     * Builds a session name from text: ASCII, right-padded with spaces to ten bytes as the specification's Alpha
     * fields are. For set-up code, not the hot path.
     */
    public static byte[] session(final String name)
    {
        if (name.length() > SESSION_LENGTH)
        {
            throw new IllegalArgumentException("MoldUDP64 session is at most 10 characters: " + name);
        }
        final byte[] session = new byte[SESSION_LENGTH];
        for (int i = 0; i < SESSION_LENGTH; i++)
        {
            final char c = i < name.length() ? name.charAt(i) : ' ';
            if (c < 0x20 || c > 0x7E)
            {
                throw new IllegalArgumentException("MoldUDP64 session must be printable ASCII: " + name);
            }
            session[i] = (byte)c;
        }
        return session;
    }
}
