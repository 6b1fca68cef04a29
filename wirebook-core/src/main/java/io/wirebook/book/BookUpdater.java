package io.wirebook.book;

import java.nio.ByteOrder;

import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.OrderCancel;
import io.wirebook.itch.OrderDelete;
import io.wirebook.itch.OrderExecuted;
import io.wirebook.itch.OrderExecutedWithPrice;
import io.wirebook.itch.OrderReplace;
import io.wirebook.itch.StockDirectory;
import io.wirebook.itch.Trade;
import org.agrona.DirectBuffer;

/**
 * Applies ITCH 5.0 order messages to {@link Books}. Messages the books reject (an unknown reference number, more
 * shares than remain, an instrument of another channel...) are counted and skipped.
 *
 * <p>Tell it the channel of the messages that follow with {@link #channel(int)} before each packet (or before
 * {@link #prefetch}): orders and instruments are the channel's own.
 *
 * <p>An Order Executed With Price (C) reduces the order like an Order Executed (E): its execution price is a print,
 * the order stays at its own price in the book. A Trade (P) is against a non-displayed order and changes nothing.
 */
public final class BookUpdater implements ItchListener
{
    /** Where every order message (A F E C X D U) has its Order Reference Number (U: the original's). */
    private static final int ORDER_REFERENCE_OFFSET = 11;
    private static final int ORDER_REFERENCE_END = ORDER_REFERENCE_OFFSET + 8;
    private static final boolean[] REFERS_TO_AN_ORDER = new boolean[128];

    static
    {
        for (final byte type : new byte[]{
            ItchMessages.ADD_ORDER, ItchMessages.ADD_ORDER_MPID, ItchMessages.ORDER_EXECUTED,
            ItchMessages.ORDER_EXECUTED_WITH_PRICE, ItchMessages.ORDER_CANCEL, ItchMessages.ORDER_DELETE,
            ItchMessages.ORDER_REPLACE})
        {
            REFERS_TO_AN_ORDER[type] = true;
        }
    }

    private final Books books;
    /** The books' refusals before this updater: every later one is a message of this updater's. */
    private final long rejectedBefore;

    public BookUpdater(final Books books)
    {
        this.books = books;
        rejectedBefore = books.rejected();
    }

    public Books books()
    {
        return books;
    }

    /** Says which channel the messages that follow come from: see {@link Books#channel(int)}. */
    public void channel(final int channel)
    {
        books.channel(channel);
    }

    /**
     * Messages the books rejected: each message is one operation on the books, refused at most once, so the books'
     * own count of refusals is the count; the handlers stay small enough to inline into the reader's dispatch.
     */
    public long rejectedMessages()
    {
        return books.rejected() - rejectedBefore;
    }

    /**
     * Starts loading the live order (or, for an add, the free entry) that an order message refers to, and changes
     * nothing. Call it for the messages about to be applied (the rest of a packet, or the next message of a stream):
     * their cache misses then overlap instead of following one another. Other messages are ignored.
     */
    public void prefetch(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte type = buffer.getByte(offset);
        if (length >= ORDER_REFERENCE_END && type >= 0 && REFERS_TO_AN_ORDER[type])
        {
            books.prefetch(buffer.getLong(offset + ORDER_REFERENCE_OFFSET, ByteOrder.BIG_ENDIAN));
        }
    }

    @Override
    public void onStockDirectory(final StockDirectory message)
    {
        // Opening the book here keeps its allocation out of the first order's path, and gives it to the channel.
        books.open(message.stockLocate());
    }

    @Override
    public void onAddOrder(final AddOrder message)
    {
        books.add(
            message.stockLocate(), message.orderReferenceNumber(), message.buySellIndicator(), message.shares(),
            message.price());
    }

    @Override
    public void onOrderExecuted(final OrderExecuted message)
    {
        books.execute(message.stockLocate(), message.orderReferenceNumber(), message.executedShares());
    }

    @Override
    public void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
        books.execute(message.stockLocate(), message.orderReferenceNumber(), message.executedShares());
    }

    @Override
    public void onOrderCancel(final OrderCancel message)
    {
        books.cancel(message.stockLocate(), message.orderReferenceNumber(), message.cancelledShares());
    }

    @Override
    public void onOrderDelete(final OrderDelete message)
    {
        books.delete(message.stockLocate(), message.orderReferenceNumber());
    }

    @Override
    public void onOrderReplace(final OrderReplace message)
    {
        books.replace(
            message.stockLocate(), message.originalOrderReferenceNumber(), message.newOrderReferenceNumber(),
            message.shares(), message.price());
    }

    /** Changes no book, but a trade on an instrument of another channel is refused like an order message. */
    @Override
    public void onTrade(final Trade message)
    {
        books.accepts(message.stockLocate());
    }

    /** Changes no book; one on an instrument of another channel is refused (locate 0, market-wide, never is). */
    @Override
    public void onOtherMessage(final byte messageType, final DirectBuffer buffer, final int offset, final int length)
    {
        books.accepts(buffer.getShort(offset + ItchMessages.STOCK_LOCATE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }
}
