package io.wirebook.mold;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * MoldUDP64 downstream packet layout: Session (10 ASCII bytes), Sequence Number (8, the first message's), Message
 * Count (2), then each message as a 2-byte length and its bytes. All integers are big-endian.
 */
public final class MoldUDP64
{
    public static final int SESSION_OFFSET = 0;
    public static final int SESSION_LENGTH = 10;
    public static final int SEQUENCE_NUMBER_OFFSET = 10;
    public static final int MESSAGE_COUNT_OFFSET = 18;
    public static final int HEADER_LENGTH = 20;
    public static final int MESSAGE_LENGTH_PREFIX = 2;

    /** Message Count of a heartbeat: no messages, the Sequence Number is the next one expected. */
    public static final int HEARTBEAT_COUNT = 0;
    /** Message Count that marks the end of the session. */
    public static final int END_OF_SESSION_COUNT = 0xFFFF;

    private MoldUDP64()
    {
    }

    /** Writes a header; returns its length. */
    public static int header(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long sequenceNumber,
        final int messageCount)
    {
        if (session.length != SESSION_LENGTH)
        {
            throw new IllegalArgumentException("MoldUDP64 session must be 10 bytes, got " + session.length);
        }
        buffer.putBytes(offset + SESSION_OFFSET, session);
        buffer.putLong(offset + SEQUENCE_NUMBER_OFFSET, sequenceNumber, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + MESSAGE_COUNT_OFFSET, (short)messageCount, ByteOrder.BIG_ENDIAN);
        return HEADER_LENGTH;
    }

    /** A heartbeat: tells receivers the session is alive and which sequence number comes next. */
    public static int heartbeat(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long nextSequenceNumber)
    {
        return header(buffer, offset, session, nextSequenceNumber, HEARTBEAT_COUNT);
    }

    /** The End of Session packet: no more messages will follow {@code nextSequenceNumber - 1}. */
    public static int endOfSession(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long nextSequenceNumber)
    {
        return header(buffer, offset, session, nextSequenceNumber, END_OF_SESSION_COUNT);
    }
}
