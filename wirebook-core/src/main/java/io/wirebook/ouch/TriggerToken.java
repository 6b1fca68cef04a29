package io.wirebook.ouch;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The ClOrdID a tick-to-trade order carries, so that the exchange can pair the order with the market-data message
 * that triggered it: one phase letter ({@link #MARKET_OPEN} when the trigger came between Start and End of Market
 * Hours, {@link #OUTSIDE_MARKET_HOURS} otherwise), the channel as one digit, and the trigger's MoldUDP64 sequence
 * number in 12 zero-padded digits: 14 printable ASCII bytes, as ClOrdID is.
 */
public final class TriggerToken
{
    public static final byte MARKET_OPEN = 'M';
    public static final byte OUTSIDE_MARKET_HOURS = 'W';
    public static final int PHASE_OFFSET = 0;
    public static final int CHANNEL_OFFSET = 1;
    public static final int SEQUENCE_OFFSET = 2;
    public static final int SEQUENCE_DIGITS = EnterOrder.CL_ORD_ID_LENGTH - SEQUENCE_OFFSET;
    public static final int MAX_CHANNEL = 9;
    public static final long MAX_SEQUENCE_NUMBER = 999_999_999_999L;
    /** What the readers return for a ClOrdID that is not a token. */
    public static final long MALFORMED = -1;

    private TriggerToken()
    {
    }

    /** Writes the token into the 14 bytes at {@code at}; nothing is allocated. */
    public static void write(final MutableDirectBuffer buffer, final int at, final boolean marketOpen,
        final int channel, final long sequenceNumber)
    {
        if (channel < 0 || channel > MAX_CHANNEL || sequenceNumber < 0 || sequenceNumber > MAX_SEQUENCE_NUMBER)
        {
            throw new IllegalArgumentException("a trigger token holds channel 0.." + MAX_CHANNEL +
                " and sequence 0.." + MAX_SEQUENCE_NUMBER + ": " + channel + ", " + sequenceNumber);
        }
        buffer.putByte(at + PHASE_OFFSET, marketOpen ? MARKET_OPEN : OUTSIDE_MARKET_HOURS);
        buffer.putByte(at + CHANNEL_OFFSET, (byte)('0' + channel));
        long rest = sequenceNumber;
        for (int i = SEQUENCE_DIGITS - 1; i >= 0; i--)
        {
            buffer.putByte(at + SEQUENCE_OFFSET + i, (byte)('0' + rest % 10));
            rest /= 10;
        }
    }

    /** Writes the token as the ClOrdID of an order being written. */
    public static void write(final EnterOrder order, final boolean marketOpen, final int channel,
        final long sequenceNumber)
    {
        write(order.mutableBuffer(), order.clOrdIdOffset(), marketOpen, channel, sequenceNumber);
    }

    /** The trigger's sequence number, or {@link #MALFORMED}. */
    public static long sequenceNumber(final DirectBuffer buffer, final int at)
    {
        final byte phase = buffer.getByte(at + PHASE_OFFSET);
        if (phase != MARKET_OPEN && phase != OUTSIDE_MARKET_HOURS || channel(buffer, at) < 0)
        {
            return MALFORMED;
        }
        long value = 0;
        for (int i = 0; i < SEQUENCE_DIGITS; i++)
        {
            final byte b = buffer.getByte(at + SEQUENCE_OFFSET + i);
            if (b < '0' || b > '9')
            {
                return MALFORMED;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** The trigger's channel, or {@link #MALFORMED}. */
    public static int channel(final DirectBuffer buffer, final int at)
    {
        final byte b = buffer.getByte(at + CHANNEL_OFFSET);
        return b >= '0' && b <= '0' + MAX_CHANNEL ? b - '0' : (int)MALFORMED;
    }

    /** Whether the trigger came while the market was open (the measured window). */
    public static boolean marketOpen(final DirectBuffer buffer, final int at)
    {
        return buffer.getByte(at + PHASE_OFFSET) == MARKET_OPEN;
    }
}
