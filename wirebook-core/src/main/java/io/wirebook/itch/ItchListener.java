package io.wirebook.itch;

import org.agrona.DirectBuffer;

/**
 * Receives decoded ITCH 5.0 messages from {@link ItchReader}. The flyweight handed over is only valid during the
 * call: it is re-wrapped for the next message.
 */
public interface ItchListener
{
    default void onSystemEvent(final SystemEvent message)
    {
    }

    default void onStockDirectory(final StockDirectory message)
    {
    }

    /** Add Order, with (F) or without (A) MPID attribution. */
    default void onAddOrder(final AddOrder message)
    {
    }

    default void onOrderExecuted(final OrderExecuted message)
    {
    }

    default void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
    }

    default void onOrderCancel(final OrderCancel message)
    {
    }

    default void onOrderDelete(final OrderDelete message)
    {
    }

    default void onOrderReplace(final OrderReplace message)
    {
    }

    default void onTrade(final Trade message)
    {
    }

    /** Any other ITCH 5.0 message type (H, Y, L, V, W, K, J, h, Q, B, I, N, O), already length-checked. */
    default void onOtherMessage(final byte messageType, final DirectBuffer buffer, final int offset, final int length)
    {
    }
}
