package io.wirebook.itch;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Encodes ITCH 5.0 messages. Each method writes one whole message at {@code offset} and returns its length.
 * Used by the exchange simulator and by tests; it allocates nothing.
 */
public final class ItchWriter
{
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private ItchWriter()
    {
    }

    public static int systemEvent(
        final MutableDirectBuffer buffer, final int offset, final int trackingNumber, final long timestamp,
        final byte eventCode)
    {
        header(buffer, offset, ItchMessages.SYSTEM_EVENT, 0, trackingNumber, timestamp);
        buffer.putByte(offset + 11, eventCode);
        return 12;
    }

    public static int stockDirectory(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long stock, final long roundLotSize)
    {
        header(buffer, offset, ItchMessages.STOCK_DIRECTORY, stockLocate, trackingNumber, timestamp);
        buffer.putLong(offset + 11, stock, BE);
        buffer.putByte(offset + 19, (byte)'Q');      // Market Category: NASDAQ Global Select
        buffer.putByte(offset + 20, (byte)'N');      // Financial Status Indicator: normal
        buffer.putInt(offset + 21, (int)roundLotSize, BE);
        buffer.putByte(offset + 25, (byte)'N');      // Round Lots Only
        buffer.putByte(offset + 26, (byte)'C');      // Issue Classification: common stock
        buffer.putByte(offset + 27, (byte)'Z');      // Issue Sub-Type (2)
        buffer.putByte(offset + 28, (byte)' ');
        buffer.putByte(offset + 29, (byte)'P');      // Authenticity: live/production
        buffer.putByte(offset + 30, (byte)'N');      // Short Sale Threshold Indicator
        buffer.putByte(offset + 31, (byte)' ');      // IPO Flag
        buffer.putByte(offset + 32, (byte)'1');      // LULD Reference Price Tier
        buffer.putByte(offset + 33, (byte)'N');      // ETP Flag
        buffer.putInt(offset + 34, 0, BE);           // ETP Leverage Factor
        buffer.putByte(offset + 38, (byte)'N');      // Inverse Indicator
        return 39;
    }

    public static int addOrder(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long orderReferenceNumber, final byte buySellIndicator, final long shares,
        final long stock, final long price)
    {
        header(buffer, offset, ItchMessages.ADD_ORDER, stockLocate, trackingNumber, timestamp);
        buffer.putLong(offset + 11, orderReferenceNumber, BE);
        buffer.putByte(offset + 19, buySellIndicator);
        buffer.putInt(offset + 20, (int)shares, BE);
        buffer.putLong(offset + 24, stock, BE);
        buffer.putInt(offset + 32, (int)price, BE);
        return 36;
    }

    public static int addOrderMpid(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long orderReferenceNumber, final byte buySellIndicator, final long shares,
        final long stock, final long price, final int attribution)
    {
        addOrder(buffer, offset, stockLocate, trackingNumber, timestamp, orderReferenceNumber, buySellIndicator,
            shares, stock, price);
        buffer.putByte(offset, ItchMessages.ADD_ORDER_MPID);
        buffer.putInt(offset + 36, attribution, BE);
        return 40;
    }

    public static int orderExecuted(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long orderReferenceNumber, final long executedShares, final long matchNumber)
    {
        header(buffer, offset, ItchMessages.ORDER_EXECUTED, stockLocate, trackingNumber, timestamp);
        buffer.putLong(offset + 11, orderReferenceNumber, BE);
        buffer.putInt(offset + 19, (int)executedShares, BE);
        buffer.putLong(offset + 23, matchNumber, BE);
        return 31;
    }

    public static int orderExecutedWithPrice(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long orderReferenceNumber, final long executedShares, final long matchNumber,
        final byte printable, final long executionPrice)
    {
        orderExecuted(buffer, offset, stockLocate, trackingNumber, timestamp, orderReferenceNumber, executedShares,
            matchNumber);
        buffer.putByte(offset, ItchMessages.ORDER_EXECUTED_WITH_PRICE);
        buffer.putByte(offset + 31, printable);
        buffer.putInt(offset + 32, (int)executionPrice, BE);
        return 36;
    }

    public static int orderCancel(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long orderReferenceNumber, final long cancelledShares)
    {
        header(buffer, offset, ItchMessages.ORDER_CANCEL, stockLocate, trackingNumber, timestamp);
        buffer.putLong(offset + 11, orderReferenceNumber, BE);
        buffer.putInt(offset + 19, (int)cancelledShares, BE);
        return 23;
    }

    public static int orderDelete(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long orderReferenceNumber)
    {
        header(buffer, offset, ItchMessages.ORDER_DELETE, stockLocate, trackingNumber, timestamp);
        buffer.putLong(offset + 11, orderReferenceNumber, BE);
        return 19;
    }

    public static int orderReplace(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long originalOrderReferenceNumber, final long newOrderReferenceNumber,
        final long shares, final long price)
    {
        header(buffer, offset, ItchMessages.ORDER_REPLACE, stockLocate, trackingNumber, timestamp);
        buffer.putLong(offset + 11, originalOrderReferenceNumber, BE);
        buffer.putLong(offset + 19, newOrderReferenceNumber, BE);
        buffer.putInt(offset + 27, (int)shares, BE);
        buffer.putInt(offset + 31, (int)price, BE);
        return 35;
    }

    public static int trade(
        final MutableDirectBuffer buffer, final int offset, final int stockLocate, final int trackingNumber,
        final long timestamp, final long orderReferenceNumber, final byte buySellIndicator, final long shares,
        final long stock, final long price, final long matchNumber)
    {
        // A Trade's first fields are an Add Order's, at the same offsets.
        addOrder(buffer, offset, stockLocate, trackingNumber, timestamp, orderReferenceNumber, buySellIndicator,
            shares, stock, price);
        buffer.putByte(offset, ItchMessages.TRADE);
        buffer.putLong(offset + 36, matchNumber, BE);
        return 44;
    }

    /** Rewrites the timestamp of an already encoded message: the simulator stamps a packet just before sending. */
    public static void stampTimestamp(final MutableDirectBuffer buffer, final int messageOffset, final long timestamp)
    {
        final int at = messageOffset + ItchMessages.TIMESTAMP_OFFSET;
        buffer.putShort(at, (short)(timestamp >>> 32), BE);
        buffer.putInt(at + 2, (int)timestamp, BE);
    }

    /** Packs up to 8 ASCII characters, right-padded with spaces, as ITCH Alpha fields hold a symbol. */
    public static long stock(final String symbol)
    {
        long packed = 0;
        for (int i = 0; i < 8; i++)
        {
            final char c = i < symbol.length() ? symbol.charAt(i) : ' ';
            packed = (packed << 8) | (c & 0xFF);
        }
        return packed;
    }

    private static void header(
        final MutableDirectBuffer buffer, final int offset, final byte type, final int stockLocate,
        final int trackingNumber, final long timestamp)
    {
        buffer.putByte(offset, type);
        buffer.putShort(offset + 1, (short)stockLocate, BE);
        buffer.putShort(offset + 3, (short)trackingNumber, BE);
        stampTimestamp(buffer, offset, timestamp);
    }
}
