package io.wirebook.itch;

import org.agrona.DirectBuffer;

/** Hands every message to two listeners, first to {@code first}: a recorder beside the user's own listener. */
public final class ItchListenerPair implements ItchListener
{
    private final ItchListener first;
    private final ItchListener second;

    public ItchListenerPair(final ItchListener first, final ItchListener second)
    {
        this.first = first;
        this.second = second;
    }

    @Override
    public void onSystemEvent(final SystemEvent message)
    {
        first.onSystemEvent(message);
        second.onSystemEvent(message);
    }

    @Override
    public void onStockDirectory(final StockDirectory message)
    {
        first.onStockDirectory(message);
        second.onStockDirectory(message);
    }

    @Override
    public void onAddOrder(final AddOrder message)
    {
        first.onAddOrder(message);
        second.onAddOrder(message);
    }

    @Override
    public void onOrderExecuted(final OrderExecuted message)
    {
        first.onOrderExecuted(message);
        second.onOrderExecuted(message);
    }

    @Override
    public void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
        first.onOrderExecutedWithPrice(message);
        second.onOrderExecutedWithPrice(message);
    }

    @Override
    public void onOrderCancel(final OrderCancel message)
    {
        first.onOrderCancel(message);
        second.onOrderCancel(message);
    }

    @Override
    public void onOrderDelete(final OrderDelete message)
    {
        first.onOrderDelete(message);
        second.onOrderDelete(message);
    }

    @Override
    public void onOrderReplace(final OrderReplace message)
    {
        first.onOrderReplace(message);
        second.onOrderReplace(message);
    }

    @Override
    public void onTrade(final Trade message)
    {
        first.onTrade(message);
        second.onTrade(message);
    }

    @Override
    public void onOtherMessage(final byte messageType, final DirectBuffer buffer, final int offset, final int length)
    {
        first.onOtherMessage(messageType, buffer, offset, length);
        second.onOtherMessage(messageType, buffer, offset, length);
    }
}
