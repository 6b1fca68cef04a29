package io.wirebook.strategy;

import io.wirebook.book.OrderBook;

/**
 * The user's trading logic inside the feed handler: told on the poll thread, as soon as the books applied a message
 * that changed an instrument's top {@link OrderBook#DEPTH} levels, with the message that did it and an
 * {@link OrderSender} over the path's own transmitter, so that an order can leave in the same poll that took the
 * market data off the wire. It must not block, and should allocate nothing: it runs in the feed's hot path.
 */
@FunctionalInterface
public interface Strategy
{
    /**
     * @param book   the instrument whose top levels changed; readable during the call only.
     * @param event  the market-data message that changed it (channel, sequence number, arrival stamp); the same
     *               instance every call, valid during the call only.
     * @param orders sends orders to the exchange through the route the handler was built with.
     */
    void onBookUpdate(OrderBook book, MarketEvent event, OrderSender orders);
}
