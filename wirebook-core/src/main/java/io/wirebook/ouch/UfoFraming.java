package io.wirebook.ouch;

import java.nio.ByteOrder;

import io.wirebook.mold.MoldMessageHandler;
import io.wirebook.mold.MoldUDP64;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Order-entry framing over UDP, in the place of NASDAQ's UFO ("UDP for Orders"), whose specification is not public:
 * a packet shaped as MoldUDP64's ({@link MoldUDP64}: Session 10, Sequence Number 8, Message Count 2, then each
 * message behind a 2-byte length), the Sequence Number counting the client's messages in its session, so that the
 * exchange sees a lost or repeated datagram as a gap or a duplicate, as UDP order entry must.
 */
public final class UfoFraming
{
    public static final int HEADER_LENGTH = MoldUDP64.HEADER_LENGTH;
    public static final int SESSION_LENGTH = MoldUDP64.SESSION_LENGTH;
    /** Where the first message starts, after the header and its length prefix. */
    public static final int FIRST_MESSAGE_OFFSET = HEADER_LENGTH + MoldUDP64.MESSAGE_LENGTH_PREFIX;
    /** What {@link #forEachMessage} returns for a packet whose framing is wrong. */
    public static final int MALFORMED = -1;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private UfoFraming()
    {
    }

    /**
     * Frames the one message of {@code messageLength} bytes already written at {@link #FIRST_MESSAGE_OFFSET} from
     * {@code offset}: writes the header and the length prefix.
     *
     * @return the packet's length.
     */
    public static int frameOne(final MutableDirectBuffer buffer, final int offset, final byte[] session,
        final long sequenceNumber, final int messageLength)
    {
        MoldUDP64.header(buffer, offset, session, sequenceNumber, 1);
        buffer.putShort(offset + HEADER_LENGTH, (short)messageLength, BE);
        return FIRST_MESSAGE_OFFSET + messageLength;
    }

    /** The packet's Sequence Number: that of its first message. */
    public static long sequenceNumber(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + MoldUDP64.SEQUENCE_NUMBER_OFFSET, BE);
    }

    /**
     * Hands each message of the packet to {@code handler}, once the whole packet's framing checked out.
     *
     * @return the number of messages, or {@link #MALFORMED} (nothing handed over) when the header is short, a
     *         length runs past the end, or the count disagrees with the messages there are.
     */
    public static int forEachMessage(final DirectBuffer buffer, final int offset, final int length,
        final MoldMessageHandler handler)
    {
        if (length < HEADER_LENGTH)
        {
            return MALFORMED;
        }
        final int count = buffer.getShort(offset + MoldUDP64.MESSAGE_COUNT_OFFSET, BE) & 0xFFFF;
        final int end = offset + length;
        int position = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            if (end - position < MoldUDP64.MESSAGE_LENGTH_PREFIX)
            {
                return MALFORMED;
            }
            final int messageLength = buffer.getShort(position, BE) & 0xFFFF;
            position += MoldUDP64.MESSAGE_LENGTH_PREFIX + messageLength;
            if (messageLength == 0 || position > end)
            {
                return MALFORMED;
            }
        }
        if (position != end)
        {
            return MALFORMED;
        }
        position = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int messageLength = buffer.getShort(position, BE) & 0xFFFF;
            handler.onMessage(buffer, position + MoldUDP64.MESSAGE_LENGTH_PREFIX, messageLength);
            position += MoldUDP64.MESSAGE_LENGTH_PREFIX + messageLength;
        }
        return count;
    }
}
