package io.wirebook.itch;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** ItchWriter then ItchReader gives back every field, over the whole range of each field. */
class ItchRoundTripPropertyTest extends ItchArbitraries
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final ItchReader reader = new ItchReader();
    private final CapturingListener listener = new CapturingListener();

    @Property
    void addOrder(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll("sidedOrders") final SidedOrder order)
    {
        final int length = order.writeAddOrder(buffer, at, header);

        final AddOrder m = read(at, length, ItchMessages.ADD_ORDER, header, AddOrder.class);
        assertSidedOrder(m, order);
        assertThat(m.hasAttribution()).isFalse();
    }

    @Property
    void addOrderMpid(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll("sidedOrders") final SidedOrder order,
        @ForAll final int attribution)
    {
        final int length = order.writeAddOrderMpid(buffer, at, header, attribution);

        final AddOrder m = read(at, length, ItchMessages.ADD_ORDER_MPID, header, AddOrder.class);
        assertSidedOrder(m, order);
        assertThat(m.hasAttribution()).isTrue();
        assertThat(m.attribution()).isEqualTo(attribution);
    }

    @Property
    void orderExecuted(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll("executions") final Execution execution)
    {
        final int length = execution.writeOrderExecuted(buffer, at, header);

        assertExecution(read(at, length, ItchMessages.ORDER_EXECUTED, header, OrderExecuted.class), execution);
    }

    @Property
    void orderExecutedWithPrice(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll("executions") final Execution execution,
        @ForAll("printables") final byte printable,
        @ForAll @LongRange(max = UINT32_MAX) final long executionPrice)
    {
        final int length = execution.writeOrderExecutedWithPrice(buffer, at, header, printable, executionPrice);

        final OrderExecutedWithPrice m =
            read(at, length, ItchMessages.ORDER_EXECUTED_WITH_PRICE, header, OrderExecutedWithPrice.class);
        assertExecution(m, execution);
        assertThat(m.printable()).isEqualTo(printable);
        assertThat(m.executionPrice()).isEqualTo(executionPrice);
    }

    @Property
    void orderCancel(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll final long orderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long cancelledShares)
    {
        final int length = ItchWriter.orderCancel(buffer, at, header.stockLocate(), header.trackingNumber(),
            header.timestamp(), orderReferenceNumber, cancelledShares);

        final OrderCancel m = read(at, length, ItchMessages.ORDER_CANCEL, header, OrderCancel.class);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
        assertThat(m.cancelledShares()).isEqualTo(cancelledShares);
    }

    @Property
    void orderDelete(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll final long orderReferenceNumber)
    {
        final int length = ItchWriter.orderDelete(buffer, at, header.stockLocate(), header.trackingNumber(),
            header.timestamp(), orderReferenceNumber);

        final OrderDelete m = read(at, length, ItchMessages.ORDER_DELETE, header, OrderDelete.class);
        assertThat(m.orderReferenceNumber()).isEqualTo(orderReferenceNumber);
    }

    @Property
    void orderReplace(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll final long originalOrderReferenceNumber,
        @ForAll final long newOrderReferenceNumber,
        @ForAll @LongRange(max = UINT32_MAX) final long shares,
        @ForAll @LongRange(max = UINT32_MAX) final long price)
    {
        final int length = ItchWriter.orderReplace(buffer, at, header.stockLocate(), header.trackingNumber(),
            header.timestamp(), originalOrderReferenceNumber, newOrderReferenceNumber, shares, price);

        final OrderReplace m = read(at, length, ItchMessages.ORDER_REPLACE, header, OrderReplace.class);
        assertThat(m.originalOrderReferenceNumber()).isEqualTo(originalOrderReferenceNumber);
        assertThat(m.newOrderReferenceNumber()).isEqualTo(newOrderReferenceNumber);
        assertThat(m.shares()).isEqualTo(shares);
        assertThat(m.price()).isEqualTo(price);
    }

    @Property
    void trade(
        @ForAll @IntRange(max = 64) final int at,
        @ForAll("headers") final Header header,
        @ForAll("sidedOrders") final SidedOrder order,
        @ForAll final long matchNumber)
    {
        final int length = order.writeTrade(buffer, at, header, matchNumber);

        final Trade m = read(at, length, ItchMessages.TRADE, header, Trade.class);
        assertSidedOrder(m, order);
        assertThat(m.matchNumber()).isEqualTo(matchNumber);
    }

    /** Reads the message back: its length, type, offset and header must be what was written. */
    private <T extends ItchMessage> T read(
        final int at, final int length, final byte type, final Header header, final Class<T> messageClass)
    {
        assertThat(length).isEqualTo(ItchMessages.lengthOf(buffer.getByte(at)));
        listener.message = null;
        assertThat(reader.read(buffer, at, length, listener)).isEqualTo(ItchReader.OK);
        final T message = listener.as(messageClass);
        assertThat(message.offset()).isEqualTo(at);
        assertThat(message.messageType()).isEqualTo(type);
        assertHeader(message, header);
        return message;
    }
}
