package io.wirebook.itch;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

import com.paritytrading.juncture.nasdaq.itch50.ITCH50;
import com.paritytrading.juncture.nasdaq.itch50.ITCH50Listener;
import com.paritytrading.juncture.nasdaq.itch50.ITCH50Parser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same bytes, written by ItchWriter, parsed by ItchReader and by Juncture's independent ITCH 5.0 parser: every
 * field must agree. Guards against an offset or width mistake that a writer/reader pair written together would
 * share.
 */
class JunctureCrossCheckPropertyTest extends ItchArbitraries
{
    private final byte[] bytes = new byte[64];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final ItchReader reader = new ItchReader();
    private final CapturingListener listener = new CapturingListener();

    private Object parsed;
    private String parsedBy;
    private final ITCH50Parser juncture = new ITCH50Parser((ITCH50Listener)Proxy.newProxyInstance(
        ITCH50Listener.class.getClassLoader(),
        new Class<?>[] {ITCH50Listener.class},
        (proxy, method, args) ->
        {
            parsed = args[0];
            parsedBy = method.getName();
            return null;
        }));

    @Property
    void systemEvent(
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll("eventCodes") final byte eventCode) throws Exception
    {
        final int length = ItchWriter.systemEvent(buffer, 0, trackingNumber, timestamp, eventCode);

        final ITCH50.SystemEvent j = juncture(length, "systemEvent", ITCH50.SystemEvent.class);
        final SystemEvent m = ours(length, SystemEvent.class);
        assertHeader(m, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertThat(m.eventCode()).isEqualTo(j.eventCode).isEqualTo(eventCode);
    }

    @Property
    void stockDirectory(
        @ForAll @IntRange(max = 0xFFFF) final int stockLocate,
        @ForAll @IntRange(max = 0xFFFF) final int trackingNumber,
        @ForAll("timestamps") final long timestamp,
        @ForAll final long stock,
        @ForAll @LongRange(max = UINT32_MAX) final long roundLotSize) throws Exception
    {
        final int length = ItchWriter.stockDirectory(
            buffer, 0, stockLocate, trackingNumber, timestamp, stock, roundLotSize);

        final ITCH50.StockDirectory j = juncture(length, "stockDirectory", ITCH50.StockDirectory.class);
        final StockDirectory m = ours(length, StockDirectory.class);
        assertHeader(m, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertThat(m.stock()).isEqualTo(j.stock).isEqualTo(stock);
        assertThat(m.marketCategory()).isEqualTo(j.marketCategory);
        assertThat(m.financialStatusIndicator()).isEqualTo(j.financialStatusIndicator);
        assertThat(m.roundLotSize()).isEqualTo(j.roundLotSize).isEqualTo(roundLotSize);
        assertThat(m.roundLotsOnly()).isEqualTo(j.roundLotsOnly);
        assertThat(m.issueClassification()).isEqualTo(j.issueClassification);
        assertThat(m.authenticity()).isEqualTo(j.authenticity);
        assertThat(m.etpLeverageFactor()).isEqualTo(j.etpLeverageFactor);
        assertThat(buffer.getByte(38)).as("Inverse Indicator").isEqualTo(j.inverseIndicator);
    }

    @Property
    void addOrder(
        @ForAll("headers") final Header header,
        @ForAll("sidedOrders") final SidedOrder order) throws Exception
    {
        final int length = order.writeAddOrder(buffer, 0, header);

        final ITCH50.AddOrder j = juncture(length, "addOrder", ITCH50.AddOrder.class);
        final AddOrder m = ours(length, AddOrder.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertSidedOrders(m, order,
            new SidedOrder(j.orderReferenceNumber, j.buySellIndicator, j.shares, j.stock, j.price));
    }

    @Property
    void addOrderMpid(
        @ForAll("headers") final Header header,
        @ForAll("sidedOrders") final SidedOrder order,
        @ForAll final int attribution) throws Exception
    {
        final int length = order.writeAddOrderMpid(buffer, 0, header, attribution);

        final ITCH50.AddOrderMPID j = juncture(length, "addOrderMPID", ITCH50.AddOrderMPID.class);
        final AddOrder m = ours(length, AddOrder.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertSidedOrders(m, order,
            new SidedOrder(j.orderReferenceNumber, j.buySellIndicator, j.shares, j.stock, j.price));
        assertThat(m.attribution()).isEqualTo(j.attribution).isEqualTo(attribution);
    }

    @Property
    void orderExecuted(
        @ForAll("headers") final Header header,
        @ForAll("executions") final Execution execution) throws Exception
    {
        final int length = execution.writeOrderExecuted(buffer, 0, header);

        final ITCH50.OrderExecuted j = juncture(length, "orderExecuted", ITCH50.OrderExecuted.class);
        final OrderExecuted m = ours(length, OrderExecuted.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertExecutions(m, execution, new Execution(j.orderReferenceNumber, j.executedShares, j.matchNumber));
    }

    @Property
    void orderExecutedWithPrice(
        @ForAll("headers") final Header header,
        @ForAll("executions") final Execution execution,
        @ForAll("printables") final byte printable,
        @ForAll @LongRange(max = UINT32_MAX) final long executionPrice) throws Exception
    {
        final int length = execution.writeOrderExecutedWithPrice(buffer, 0, header, printable, executionPrice);

        final ITCH50.OrderExecutedWithPrice j =
            juncture(length, "orderExecutedWithPrice", ITCH50.OrderExecutedWithPrice.class);
        final OrderExecutedWithPrice m = ours(length, OrderExecutedWithPrice.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertExecutions(m, execution, new Execution(j.orderReferenceNumber, j.executedShares, j.matchNumber));
        assertThat(m.printable()).isEqualTo(j.printable).isEqualTo(printable);
        assertThat(m.executionPrice()).isEqualTo(j.executionPrice).isEqualTo(executionPrice);
    }

    @Property
    void orderCancel(
        @ForAll("headers") final Header header,
        @ForAll final long orderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long cancelledShares) throws Exception
    {
        final int length = ItchWriter.orderCancel(
            buffer, 0, header.stockLocate(), header.trackingNumber(), header.timestamp(), orderReferenceNumber,
            cancelledShares);

        final ITCH50.OrderCancel j = juncture(length, "orderCancel", ITCH50.OrderCancel.class);
        final OrderCancel m = ours(length, OrderCancel.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertThat(m.orderReferenceNumber()).isEqualTo(j.orderReferenceNumber).isEqualTo(orderReferenceNumber);
        assertThat(m.cancelledShares()).isEqualTo(j.canceledShares).isEqualTo(cancelledShares);
    }

    @Property
    void orderDelete(
        @ForAll("headers") final Header header,
        @ForAll final long orderReferenceNumber) throws Exception
    {
        final int length = ItchWriter.orderDelete(
            buffer, 0, header.stockLocate(), header.trackingNumber(), header.timestamp(), orderReferenceNumber);

        final ITCH50.OrderDelete j = juncture(length, "orderDelete", ITCH50.OrderDelete.class);
        final OrderDelete m = ours(length, OrderDelete.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertThat(m.orderReferenceNumber()).isEqualTo(j.orderReferenceNumber).isEqualTo(orderReferenceNumber);
    }

    @Property
    void orderReplace(
        @ForAll("headers") final Header header,
        @ForAll final long originalOrderReferenceNumber,
        @ForAll final long newOrderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long shares,
        @ForAll @LongRange(max = UINT32_MAX) final long price) throws Exception
    {
        final int length = ItchWriter.orderReplace(
            buffer, 0, header.stockLocate(), header.trackingNumber(), header.timestamp(),
            originalOrderReferenceNumber, newOrderReferenceNumber, shares, price);

        final ITCH50.OrderReplace j = juncture(length, "orderReplace", ITCH50.OrderReplace.class);
        final OrderReplace m = ours(length, OrderReplace.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertThat(m.originalOrderReferenceNumber())
            .isEqualTo(j.originalOrderReferenceNumber).isEqualTo(originalOrderReferenceNumber);
        assertThat(m.newOrderReferenceNumber()).isEqualTo(j.newOrderReferenceNumber).isEqualTo(newOrderReferenceNumber);
        assertThat(m.shares()).isEqualTo(j.shares).isEqualTo(shares);
        assertThat(m.price()).isEqualTo(j.price).isEqualTo(price);
    }

    @Property
    void trade(
        @ForAll("headers") final Header header,
        @ForAll("sidedOrders") final SidedOrder order,
        @ForAll final long matchNumber) throws Exception
    {
        final int length = order.writeTrade(buffer, 0, header, matchNumber);

        final ITCH50.Trade j = juncture(length, "trade", ITCH50.Trade.class);
        final Trade m = ours(length, Trade.class);
        assertHeaders(m, header, j.stockLocate, j.trackingNumber, j.timestampHigh, j.timestampLow);
        assertSidedOrders(m, order,
            new SidedOrder(j.orderReferenceNumber, j.buySellIndicator, j.shares, j.stock, j.price));
        assertThat(m.matchNumber()).isEqualTo(j.matchNumber).isEqualTo(matchNumber);
    }

    @Provide
    Arbitrary<Byte> eventCodes()
    {
        return Arbitraries.of(
            ItchMessages.EVENT_START_OF_MESSAGES, ItchMessages.EVENT_START_OF_SYSTEM_HOURS,
            ItchMessages.EVENT_START_OF_MARKET_HOURS, ItchMessages.EVENT_END_OF_MARKET_HOURS,
            ItchMessages.EVENT_END_OF_SYSTEM_HOURS, ItchMessages.EVENT_END_OF_MESSAGES);
    }

    /** Parses exactly {@code length} bytes with Juncture, which must consume all of them. */
    private <T> T juncture(final int length, final String expectedCallback, final Class<T> type) throws Exception
    {
        parsed = null;
        final ByteBuffer message = ByteBuffer.wrap(bytes, 0, length);
        juncture.message(message);
        assertThat(parsedBy).isEqualTo(expectedCallback);
        assertThat(message.remaining()).as("bytes Juncture left unread").isZero();
        return type.cast(parsed);
    }

    private <T extends ItchMessage> T ours(final int length, final Class<T> type)
    {
        listener.message = null;
        assertThat(reader.read(buffer, 0, length, listener)).isEqualTo(ItchReader.OK);
        return listener.as(type);
    }

    private static void assertHeader(
        final ItchMessage m, final int stockLocate, final int trackingNumber, final int timestampHigh,
        final long timestampLow)
    {
        assertThat(m.stockLocate()).isEqualTo(stockLocate);
        assertThat(m.trackingNumber()).isEqualTo(trackingNumber);
        assertThat(m.timestamp()).isEqualTo(((long)timestampHigh << 32) | timestampLow);
    }

    /** Ours and Juncture's headers agree, and are what was written. */
    private static void assertHeaders(
        final ItchMessage m, final Header written, final int stockLocate, final int trackingNumber,
        final int timestampHigh, final long timestampLow)
    {
        assertHeader(m, stockLocate, trackingNumber, timestampHigh, timestampLow);
        assertHeader(m, written);
    }

    /** Ours and Juncture's fields agree, and are what was written. */
    private static void assertSidedOrders(
        final SidedOrderMessage m, final SidedOrder written, final SidedOrder juncture)
    {
        assertSidedOrder(m, written);
        assertThat(juncture).isEqualTo(written);
    }

    private static void assertExecutions(final ExecutionMessage m, final Execution written, final Execution juncture)
    {
        assertExecution(m, written);
        assertThat(juncture).isEqualTo(written);
    }
}
