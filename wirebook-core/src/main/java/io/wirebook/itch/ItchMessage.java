package io.wirebook.itch;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Base flyweight: the fields every ITCH 5.0 message shares. Subclasses add the fields of one message type
 * and keep the specification's names. Nothing is copied: getters read the wrapped buffer.
 */
public abstract class ItchMessage
{
    protected static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    protected DirectBuffer buffer;
    protected int offset;
    /** Read once, when wrapped: see {@link #wrap(DirectBuffer, int, int)}. */
    private int stockLocate;

    public final void wrap(final DirectBuffer buffer, final int offset)
    {
        wrap(buffer, offset, buffer.getShort(offset + ItchMessages.STOCK_LOCATE_OFFSET, BE) & 0xFFFF);
    }

    /**
     * Wraps a message whose Stock Locate the caller has read: {@link ItchReader} reads it once for whichever type the
     * message is, so that each handler's check of it costs a field read, not one more bounds-checked buffer read
     * compiled into every case of the reader's dispatch.
     */
    final void wrap(final DirectBuffer buffer, final int offset, final int stockLocate)
    {
        // A feed wraps the same buffer over and over: skipping the reference store when nothing changes skips the
        // collector's write barrier on every message.
        if (this.buffer != buffer)
        {
            this.buffer = buffer;
        }
        this.offset = offset;
        this.stockLocate = stockLocate;
    }

    public final DirectBuffer buffer()
    {
        return buffer;
    }

    public final int offset()
    {
        return offset;
    }

    public final byte messageType()
    {
        return buffer.getByte(offset);
    }

    /** As read when the message was wrapped. */
    public final int stockLocate()
    {
        return stockLocate;
    }

    public final int trackingNumber()
    {
        return buffer.getShort(offset + ItchMessages.TRACKING_NUMBER_OFFSET, BE) & 0xFFFF;
    }

    /** Nanoseconds since midnight (48 bits). */
    public final long timestamp()
    {
        return readTimestamp(buffer, offset);
    }

    public static long readTimestamp(final DirectBuffer buffer, final int messageOffset)
    {
        final int at = messageOffset + ItchMessages.TIMESTAMP_OFFSET;
        return ((long)(buffer.getShort(at, BE) & 0xFFFF) << 32) | (buffer.getInt(at + 2, BE) & 0xFFFF_FFFFL);
    }

    protected final long uint32(final int fieldOffset)
    {
        return buffer.getInt(offset + fieldOffset, BE) & 0xFFFF_FFFFL;
    }

    protected final long int64(final int fieldOffset)
    {
        return buffer.getLong(offset + fieldOffset, BE);
    }

    protected final byte alpha1(final int fieldOffset)
    {
        return buffer.getByte(offset + fieldOffset);
    }

    /** An 8-byte Alpha field (a stock symbol, right-padded with spaces) as a packed long. */
    protected final long alpha8(final int fieldOffset)
    {
        return buffer.getLong(offset + fieldOffset, BE);
    }
}
