package io.wirebook.itch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** ItchWriter then ItchReader gives back every field, over the whole range of each field. */
class ItchRoundTripPropertyTest
{
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final ItchReader reader = new ItchReader();
    private final CapturingListener listener = new CapturingListener();

    @Property
    void addOrder(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long orderReferenceNumber,
        @ForAll("sides") final byte buySellIndicator,
        @ForAll @LongRange(max = UINT32_MAX) final long shares,
        @ForAll final long stock,
        @ForAll @LongRange(max = UINT32_MAX) final long price)
    {
        final int length = ItchWriter.addOrder(
            buffer, at, stockLocate, trackingNumber, timestamp, orderReferenceNumber, buySellIndicator, shares,
            stock, price);

        final AddOrder m = read(at, length, AddOrder.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ADD_ORDER);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
        assertThat(m.buySellIndicator()).isEqualTo(buySellIndicator);
        assertThat(m.shares()).isEqualTo(shares);
        assertThat(m.stock()).isEqualTo(stock);
        assertThat(m.price()).isEqualTo(price);
        assertThat(m.hasAttribution()).isFalse();
    }

    @Property
    void addOrderMpid(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long orderReferenceNumber,
        @ForAll("sides") final byte buySellIndicator,
        @ForAll @LongRange(max = UINT32_MAX) final long shares,
        @ForAll final long stock,
        @ForAll @LongRange(max = UINT32_MAX) final long price,
        @ForAll final int attribution)
    {
        final int length = ItchWriter.addOrderMpid(
            buffer, at, stockLocate, trackingNumber, timestamp, orderReferenceNumber, buySellIndicator, shares,
            stock, price, attribution);

        final AddOrder m = read(at, length, AddOrder.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ADD_ORDER_MPID);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
        assertThat(m.buySellIndicator()).isEqualTo(buySellIndicator);
        assertThat(m.shares()).isEqualTo(shares);
        assertThat(m.stock()).isEqualTo(stock);
        assertThat(m.price()).isEqualTo(price);
        assertThat(m.hasAttribution()).isTrue();
        assertThat(m.attribution()).isEqualTo(attribution);
    }

    @Property
    void orderExecuted(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long orderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long executedShares,
        @ForAll final long matchNumber)
    {
        final int length = ItchWriter.orderExecuted(
            buffer, at, stockLocate, trackingNumber, timestamp, orderReferenceNumber, executedShares, matchNumber);

        final OrderExecuted m = read(at, length, OrderExecuted.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_EXECUTED);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
        assertThat(m.executedShares()).isEqualTo(executedShares);
        assertThat(m.matchNumber()).isEqualTo(matchNumber);
    }

    @Property
    void orderExecutedWithPrice(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long orderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long executedShares,
        @ForAll final long matchNumber,
        @ForAll("printables") final byte printable,
        @ForAll @LongRange(max = UINT32_MAX) final long executionPrice)
    {
        final int length = ItchWriter.orderExecutedWithPrice(
            buffer, at, stockLocate, trackingNumber, timestamp, orderReferenceNumber, executedShares, matchNumber,
            printable, executionPrice);

        final OrderExecutedWithPrice m = read(at, length, OrderExecutedWithPrice.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_EXECUTED_WITH_PRICE);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
        assertThat(m.executedShares()).isEqualTo(executedShares);
        assertThat(m.matchNumber()).isEqualTo(matchNumber);
        assertThat(m.printable()).isEqualTo(printable);
        assertThat(m.executionPrice()).isEqualTo(executionPrice);
    }

    @Property
    void orderCancel(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long orderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long cancelledShares)
    {
        final int length = ItchWriter.orderCancel(
            buffer, at, stockLocate, trackingNumber, timestamp, orderReferenceNumber, cancelledShares);

        final OrderCancel m = read(at, length, OrderCancel.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_CANCEL);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
        assertThat(m.cancelledShares()).isEqualTo(cancelledShares);
    }

    @Property
    void orderDelete(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long orderReferenceNumber)
    {
        final int length = ItchWriter.orderDelete(
            buffer, at, stockLocate, trackingNumber, timestamp, orderReferenceNumber);

        final OrderDelete m = read(at, length, OrderDelete.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_DELETE);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
    }

    @Property
    void orderReplace(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long originalOrderReferenceNumber,
        @ForAll final long newOrderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long shares,
        @ForAll @LongRange(max = UINT32_MAX) final long price)
    {
        final int length = ItchWriter.orderReplace(
            buffer, at, stockLocate, trackingNumber, timestamp, originalOrderReferenceNumber, newOrderReferenceNumber,
            shares, price);

        final OrderReplace m = read(at, length, OrderReplace.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.ORDER_REPLACE);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.originalOrderReferenceNumber()).isEqualTo(originalOrderReferenceNumber);
        assertThat(m.newOrderReferenceNumber()).isEqualTo(newOrderReferenceNumber);
        assertThat(m.shares()).isEqualTo(shares);
        assertThat(m.price()).isEqualTo(price);
    }

    @Property
    void trade(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long orderReferenceNumber,
        @ForAll("sides") final byte buySellIndicator,
        @ForAll @LongRange(max = UINT32_MAX) final long shares,
        @ForAll final long stock,
        @ForAll @LongRange(max = UINT32_MAX) final long price,
        @ForAll final long matchNumber)
    {
        final int length = ItchWriter.trade(
            buffer, at, stockLocate, trackingNumber, timestamp, orderReferenceNumber, buySellIndicator, shares,
            stock, price, matchNumber);

        final Trade m = read(at, length, Trade.class);
        assertThat(m.messageType()).isEqualTo(ItchMessages.TRADE);
        assertHeader(m, stockLocate, trackingNumber, timestamp);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
        assertThat(m.buySellIndicator()).isEqualTo(buySellIndicator);
        assertThat(m.shares()).isEqualTo(shares);
        assertThat(m.stock()).isEqualTo(stock);
        assertThat(m.price()).isEqualTo(price);
        assertThat(m.matchNumber()).isEqualTo(matchNumber);
    }

    @Provide
    Arbitrary<Long> timestamps()
    {
        return Arbitraries.longs().between(0, ItchMessages.MAX_TIMESTAMP);
    }

    @Provide
    Arbitrary<Byte> sides()
    {
        return Arbitraries.of(ItchMessages.BUY, ItchMessages.SELL);
    }

    @Provide
    Arbitrary<Byte> printables()
    {
        return Arbitraries.of((byte)'Y', (byte)'N');
    }

    private <T extends ItchMessage> T read(final int at, final int length, final Class<T> type)
    {
        assertThat(length).isEqualTo(ItchMessages.lengthOf(buffer.getByte(at)));
        listener.message = null;
        assertThat(reader.read(buffer, at, length, listener)).isEqualTo(ItchReader.OK);
        final T message = listener.as(type);
        assertThat(message.offset()).isEqualTo(at);
        return message;
    }

    private static void assertHeader(
        final ItchMessage m, final int stockLocate, final int trackingNumber, final long timestamp)
    {
        assertThat(m.stockLocate()).isEqualTo(stockLocate);
        assertThat(m.trackingNumber()).isEqualTo(trackingNumber);
        assertThat(m.timestamp()).isEqualTo(timestamp);
    }
}
