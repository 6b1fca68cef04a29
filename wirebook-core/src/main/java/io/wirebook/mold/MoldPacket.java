package io.wirebook.mold;

import io.wirebook.itch.ItchReader;
import org.agrona.DirectBuffer;

import static io.wirebook.mold.MoldUDP64.BE;
import static io.wirebook.mold.MoldUDP64.END_OF_SESSION_COUNT;
import static io.wirebook.mold.MoldUDP64.HEADER_LENGTH;
import static io.wirebook.mold.MoldUDP64.HEARTBEAT_COUNT;
import static io.wirebook.mold.MoldUDP64.MESSAGE_COUNT_OFFSET;
import static io.wirebook.mold.MoldUDP64.MESSAGE_LENGTH_PREFIX;
import static io.wirebook.mold.MoldUDP64.SEQUENCE_NUMBER_OFFSET;
import static io.wirebook.mold.MoldUDP64.SESSION_LENGTH;
import static io.wirebook.mold.MoldUDP64.SESSION_OFFSET;

/**
 * Reusable flyweight over one MoldUDP64 downstream packet. Nothing is copied or allocated.
 *
 * <p>A packet from the wire is untrusted: call {@link #validate()} before {@link #forEachMessage}, so that a packet
 * whose framing is wrong is rejected whole before any of its messages reaches a book. A well-framed message that is
 * not a message ITCH 5.0 knows (an unknown type, or a known type of another length) costs only itself: it is skipped
 * by its length prefix, its sequence number is consumed like any other's, it is never handed over, and it is counted
 * ({@link #skippedUnknownTypes()}, {@link #skippedBadLengths()}).
 */
public final class MoldPacket
{
    public static final int VALID = 0;
    /** Shorter than the 20-byte header. */
    public static final int TRUNCATED_HEADER = 1;
    /** A message block's length runs past the end of the packet. */
    public static final int LENGTH_OVERRUN = 2;
    /** Fewer message blocks than Message Count, or bytes left after the last one. */
    public static final int COUNT_MISMATCH = 3;
    /** A message block of length 0. */
    public static final int EMPTY_MESSAGE = 4;
    /**
     * A message whose first byte is not an ITCH 5.0 message type: a reason to skip the message, which
     * {@link #validate()} no longer gives for a whole packet.
     */
    public static final int UNKNOWN_MESSAGE_TYPE = 5;
    /**
     * A message whose length is not the one the ITCH 5.0 specification gives its type: a reason to skip the message,
     * which {@link #validate()} no longer gives for a whole packet.
     */
    public static final int BAD_MESSAGE_LENGTH = 6;

    private static final String[] REASONS =
    {
        "valid",
        "truncated header",
        "message length overruns packet",
        "message count mismatch",
        "empty message",
        "unknown message type",
        "bad message length",
    };

    private static final String[] REASON_NAMES =
    {
        "valid",
        "truncated_header",
        "length_overrun",
        "count_mismatch",
        "empty_message",
        "unknown_message_type",
        "bad_message_length",
    };

    private DirectBuffer buffer;
    private int offset;
    private int length;
    /**
     * Whether some message of the packet may have to be skipped: true until {@link #validate()} found none, so that a
     * packet walked without validation has each message checked.
     */
    private boolean mayHoldSkipped;
    private int skippedUnknownTypes;
    private int skippedBadLengths;
    private long deliveringSequenceNumber;

    /**
     * Lays the flyweight over {@code length} bytes at {@code offset}, which must lie inside {@code buffer}.
     *
     * @return false if the bytes are too short to hold a header; the packet then validates as
     * {@link #TRUNCATED_HEADER} and must not be read further.
     */
    public boolean wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        mayHoldSkipped = true;
        skippedUnknownTypes = 0;
        skippedBadLengths = 0;
        return length >= HEADER_LENGTH;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    /** Sequence number of the first message, or for a heartbeat / end of session the next one to come. */
    public long sequenceNumber()
    {
        return buffer.getLong(offset + SEQUENCE_NUMBER_OFFSET, BE);
    }

    /** The raw Message Count field: 0 for a heartbeat and 0xFFFF for end of session. */
    public int messageCount()
    {
        return buffer.getShort(offset + MESSAGE_COUNT_OFFSET, BE) & 0xFFFF;
    }

    public boolean isHeartbeat()
    {
        return messageCount() == HEARTBEAT_COUNT;
    }

    public boolean isEndOfSession()
    {
        return messageCount() == END_OF_SESSION_COUNT;
    }

    /** @return true if the packet's session equals the first ten bytes of {@code session}. */
    public boolean sessionEquals(final byte[] session)
    {
        return compareSession(session) == 0;
    }

    /** Copies the ten session bytes into {@code dst}. */
    public void copySession(final byte[] dst)
    {
        buffer.getBytes(offset + SESSION_OFFSET, dst, 0, SESSION_LENGTH);
    }

