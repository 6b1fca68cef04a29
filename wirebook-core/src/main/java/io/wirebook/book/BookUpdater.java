package io.wirebook.book;

import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.OrderCancel;
import io.wirebook.itch.OrderDelete;
import io.wirebook.itch.OrderExecuted;
import io.wirebook.itch.OrderExecutedWithPrice;
import io.wirebook.itch.OrderReplace;
import io.wirebook.itch.StockDirectory;

/**
 * Applies ITCH 5.0 order messages to {@link Books}. Messages the books reject (an unknown reference number, more
 * shares than remain...) are counted and skipped.
 *
 * <p>An Order Executed With Price (C) reduces the order like an Order Executed (E): its execution price is a print,
 * the order stays at its own price in the book. A Trade (P) is against a non-displayed order and changes nothing.
 */
public final class BookUpdater implements ItchListener
{
    private final Books books;
    private long rejectedMessages;

    public BookUpdater(final Books books)
    {
        this.books = books;
    }

    public Books books()
    {
        return books;
    }

    /** Order messages the books rejected. */
    public long rejectedMessages()
    {
        return rejectedMessages;
    }

    @Override
    public void onStockDirectory(final StockDirectory message)
    {
        // Opening the book here keeps its allocation out of the first order's path.
        books.open(message.stockLocate());
    }

    @Override
    public void onAddOrder(final AddOrder message)
    {
        count(books.add(
            message.stockLocate(), message.orderReferenceNumber(), message.buySellIndicator(), message.shares(),
            message.price()));
    }

    @Override
    public void onOrderExecuted(final OrderExecuted message)
    {
        count(books.execute(message.orderReferenceNumber(), message.executedShares()));
    }

    @Override
    public void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
        count(books.execute(message.orderReferenceNumber(), message.executedShares()));
    }

    @Override
    public void onOrderCancel(final OrderCancel message)
    {
        count(books.cancel(message.orderReferenceNumber(), message.cancelledShares()));
    }

    @Override
    public void onOrderDelete(final OrderDelete message)
    {
        count(books.delete(message.orderReferenceNumber()));
    }

    @Override
    public void onOrderReplace(final OrderReplace message)
    {
        count(books.replace(
            message.originalOrderReferenceNumber(), message.newOrderReferenceNumber(), message.shares(),
            message.price()));
    }

    private void count(final boolean applied)
    {
        if (!applied)
        {
            rejectedMessages++;
        }
    }
}
