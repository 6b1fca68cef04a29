package io.wirebook.itch;

import org.agrona.DirectBuffer;

/** Records which callback ItchReader made and with which flyweight, for assertions right after the read. */
final class CapturingListener implements ItchListener
{
    String callback;
    ItchMessage message;
    byte otherType;
    int otherOffset;
    int otherLength;
    int calls;

    @Override
    public void onSystemEvent(final SystemEvent message)
    {
        capture("onSystemEvent", message);
    }

    @Override
    public void onStockDirectory(final StockDirectory message)
    {
        capture("onStockDirectory", message);
    }

    @Override
    public void onAddOrder(final AddOrder message)
    {
        capture("onAddOrder", message);
    }

    @Override
    public void onOrderExecuted(final OrderExecuted message)
    {
        capture("onOrderExecuted", message);
    }

    @Override
    public void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
        capture("onOrderExecutedWithPrice", message);
    }

    @Override
    public void onOrderCancel(final OrderCancel message)
    {
        capture("onOrderCancel", message);
    }

    @Override
    public void onOrderDelete(final OrderDelete message)
    {
        capture("onOrderDelete", message);
    }

    @Override
    public void onOrderReplace(final OrderReplace message)
    {
        capture("onOrderReplace", message);
    }

    @Override
    public void onTrade(final Trade message)
    {
        capture("onTrade", message);
    }

    @Override
    public void onOtherMessage(final byte messageType, final DirectBuffer buffer, final int offset, final int length)
    {
        capture("onOtherMessage", null);
        otherType = messageType;
        otherOffset = offset;
        otherLength = length;
    }

    <T extends ItchMessage> T as(final Class<T> type)
    {
        return type.cast(message);
    }

    private void capture(final String callback, final ItchMessage message)
    {
        this.callback = callback;
        this.message = message;
        calls++;
    }
}
