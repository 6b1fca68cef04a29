package io.wirebook.feed;

import io.wirebook.book.BookListener;
import io.wirebook.book.OrderBook;
import io.wirebook.strategy.MarketEvent;
import io.wirebook.strategy.OrderSender;
import io.wirebook.strategy.Strategy;

/**
 * Hands each top-10 change to the {@link Strategy} with the message that made it and the order sender, once the
 * route is open; before that (and after it closed) the strategy is not called, as it could not send.
 */
final class StrategyDispatch implements BookListener
{
    private final Strategy strategy;
    private final MarketEvent event;
    private OrderSender orders;

    StrategyDispatch(final Strategy strategy, final MarketEvent event)
    {
        this.strategy = strategy;
        this.event = event;
    }

    void orders(final OrderSender orders)
    {
        this.orders = orders;
    }

    OrderSender orders()
    {
        return orders;
    }

    @Override
    public void onDepthChanged(final OrderBook book)
    {
        if (orders != null)
        {
            strategy.onBookUpdate(book, event, orders);
        }
    }
}
