package io.wirebook.glimpse;

import io.wirebook.soupbintcp.SoupBinTCP;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The GLIMPSE 5.0 End of Snapshot message: Message Type 'G' and a 20-byte ASCII Sequence Number, the sequence
 * number of the TotalView-ITCH message at which the live feed continues. It is the last Sequenced Data message of a
 * snapshot.
 *
 * <p>Layout: the GLIMPSE 5.0 specification names this message in its section 1.7 ("Snapshot Message"), but we could
 * not read its field table from the sources at hand, so the Sequence Number follows the SoupBinTCP Numeric
 * convention the specification uses for its other ASCII numbers: right-justified, left-padded with spaces. The
 * reader also accepts left-justified digits.
 */
public final class EndOfSnapshot
{
    public static final byte MESSAGE_TYPE = 'G';
    public static final int MESSAGE_TYPE_OFFSET = 0;
    public static final int SEQUENCE_NUMBER_OFFSET = 1;
    public static final int SEQUENCE_NUMBER_LENGTH = 20;
    public static final int LENGTH = SEQUENCE_NUMBER_OFFSET + SEQUENCE_NUMBER_LENGTH;

    /** What {@link #sequenceNumber} returns for a message that is not a well-formed End of Snapshot. */
    public static final long MALFORMED = SoupBinTCP.MALFORMED_NUMERIC;

    private EndOfSnapshot()
    {
    }

    /** @return the message length, {@link #LENGTH}. */
    public static int encode(final MutableDirectBuffer buffer, final int offset, final long nextSequenceNumber)
    {
        buffer.putByte(offset + MESSAGE_TYPE_OFFSET, MESSAGE_TYPE);
        SoupBinTCP.putNumeric(buffer, offset + SEQUENCE_NUMBER_OFFSET, SEQUENCE_NUMBER_LENGTH, nextSequenceNumber);
        return LENGTH;
    }

    /** Whether a message is an End of Snapshot by its type; {@link #sequenceNumber} then checks the rest. */
    public static boolean is(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= 1 && buffer.getByte(offset + MESSAGE_TYPE_OFFSET) == MESSAGE_TYPE;
    }

    /**
     * @return the sequence number at which the live feed continues (at least 1), or {@link #MALFORMED} if the message
     * is not exactly an End of Snapshot.
     */
    public static long sequenceNumber(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != LENGTH || !is(buffer, offset, length))
        {
            return MALFORMED;
        }
        final long value = SoupBinTCP.numeric(buffer, offset + SEQUENCE_NUMBER_OFFSET, SEQUENCE_NUMBER_LENGTH);
        return value < 1 ? MALFORMED : value;
    }
}
