package io.wirebook.itch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Provide;
import org.agrona.MutableDirectBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ITCH property tests draw, over the whole range of each field, and how they write and check it: the header
 * every message has, and the field groups that several message types share.
 */
abstract class ItchArbitraries
{
    static final long UINT32_MAX = 0xFFFF_FFFFL;

    /** Stock Locate, Tracking Number and Timestamp. */
    record Header(int stockLocate, int trackingNumber, long timestamp)
    {
    }

    /** The fields of Add Order and Trade. */
    record SidedOrder(long orderReferenceNumber, byte buySellIndicator, long shares, long stock, long price)
    {
        int writeAddOrder(final MutableDirectBuffer buffer, final int at, final Header h)
        {
            return ItchWriter.addOrder(buffer, at, h.stockLocate(), h.trackingNumber(), h.timestamp(),
                orderReferenceNumber, buySellIndicator, shares, stock, price);
        }

        int writeAddOrderMpid(final MutableDirectBuffer buffer, final int at, final Header h, final int attribution)
        {
            return ItchWriter.addOrderMpid(buffer, at, h.stockLocate(), h.trackingNumber(), h.timestamp(),
                orderReferenceNumber, buySellIndicator, shares, stock, price, attribution);
        }

        int writeTrade(final MutableDirectBuffer buffer, final int at, final Header h, final long matchNumber)
        {
            return ItchWriter.trade(buffer, at, h.stockLocate(), h.trackingNumber(), h.timestamp(),
                orderReferenceNumber, buySellIndicator, shares, stock, price, matchNumber);
        }
    }

    /** The fields of Order Executed and Order Executed With Price. */
    record Execution(long orderReferenceNumber, long executedShares, long matchNumber)
    {
        int writeOrderExecuted(final MutableDirectBuffer buffer, final int at, final Header h)
        {
            return ItchWriter.orderExecuted(buffer, at, h.stockLocate(), h.trackingNumber(), h.timestamp(),
                orderReferenceNumber, executedShares, matchNumber);
        }

        int writeOrderExecutedWithPrice(
            final MutableDirectBuffer buffer, final int at, final Header h, final byte printable,
            final long executionPrice)
        {
            return ItchWriter.orderExecutedWithPrice(buffer, at, h.stockLocate(), h.trackingNumber(), h.timestamp(),
                orderReferenceNumber, executedShares, matchNumber, printable, executionPrice);
        }
    }

    @Provide
    Arbitrary<Header> headers()
    {
        return Combinators.combine(uint16s(), uint16s(), timestamps()).as(Header::new);
    }

    @Provide
    Arbitrary<SidedOrder> sidedOrders()
    {
        return Combinators.combine(Arbitraries.longs(), sides(), uint32s(), Arbitraries.longs(), uint32s())
            .as(SidedOrder::new);
    }

    @Provide
    Arbitrary<Execution> executions()
    {
        return Combinators.combine(Arbitraries.longs(), uint32s(), Arbitraries.longs()).as(Execution::new);
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

    static void assertHeader(final ItchMessage m, final Header h)
    {
        assertThat(m.stockLocate()).isEqualTo(h.stockLocate());
        assertThat(m.trackingNumber()).isEqualTo(h.trackingNumber());
        assertThat(m.timestamp()).isEqualTo(h.timestamp());
    }

    static void assertSidedOrder(final SidedOrderMessage m, final SidedOrder o)
    {
        assertThat(m.orderReferenceNumber()).isEqualTo(o.orderReferenceNumber());
        assertThat(m.buySellIndicator()).isEqualTo(o.buySellIndicator());
        assertThat(m.shares()).isEqualTo(o.shares());
        assertThat(m.stock()).isEqualTo(o.stock());
        assertThat(m.price()).isEqualTo(o.price());
    }

    static void assertExecution(final ExecutionMessage m, final Execution e)
    {
        assertThat(m.orderReferenceNumber()).isEqualTo(e.orderReferenceNumber());
        assertThat(m.executedShares()).isEqualTo(e.executedShares());
        assertThat(m.matchNumber()).isEqualTo(e.matchNumber());
    }

    private static Arbitrary<Integer> uint16s()
    {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    private static Arbitrary<Long> uint32s()
    {
        return Arbitraries.longs().between(0, UINT32_MAX);
    }
}
