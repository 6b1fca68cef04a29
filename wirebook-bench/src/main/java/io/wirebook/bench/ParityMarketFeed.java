package io.wirebook.bench;

import com.paritytrading.juncture.nasdaq.itch50.ITCH50;
import com.paritytrading.juncture.nasdaq.itch50.ITCH50Listener;
import com.paritytrading.parity.book.Market;
import com.paritytrading.parity.book.Order;
import com.paritytrading.parity.book.Side;

/**
 * Juncture's ITCH 5.0 messages applied to a parity-book {@link Market}, keyed by Stock Locate: the independent
 * implementation wirebook is measured against.
 */
public final class ParityMarketFeed implements ITCH50Listener
{
    private final Market market;

    public ParityMarketFeed(final Market market)
    {
        this.market = market;
    }

    @Override
    public void stockDirectory(final ITCH50.StockDirectory message)
    {
        market.open(message.stockLocate);
    }

    @Override
    public void addOrder(final ITCH50.AddOrder message)
    {
        market.add(message.stockLocate, message.orderReferenceNumber, side(message.buySellIndicator), message.price,
            message.shares);
    }

    @Override
    public void addOrderMPID(final ITCH50.AddOrderMPID message)
    {
        market.add(message.stockLocate, message.orderReferenceNumber, side(message.buySellIndicator), message.price,
            message.shares);
    }

    @Override
    public void orderExecuted(final ITCH50.OrderExecuted message)
    {
        market.execute(message.orderReferenceNumber, message.executedShares);
    }

    @Override
    public void orderExecutedWithPrice(final ITCH50.OrderExecutedWithPrice message)
    {
        market.execute(message.orderReferenceNumber, message.executedShares);
    }

    @Override
    public void orderCancel(final ITCH50.OrderCancel message)
    {
        market.cancel(message.orderReferenceNumber, message.canceledShares);
    }

    @Override
    public void orderDelete(final ITCH50.OrderDelete message)
    {
        market.delete(message.orderReferenceNumber);
    }

    @Override
    public void orderReplace(final ITCH50.OrderReplace message)
    {
        final Order order = market.find(message.originalOrderReferenceNumber);
        if (order == null)
        {
            return;
        }
        final Side side = order.getSide();
        final long instrument = order.getOrderBook().getInstrument();
        market.delete(message.originalOrderReferenceNumber);
        market.add(instrument, message.newOrderReferenceNumber, side, message.price, message.shares);
    }

    private static Side side(final byte buySellIndicator)
    {
        return buySellIndicator == 'B' ? Side.BUY : Side.SELL;
    }

    @Override
    public void systemEvent(final ITCH50.SystemEvent message)
    {
    }

    @Override
    public void stockTradingAction(final ITCH50.StockTradingAction message)
    {
    }

    @Override
    public void regSHORestriction(final ITCH50.RegSHORestriction message)
    {
    }

    @Override
    public void marketParticipantPosition(final ITCH50.MarketParticipantPosition message)
    {
    }

    @Override
    public void mwcbDeclineLevel(final ITCH50.MWCBDeclineLevel message)
    {
    }

    @Override
    public void mwcbStatus(final ITCH50.MWCBStatus message)
    {
    }

    @Override
    public void ipoQuotingPeriodUpdate(final ITCH50.IPOQuotingPeriodUpdate message)
    {
    }

    @Override
    public void trade(final ITCH50.Trade message)
    {
    }

    @Override
    public void crossTrade(final ITCH50.CrossTrade message)
    {
    }

    @Override
    public void brokenTrade(final ITCH50.BrokenTrade message)
    {
    }

    @Override
    public void noii(final ITCH50.NOII message)
    {
    }

    @Override
    public void rpii(final ITCH50.RPII message)
    {
    }
}
