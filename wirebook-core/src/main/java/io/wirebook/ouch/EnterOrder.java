package io.wirebook.ouch;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * OUCH 5.0 Enter Order ('O'), a flyweight for both sides: the client writes one in place ({@link #wrap}, then the
 * setters), the exchange reads one where it arrived ({@link #wrapForReading}, {@link #check}, then the getters).
 * Field names and layout are the specification's: Integer fields big-endian, Alpha fields ASCII left-justified and
 * padded with spaces on the right, Price 8 bytes with 4 implied decimals; an Optional Appendage of Appendage Length
 * bytes (tag-value options) follows the fixed part.
 */
public final class EnterOrder
{
    public static final byte TYPE = 'O';

    public static final int TYPE_OFFSET = 0;
    public static final int USER_REF_NUM_OFFSET = 1;
    public static final int SIDE_OFFSET = 5;
    public static final int QUANTITY_OFFSET = 6;
    public static final int SYMBOL_OFFSET = 10;
    public static final int SYMBOL_LENGTH = 8;
    public static final int PRICE_OFFSET = 18;
    public static final int TIME_IN_FORCE_OFFSET = 26;
    public static final int DISPLAY_OFFSET = 27;
    public static final int CAPACITY_OFFSET = 28;
    public static final int INTER_MARKET_SWEEP_ELIGIBILITY_OFFSET = 29;
    public static final int CROSS_TYPE_OFFSET = 30;
    public static final int CL_ORD_ID_OFFSET = 31;
    public static final int CL_ORD_ID_LENGTH = 14;
    public static final int APPENDAGE_LENGTH_OFFSET = 45;
    public static final int OPTIONAL_APPENDAGE_OFFSET = 47;
    /** The message without appendage. */
    public static final int FIXED_LENGTH = OPTIONAL_APPENDAGE_OFFSET;

    public static final byte SIDE_BUY = 'B';
    public static final byte SIDE_SELL = 'S';
    public static final byte SIDE_SELL_SHORT = 'T';
    public static final byte SIDE_SELL_SHORT_EXEMPT = 'E';
    public static final byte TIME_IN_FORCE_DAY = '0';
    public static final byte TIME_IN_FORCE_IOC = '3';
    public static final byte DISPLAY_VISIBLE = 'Y';
    public static final byte DISPLAY_HIDDEN = 'N';
    public static final byte CAPACITY_AGENCY = 'A';
    public static final byte CAPACITY_PRINCIPAL = 'P';
    public static final byte ISO_ELIGIBLE = 'Y';
    public static final byte ISO_NOT_ELIGIBLE = 'N';
    public static final byte CROSS_TYPE_CONTINUOUS_MARKET = 'N';

    /** What {@link #check} returns. */
    public static final int VALID = 0;
    public static final int TOO_SHORT = 1;
    public static final int WRONG_TYPE = 2;
    public static final int APPENDAGE_MISMATCH = 3;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final byte SPACE = ' ';

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;

    /**
     * Lays the flyweight over {@code buffer} at {@code offset} for writing and writes the Type and an empty
     * appendage; every other field is the caller's to set.
     */
    public EnterOrder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = buffer;
        this.offset = offset;
        buffer.putByte(offset + TYPE_OFFSET, TYPE);
        buffer.putShort(offset + APPENDAGE_LENGTH_OFFSET, (short)0, BE);
        return this;
    }

    /** Lays the flyweight over a received message for reading; {@link #check} it first. */
    public EnterOrder wrapForReading(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = null;
        this.offset = offset;
        return this;
    }

    /**
     * Whether {@code length} bytes at {@code offset} hold an Enter Order whose Appendage Length accounts for the
     * rest: {@link #VALID}, or the reason it does not.
     */
    public static int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < FIXED_LENGTH)
        {
            return TOO_SHORT;
        }
        if (buffer.getByte(offset + TYPE_OFFSET) != TYPE)
        {
            return WRONG_TYPE;
        }
        final int appendage = buffer.getShort(offset + APPENDAGE_LENGTH_OFFSET, BE) & 0xFFFF;
        return FIXED_LENGTH + appendage == length ? VALID : APPENDAGE_MISMATCH;
    }

    /** The message's length: the fixed part and the appendage. */
    public int length()
    {
        return FIXED_LENGTH + appendageLength();
    }

    public int offset()
    {
        return offset;
    }

    public EnterOrder userRefNum(final long userRefNum)
    {
        mutable.putInt(offset + USER_REF_NUM_OFFSET, (int)userRefNum, BE);
        return this;
    }

    /** UserRefNum, an unsigned 32-bit integer. */
    public long userRefNum()
    {
        return buffer.getInt(offset + USER_REF_NUM_OFFSET, BE) & 0xFFFF_FFFFL;
    }

    public EnterOrder side(final byte side)
    {
        mutable.putByte(offset + SIDE_OFFSET, side);
        return this;
    }

    public byte side()
    {
        return buffer.getByte(offset + SIDE_OFFSET);
    }

    public EnterOrder quantity(final long quantity)
    {
        mutable.putInt(offset + QUANTITY_OFFSET, (int)quantity, BE);
        return this;
    }

    public long quantity()
    {
        return buffer.getInt(offset + QUANTITY_OFFSET, BE) & 0xFFFF_FFFFL;
    }

    /** Symbol from an ITCH Stock field as the ITCH reader hands it (8 ASCII bytes, big-endian in a long). */
    public EnterOrder symbol(final long stock)
    {
        mutable.putLong(offset + SYMBOL_OFFSET, stock, BE);
        return this;
    }

    /** Symbol from text: at most 8 ASCII characters, padded with spaces. */
    public EnterOrder symbol(final CharSequence symbol)
    {
        putAlpha(mutable, offset + SYMBOL_OFFSET, SYMBOL_LENGTH, symbol);
        return this;
    }

    /** The Symbol's 8 bytes, big-endian in a long, as ITCH's Stock field reads. */
    public long symbol()
    {
        return buffer.getLong(offset + SYMBOL_OFFSET, BE);
    }

    /** Price with 4 implied decimals ($1.00 is 10000). */
    public EnterOrder price(final long price)
    {
        mutable.putLong(offset + PRICE_OFFSET, price, BE);
        return this;
    }

    public long price()
    {
        return buffer.getLong(offset + PRICE_OFFSET, BE);
    }

    public EnterOrder timeInForce(final byte timeInForce)
    {
        mutable.putByte(offset + TIME_IN_FORCE_OFFSET, timeInForce);
        return this;
    }

    public byte timeInForce()
    {
        return buffer.getByte(offset + TIME_IN_FORCE_OFFSET);
    }

    public EnterOrder display(final byte display)
    {
        mutable.putByte(offset + DISPLAY_OFFSET, display);
        return this;
    }

    public byte display()
    {
        return buffer.getByte(offset + DISPLAY_OFFSET);
    }

    public EnterOrder capacity(final byte capacity)
    {
        mutable.putByte(offset + CAPACITY_OFFSET, capacity);
        return this;
    }

    public byte capacity()
    {
        return buffer.getByte(offset + CAPACITY_OFFSET);
    }

    public EnterOrder interMarketSweepEligibility(final byte eligibility)
    {
        mutable.putByte(offset + INTER_MARKET_SWEEP_ELIGIBILITY_OFFSET, eligibility);
        return this;
    }

    public byte interMarketSweepEligibility()
    {
        return buffer.getByte(offset + INTER_MARKET_SWEEP_ELIGIBILITY_OFFSET);
    }

    public EnterOrder crossType(final byte crossType)
    {
        mutable.putByte(offset + CROSS_TYPE_OFFSET, crossType);
        return this;
    }

    public byte crossType()
    {
        return buffer.getByte(offset + CROSS_TYPE_OFFSET);
    }

    /** ClOrdID from text: at most 14 ASCII characters, padded with spaces. */
    public EnterOrder clOrdId(final CharSequence clOrdId)
    {
        putAlpha(mutable, offset + CL_ORD_ID_OFFSET, CL_ORD_ID_LENGTH, clOrdId);
        return this;
    }

    /** Where ClOrdID's 14 bytes are, for writers and readers that fill or parse them in place. */
    public int clOrdIdOffset()
    {
        return offset + CL_ORD_ID_OFFSET;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** The buffer being written, for the writers of this package; null when wrapped for reading. */
    MutableDirectBuffer mutableBuffer()
    {
        return mutable;
    }

    /** The bytes of the Optional Appendage that follow the fixed part. */
    public int appendageLength()
    {
        return buffer.getShort(offset + APPENDAGE_LENGTH_OFFSET, BE) & 0xFFFF;
    }

    /**
     * Appends one Optional Appendage option in the specification's tag-value form: a 1-byte length (of tag and
     * value), the 1-byte tag, the value; Appendage Length grows by it.
     */
    public EnterOrder appendOption(final byte tag, final DirectBuffer value, final int valueOffset,
        final int valueLength)
    {
        final int at = offset + OPTIONAL_APPENDAGE_OFFSET + appendageLength();
        mutable.putByte(at, (byte)(1 + valueLength));
        mutable.putByte(at + 1, tag);
        mutable.putBytes(at + 2, value, valueOffset, valueLength);
        mutable.putShort(offset + APPENDAGE_LENGTH_OFFSET, (short)(appendageLength() + 2 + valueLength), BE);
        return this;
    }

    static void putAlpha(final MutableDirectBuffer buffer, final int at, final int fieldLength,
        final CharSequence value)
    {
        if (value.length() > fieldLength)
        {
            throw new IllegalArgumentException("OUCH field holds " + fieldLength + " characters: " + value);
        }
        for (int i = 0; i < fieldLength; i++)
        {
            buffer.putByte(at + i, i < value.length() ? (byte)value.charAt(i) : SPACE);
        }
    }
}