    /**
     * Compares the packet's session with {@code session}, byte by byte as unsigned values: sessions are named so
     * that a later one sorts after an earlier one.
     *
     * @return negative, zero or positive as the packet's session sorts before, equal to or after {@code session}.
     */
    public int compareSession(final byte[] session)
    {
        final int at = offset + SESSION_OFFSET;
        for (int i = 0; i < SESSION_LENGTH; i++)
        {
            final int diff = (buffer.getByte(at + i) & 0xFF) - (session[i] & 0xFF);
            if (diff != 0)
            {
                return diff;
            }
        }
        return 0;
    }

    /**
     * Walks every message block once and checks the framing. Messages of an unknown type or of a wrong length for
     * their type do not make the packet invalid: {@link #forEachMessage} skips them.
     *
     * @return {@link #VALID} or the first reason the packet must be rejected.
     */
    public int validate()
    {
        int checks = ItchReader.OK;
        if (length < HEADER_LENGTH)
        {
            return TRUNCATED_HEADER;
        }
        final int count = messageCount();
        final int end = offset + length;
        int position = offset + HEADER_LENGTH;
        if (count == HEARTBEAT_COUNT || count == END_OF_SESSION_COUNT)
        {
            return position == end ? VALID : COUNT_MISMATCH;
        }
        for (int i = 0; i < count; i++)
        {
            if (end - position < MESSAGE_LENGTH_PREFIX)
            {
                return COUNT_MISMATCH;
            }
            final int messageLength = buffer.getShort(position, BE) & 0xFFFF;
            position += MESSAGE_LENGTH_PREFIX;
            if (messageLength == 0)
            {
                return EMPTY_MESSAGE;
            }
            if (messageLength > end - position)
            {
                return LENGTH_OVERRUN;
            }
            checks |= ItchReader.check(buffer, position, messageLength);
            position += messageLength;
        }
        if (position != end)
        {
            return COUNT_MISMATCH;
        }
        mayHoldSkipped = checks != ItchReader.OK;
        return VALID;
    }

    /** A short text for a {@link #validate()} result. */
    public static String reason(final int code)
    {
        return code >= 0 && code < REASONS.length ? REASONS[code] : "unknown reason " + code;
    }

    /**
     * The lower_snake_case name of a {@link #validate()} result or of a reason to skip a message, for counter keys
     * such as {@code rejected.unknown_message_type}.
     */
    public static String reasonName(final int code)
    {
        return code >= 0 && code < REASON_NAMES.length ? REASON_NAMES[code] : "unknown_reason_" + code;
    }

    /**
     * Unknown-type messages the last {@link #forEachMessage} call skipped, among those after its first {@code skip}:
     * read it after the call that applies the packet, and each such message of the stream is counted once.
     */
    public int skippedUnknownTypes()
    {
        return skippedUnknownTypes;
    }

    /** Like {@link #skippedUnknownTypes()}, for messages of a known type whose length is not the type's. */
    public int skippedBadLengths()
    {
        return skippedBadLengths;
    }

    /** During {@link #forEachMessage}, the sequence number of the message being handed over. */
    public long deliveringSequenceNumber()
    {
        return deliveringSequenceNumber;
    }

    /**
     * Hands the message blocks after the first {@code skip} to {@code handler}, in order, except those of an unknown
     * type or a wrong length, which it counts ({@link #skippedUnknownTypes()}, {@link #skippedBadLengths()}). Call
     * {@link #validate()} first; this walk only guards against reading outside the packet.
     *
     * @return the number of messages delivered.
     */
    public int forEachMessage(final int skip, final MoldMessageHandler handler)
    {
        skippedUnknownTypes = 0;
        skippedBadLengths = 0;
        if (length < HEADER_LENGTH)
        {
            return 0;
        }
        final int count = messageCount();
        if (count == END_OF_SESSION_COUNT)
        {
            return 0;
        }
        final DirectBuffer buffer = this.buffer;
        // Only a packet with a message to skip pays for checking each one again.
        final boolean checkEach = mayHoldSkipped;
        final long first = sequenceNumber();
        final int end = offset + length;
        int position = offset + HEADER_LENGTH;
        int delivered = 0;
        int unknownTypes = 0;
        int badLengths = 0;
        for (int i = 0; i < count && end - position >= MESSAGE_LENGTH_PREFIX; i++)
        {
            final int messageLength = buffer.getShort(position, BE) & 0xFFFF;
            position += MESSAGE_LENGTH_PREFIX;
            if (messageLength > end - position)
            {
                break;
            }
            if (i >= skip)
            {
                final int check = checkEach ? ItchReader.check(buffer, position, messageLength) : ItchReader.OK;
                if (check == ItchReader.OK)
                {
                    deliveringSequenceNumber = first + i;
                    handler.onMessage(buffer, position, messageLength);
                    delivered++;
                }
                else if (check == ItchReader.UNKNOWN_TYPE)
                {
                    unknownTypes++;
                }
                else
                {
                    badLengths++;
                }
            }
            position += messageLength;
        }
        skippedUnknownTypes = unknownTypes;
        skippedBadLengths = badLengths;
        return delivered;
    }
}
