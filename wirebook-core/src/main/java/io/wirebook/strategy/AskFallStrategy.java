package io.wirebook.strategy;

import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.StockDirectory;
import io.wirebook.ouch.EnterOrder;
import io.wirebook.ouch.TriggerToken;
import io.wirebook.stats.HostClock;
import io.wirebook.stats.LatencyRecorder;
import org.HdrHistogram.Histogram;

/**
 * The lab's strategy: whenever the best ask of a watched instrument falls (a live message leaves it lower than it
 * was), it buys that ask at once, IOC, with an OUCH Enter Order whose ClOrdID is the triggering message's
 * {@link TriggerToken}. It times each order from the packet's arrival stamp (the moment the path handed the packet
 * over, on a path with none) to the moment the order is handed to the transport ({@link #inHost()}), and to the
 * return of the transport's send ({@link #inHostSendReturned()}: on a veth the send runs the receiving end's stack
 * too), on {@link HostClock}, while the market is open.
 *
 * <p>Its trigger depends only on the feed, so a seeded simulator makes the same orders on every path. Nothing is
 * allocated per message or per order.
 */
public final class AskFallStrategy implements Strategy
{
    public static final long QUANTITY = 100;

    private final int watchedLocates;
    private final long[] lastBestAsk;
    private final long[] symbols;
    private final Histogram inHost = LatencyRecorder.newHistogram();
    private final Histogram inHostSendReturned = LatencyRecorder.newHistogram();
    private final ItchListener symbolTable;
    private long userRefNum;
    private long ordersMarketOpen;
    private long ordersOutsideMarketHours;
    private long refused;
    private long fromArrivalStamp;
    private long fromHandOver;

    /**
     * @param watchedLocates the instruments watched: stock locates 1 to this.
     * @param maxStockLocate the highest stock locate the feed carries.
     */
    public AskFallStrategy(final int watchedLocates, final int maxStockLocate)
    {
        if (watchedLocates < 1 || watchedLocates > maxStockLocate)
        {
            throw new IllegalArgumentException("watched locates must be 1.." + maxStockLocate + ": " + watchedLocates);
        }
        this.watchedLocates = watchedLocates;
        lastBestAsk = new long[watchedLocates + 1];
        symbols = new long[watchedLocates + 1];
        symbolTable = new ItchListener()
        {
            @Override
            public void onStockDirectory(final StockDirectory message)
            {
                final int locate = message.stockLocate();
                if (locate >= 1 && locate <= AskFallStrategy.this.watchedLocates)
                {
                    symbols[locate] = message.stock();
                }
            }
        };
    }

    /** Learns each watched instrument's symbol from its Stock Directory: give it to the handler's ITCH listener. */
    public ItchListener symbolTable()
    {
        return symbolTable;
    }

    @Override
    public void onBookUpdate(final OrderBook book, final MarketEvent event, final OrderSender orders)
    {
        final int locate = book.stockLocate();
        if (locate > watchedLocates || !event.live())
        {
            return;
        }
        final long ask = book.askLevels() > 0 ? book.askPrice(0) : 0;
        final long previous = lastBestAsk[locate];
        lastBestAsk[locate] = ask;
        if (ask == 0 || previous == 0 || ask >= previous || symbols[locate] == 0)
        {
            return;
        }
        final EnterOrder order = orders.enterOrder()
            .userRefNum(++userRefNum)
            .side(EnterOrder.SIDE_BUY)
            .quantity(QUANTITY)
            .symbol(symbols[locate])
            .price(ask)
            .timeInForce(EnterOrder.TIME_IN_FORCE_IOC)
            .display(EnterOrder.DISPLAY_VISIBLE)
            .capacity(EnterOrder.CAPACITY_PRINCIPAL)
            .interMarketSweepEligibility(EnterOrder.ISO_NOT_ELIGIBLE)
            .crossType(EnterOrder.CROSS_TYPE_CONTINUOUS_MARKET);
        TriggerToken.write(order, event.marketOpen(), event.channel(), event.sequenceNumber());
        final long handedNanos = HostClock.nanos();
        if (!orders.send())
        {
            refused++;
            return;
        }
        final long sentNanos = HostClock.nanos();
        if (!event.marketOpen())
        {
            ordersOutsideMarketHours++;
            return;
        }
        ordersMarketOpen++;
        final long from;
        if (event.arrivalNanos() != HostClock.NO_STAMP)
        {
            from = event.arrivalNanos();
            fromArrivalStamp++;
        }
        else
        {
            from = event.handedOverNanos();
            fromHandOver++;
        }
        record(inHost, handedNanos - from);
        record(inHostSendReturned, sentNanos - from);
    }

    private static void record(final Histogram histogram, final long nanos)
    {
        histogram.recordValue(Math.min(Math.max(nanos, 1), LatencyRecorder.HIGHEST_TRACKABLE_NANOS));
    }

    /** Arrival stamp (or hand-over) → the order handed to the transport, of the orders sent in market hours. */
    public Histogram inHost()
    {
        return inHost;
    }

    /** Arrival stamp (or hand-over) → the transport's send returned, of the same orders. */
    public Histogram inHostSendReturned()
    {
        return inHostSendReturned;
    }

    /** Orders sent whose trigger came while the market was open: the measured ones. */
    public long ordersMarketOpen()
    {
        return ordersMarketOpen;
    }

    /** Orders sent before Start or after End of Market Hours (the warm-up's): sent, paired, not measured. */
    public long ordersOutsideMarketHours()
    {
        return ordersOutsideMarketHours;
    }

    /** Orders the transport refused. */
    public long refused()
    {
        return refused;
    }

    /** Measured orders timed from the path's arrival stamp. */
    public long fromArrivalStamp()
    {
        return fromArrivalStamp;
    }

    /** Measured orders timed from the hand-over, the path having no arrival stamp. */
    public long fromHandOver()
    {
        return fromHandOver;
    }
}
