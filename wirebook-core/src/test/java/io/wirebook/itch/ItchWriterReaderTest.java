package io.wirebook.itch;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every message ItchWriter encodes, read back through ItchReader with the specification's field names. */
class ItchWriterReaderTest
{
    /** Message written at an odd, non-zero offset so that offset handling is exercised too. */
    private static final int AT = 7;
    private static final long TIMESTAMP = 0xABCD_1234_5678L;   // uses all 48 bits

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final ItchReader reader = new ItchReader();
    private final CapturingListener listener = new CapturingListener();

    @BeforeEach
    void fillWithGarbage()
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0xA5);
    }

    @Test
    void systemEvent()
    {
        final int length = ItchWriter.systemEvent(
            buffer, AT, 0xFFFF, TIMESTAMP, ItchMessages.EVENT_START_OF_MARKET_HOURS);

        assertThat(length).isEqualTo(12).isEqualTo(ItchMessages.lengthOf(ItchMessages.SYSTEM_EVENT));
        read(length, "onSystemEvent");
        final SystemEvent m = listener.as(SystemEvent.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.SYSTEM_EVENT);
        assertThat(m.stockLocate()).isZero();
        assertThat(m.trackingNumber()).isEqualTo(0xFFFF);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.eventCode()).isEqualTo(ItchMessages.EVENT_START_OF_MARKET_HOURS);
    }

    @Test
    void stockDirectory()
    {
        final long stock = ItchWriter.stock("AAPL");
        final int length = ItchWriter.stockDirectory(buffer, AT, 0x8001, 2, TIMESTAMP, stock, 100);

        assertThat(length).isEqualTo(39).isEqualTo(ItchMessages.lengthOf(ItchMessages.STOCK_DIRECTORY));
        read(length, "onStockDirectory");
        final StockDirectory m = listener.as(StockDirectory.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.STOCK_DIRECTORY);
        assertThat(m.stockLocate()).isEqualTo(0x8001);
        assertThat(m.trackingNumber()).isEqualTo(2);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.stock()).isEqualTo(stock);
        assertThat(m.marketCategory()).isEqualTo((byte)'Q');
        assertThat(m.financialStatusIndicator()).isEqualTo((byte)'N');
        assertThat(m.roundLotSize()).isEqualTo(100);
        assertThat(m.roundLotsOnly()).isEqualTo((byte)'N');
        assertThat(m.issueClassification()).isEqualTo((byte)'C');
        assertThat(m.authenticity()).isEqualTo((byte)'P');
        assertThat(m.etpLeverageFactor()).isZero();
        assertThat(buffer.getByte(AT + 38)).as("Inverse Indicator").isEqualTo((byte)'N');
    }

    @Test
    void addOrder()
    {
        final long stock = ItchWriter.stock("MSFT");
        final int length = ItchWriter.addOrder(
            buffer, AT, 7, 8, TIMESTAMP, 0x8000_0000_0000_0001L, ItchMessages.SELL, 0xFFFF_FFFFL, stock, 0x8000_0001L);

        assertThat(length).isEqualTo(36).isEqualTo(ItchMessages.lengthOf(ItchMessages.ADD_ORDER));
        read(length, "onAddOrder");
        final AddOrder m = listener.as(AddOrder.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ADD_ORDER);
        assertThat(m.stockLocate()).isEqualTo(7);
        assertThat(m.trackingNumber()).isEqualTo(8);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.orderReferenceNumber()).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(m.buySellIndicator()).isEqualTo(ItchMessages.SELL);
        assertThat(m.shares()).isEqualTo(0xFFFF_FFFFL);
        assertThat(m.stock()).isEqualTo(stock);
        assertThat(m.price()).isEqualTo(0x8000_0001L);
        assertThat(m.hasAttribution()).isFalse();
        assertThat(m.attribution()).isZero();
    }

    @Test
    void addOrderMpid()
    {
        final long stock = ItchWriter.stock("GOOGL");
        final int attribution = ('G' << 24) | ('S' << 16) | ('C' << 8) | 'O';
        final int length = ItchWriter.addOrderMpid(
            buffer, AT, 9, 10, TIMESTAMP, 42, ItchMessages.BUY, 100, stock, 1_234_500, attribution);

        assertThat(length).isEqualTo(40).isEqualTo(ItchMessages.lengthOf(ItchMessages.ADD_ORDER_MPID));
        read(length, "onAddOrder");
        final AddOrder m = listener.as(AddOrder.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ADD_ORDER_MPID);
        assertThat(m.stockLocate()).isEqualTo(9);
        assertThat(m.trackingNumber()).isEqualTo(10);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.orderReferenceNumber()).isEqualTo(42);
        assertThat(m.buySellIndicator()).isEqualTo(ItchMessages.BUY);
        assertThat(m.shares()).isEqualTo(100);
        assertThat(m.stock()).isEqualTo(stock);
        assertThat(m.price()).isEqualTo(1_234_500);
        assertThat(m.hasAttribution()).isTrue();
        assertThat(m.attribution()).isEqualTo(attribution);
    }

    @Test
    void orderExecuted()
    {
        final int length = ItchWriter.orderExecuted(buffer, AT, 11, 12, TIMESTAMP, 43, 0xFFFF_FFFEL, -2L);

        assertThat(length).isEqualTo(31).isEqualTo(ItchMessages.lengthOf(ItchMessages.ORDER_EXECUTED));
        read(length, "onOrderExecuted");
        final OrderExecuted m = listener.as(OrderExecuted.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_EXECUTED);
        assertThat(m.stockLocate()).isEqualTo(11);
        assertThat(m.trackingNumber()).isEqualTo(12);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.orderReferenceNumber()).isEqualTo(43);
        assertThat(m.executedShares()).isEqualTo(0xFFFF_FFFEL);
        assertThat(m.matchNumber()).isEqualTo(-2L);
    }

    @Test
    void orderExecutedWithPrice()
    {
        final int length = ItchWriter.orderExecutedWithPrice(
            buffer, AT, 13, 14, TIMESTAMP, 44, 300, 0x0102_0304_0506_0708L, (byte)'Y', 999_999);

        assertThat(length).isEqualTo(36).isEqualTo(ItchMessages.lengthOf(ItchMessages.ORDER_EXECUTED_WITH_PRICE));
        read(length, "onOrderExecutedWithPrice");
        final OrderExecutedWithPrice m = listener.as(OrderExecutedWithPrice.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_EXECUTED_WITH_PRICE);
        assertThat(m.stockLocate()).isEqualTo(13);
        assertThat(m.trackingNumber()).isEqualTo(14);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.orderReferenceNumber()).isEqualTo(44);
        assertThat(m.executedShares()).isEqualTo(300);
        assertThat(m.matchNumber()).isEqualTo(0x0102_0304_0506_0708L);
        assertThat(m.printable()).isEqualTo((byte)'Y');
        assertThat(m.executionPrice()).isEqualTo(999_999);
    }

    @Test
    void orderCancel()
    {
        final int length = ItchWriter.orderCancel(buffer, AT, 15, 16, TIMESTAMP, 45, 0x8000_0000L);

        assertThat(length).isEqualTo(23).isEqualTo(ItchMessages.lengthOf(ItchMessages.ORDER_CANCEL));
        read(length, "onOrderCancel");
        final OrderCancel m = listener.as(OrderCancel.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_CANCEL);
        assertThat(m.stockLocate()).isEqualTo(15);
        assertThat(m.trackingNumber()).isEqualTo(16);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.orderReferenceNumber()).isEqualTo(45);
        assertThat(m.cancelledShares()).isEqualTo(0x8000_0000L);
    }

    @Test
    void orderDelete()
    {
        final int length = ItchWriter.orderDelete(buffer, AT, 17, 18, TIMESTAMP, Long.MAX_VALUE);

        assertThat(length).isEqualTo(19).isEqualTo(ItchMessages.lengthOf(ItchMessages.ORDER_DELETE));
        read(length, "onOrderDelete");
        final OrderDelete m = listener.as(OrderDelete.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_DELETE);
        assertThat(m.stockLocate()).isEqualTo(17);
        assertThat(m.trackingNumber()).isEqualTo(18);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.orderReferenceNumber()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void orderReplace()
    {
        final int length = ItchWriter.orderReplace(buffer, AT, 19, 20, TIMESTAMP, 46, 47, 500, 1_000_100);

        assertThat(length).isEqualTo(35).isEqualTo(ItchMessages.lengthOf(ItchMessages.ORDER_REPLACE));
        read(length, "onOrderReplace");
        final OrderReplace m = listener.as(OrderReplace.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_REPLACE);
        assertThat(m.stockLocate()).isEqualTo(19);
        assertThat(m.trackingNumber()).isEqualTo(20);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.originalOrderReferenceNumber()).isEqualTo(46);
        assertThat(m.newOrderReferenceNumber()).isEqualTo(47);
        assertThat(m.shares()).isEqualTo(500);
        assertThat(m.price()).isEqualTo(1_000_100);
    }

    @Test
    void trade()
    {
        final long stock = ItchWriter.stock("SPY");
        final int length = ItchWriter.trade(
            buffer, AT, 21, 22, TIMESTAMP, 0, ItchMessages.BUY, 1, stock, 4_500_000, 0x7FFF_FFFF_FFFF_FFFFL);

        assertThat(length).isEqualTo(44).isEqualTo(ItchMessages.lengthOf(ItchMessages.TRADE));
        read(length, "onTrade");
        final Trade m = listener.as(Trade.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.TRADE);
        assertThat(m.stockLocate()).isEqualTo(21);
        assertThat(m.trackingNumber()).isEqualTo(22);
        assertThat(m.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(m.orderReferenceNumber()).isZero();
        assertThat(m.buySellIndicator()).isEqualTo(ItchMessages.BUY);
        assertThat(m.shares()).isEqualTo(1);
        assertThat(m.stock()).isEqualTo(stock);
        assertThat(m.price()).isEqualTo(4_500_000);
        assertThat(m.matchNumber()).isEqualTo(0x7FFF_FFFF_FFFF_FFFFL);
    }

    @Test
    void otherTypesOfTheRightLengthGoToOnOtherMessage()
    {
        final byte[] others = {'H', 'Y', 'L', 'V', 'W', 'K', 'J', 'h', 'Q', 'B', 'I', 'N', 'O'};
        for (final byte type : others)
        {
            final int length = ItchMessages.lengthOf(type);
            assertThat(length).as("length of %c", (char)type).isPositive();
            buffer.putByte(AT, type);

            assertThat(reader.read(buffer, AT, length, listener)).isEqualTo(ItchReader.OK);
            assertThat(listener.callback).isEqualTo("onOtherMessage");
            assertThat(listener.otherType).isEqualTo(type);
            assertThat(listener.otherOffset).isEqualTo(AT);
            assertThat(listener.otherLength).isEqualTo(length);
        }
    }

    @Test
    void stampTimestampRewritesOnlyTheTimestamp()
    {
        final int length = ItchWriter.orderDelete(buffer, AT, 17, 18, 1, 99);
        buffer.putByte(AT - 1, (byte)0x11);
        buffer.putByte(AT + length, (byte)0x22);

        ItchWriter.stampTimestamp(buffer, AT, ItchMessages.MAX_TIMESTAMP);

        read(length, "onOrderDelete");
        final OrderDelete m = listener.as(OrderDelete.class);
        assertThat(m.timestamp()).isEqualTo(ItchMessages.MAX_TIMESTAMP);
        assertThat(ItchMessage.readTimestamp(buffer, AT)).isEqualTo(ItchMessages.MAX_TIMESTAMP);
        assertThat(m.trackingNumber()).isEqualTo(18);
        assertThat(m.orderReferenceNumber()).isEqualTo(99);
        assertThat(buffer.getByte(AT - 1)).isEqualTo((byte)0x11);
        assertThat(buffer.getByte(AT + length)).isEqualTo((byte)0x22);
    }

    @Test
    void stockPacksAsciiRightPaddedWithSpaces()
    {
        ItchWriter.addOrder(buffer, AT, 1, 1, 1, 1, ItchMessages.BUY, 1, ItchWriter.stock("AB"), 1);

        final byte[] field = new byte[8];
        buffer.getBytes(AT + 24, field);
        assertThat(new String(field, StandardCharsets.US_ASCII)).isEqualTo("AB      ");
        assertThat(ItchWriter.stock("ABCDEFGHIJ")).isEqualTo(ItchWriter.stock("ABCDEFGH"));
    }

    private void read(final int length, final String expectedCallback)
    {
        final int calls = listener.calls;
        assertThat(reader.read(buffer, AT, length, listener)).isEqualTo(ItchReader.OK);
        assertThat(listener.calls).isEqualTo(calls + 1);
        assertThat(listener.callback).isEqualTo(expectedCallback);
        assertThat(listener.message.offset()).isEqualTo(AT);
    }
}
