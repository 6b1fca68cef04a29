package io.wirebook.mold;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.wirebook.mold.MoldUDP64.BE;

/**
 * The MoldUDP64 request packet, as NASDAQ specifies it: a client that missed messages sends the request server one
 * 20-byte datagram (Session 10, Sequence Number 8, Requested Message Count 2, big-endian), laid out as a downstream
 * header, and the server answers with ordinary downstream packets from Sequence Number on.
 */
public final class MoldRequest
{
    public static final int SESSION_OFFSET = MoldUDP64.SESSION_OFFSET;
    public static final int SEQUENCE_NUMBER_OFFSET = MoldUDP64.SEQUENCE_NUMBER_OFFSET;
    public static final int REQUESTED_MESSAGE_COUNT_OFFSET = MoldUDP64.MESSAGE_COUNT_OFFSET;
    public static final int LENGTH = MoldUDP64.HEADER_LENGTH;

    /** Most messages one request may ask for: the count of one downstream packet, 0xFFFF being end of session. */
    public static final int MAX_REQUEST_COUNT = MoldUDP64.MAX_MESSAGE_COUNT;

    public static final int VALID = 0;
    /** The datagram is not exactly {@link #LENGTH} bytes. */
    public static final int BAD_LENGTH = 1;
    /** Sequence Number 0 or above 2^63 - 1: sequence numbers start at 1. */
    public static final int BAD_SEQUENCE_NUMBER = 2;
    /** Requested Message Count 0 or above {@link #MAX_REQUEST_COUNT}. */
    public static final int BAD_COUNT = 3;

    private MoldRequest()
    {
    }

    /**
     * Writes a request. {@code session} must hold at least {@link MoldUDP64#SESSION_LENGTH} bytes; the first ten are
     * written. {@code count} is capped at {@link #MAX_REQUEST_COUNT}.
     *
     * @return the request length, {@link #LENGTH}.
     */
    public static int encode(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long sequenceNumber,
        final int count)
    {
        MoldUDP64.header(buffer, offset, session, sequenceNumber, Math.min(count, MAX_REQUEST_COUNT));
        return LENGTH;
    }

    /**
     * Checks a received request's framing and fields; the session is the server's to compare.
     *
     * @return {@link #VALID} or why it must be ignored.
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != LENGTH)
        {
            return BAD_LENGTH;
        }
        if (sequenceNumber(buffer, offset) < 1)
        {
            return BAD_SEQUENCE_NUMBER;
        }
        final int count = requestedMessageCount(buffer, offset);
        return count < 1 || count > MAX_REQUEST_COUNT ? BAD_COUNT : VALID;
    }

    public static long sequenceNumber(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_NUMBER_OFFSET, BE);
    }

    public static int requestedMessageCount(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + REQUESTED_MESSAGE_COUNT_OFFSET, BE) & 0xFFFF;
    }

    /** @return true if the request's session equals the first ten bytes of {@code session}. */
    public static boolean sessionEquals(final DirectBuffer buffer, final int offset, final byte[] session)
    {
        for (int i = 0; i < MoldUDP64.SESSION_LENGTH; i++)
        {
            if (buffer.getByte(offset + SESSION_OFFSET + i) != session[i])
            {
                return false;
            }
        }
        return true;
    }
}
