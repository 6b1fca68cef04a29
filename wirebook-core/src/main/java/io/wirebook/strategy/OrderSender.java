package io.wirebook.strategy;

import io.wirebook.ouch.EnterOrder;

/**
 * Sends OUCH orders to the exchange over one transport, from the thread that polls the feed: the order is written in
 * place, in the frame the transport sends, so that nothing is copied or allocated.
 *
 * <pre>{@code
 * orders.enterOrder().userRefNum(n).side(EnterOrder.SIDE_BUY).quantity(100).symbol(stock).price(price)...;
 * orders.send();
 * }</pre>
 */
public interface OrderSender extends AutoCloseable
{
    /** The Enter Order of the next order, laid over the frame buffer; fill every field, then {@link #send()}. */
    EnterOrder enterOrder();

    /**
     * Frames the order written through {@link #enterOrder()} for the transport and hands it over.
     *
     * @return false if the transport refused it now (its ring or socket buffer full); it is counted and not sent.
     */
    boolean send();

    /** The transport's name as reports spell it: {@code ufo} (UDP) or {@code soupbintcp} (kernel TCP). */
    String transport();

    /** Orders handed over so far. */
    long sent();

    /** Orders the transport refused so far. */
    long refused();

    /** Ends the session with the exchange and releases the socket. */
    @Override
    void close();
}
