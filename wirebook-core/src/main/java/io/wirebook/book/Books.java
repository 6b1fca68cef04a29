package io.wirebook.book;

/**
 * All order books of a feed and every live order in them: market by order, rolled up into price levels.
 *
 * <p>Orders (price, shares, side, stock locate) live in the entries of an {@link OrderIndex} keyed by Order Reference
 * Number. Index and levels grow by doubling when full; once the day's peak of live orders and levels has been seen
 * nothing is allocated.
 *
 * <p>Every operation either applies completely and returns {@code true}, or is rejected, changes nothing, is counted
 * in {@link #rejected()} and returns {@code false}. Not thread-safe: one thread applies the feed.
 */
public final class Books
{
    static final byte BUY = 'B';
    static final byte SELL = 'S';

    private final OrderBook[] books;
    private final OrderIndex index;

    private BookListener listener;
    private long rejected;

    /**
     * @param maxStockLocate largest Stock Locate the feed uses (locates run from 1).
     * @param expectedOrders live orders to size the pool and index for; they grow beyond it when needed.
     */
    public Books(final int maxStockLocate, final int expectedOrders)
    {
        if (maxStockLocate < 1 || maxStockLocate > 0xFFFF)
        {
            throw new IllegalArgumentException("maxStockLocate must be 1..65535: " + maxStockLocate);
        }
        books = new OrderBook[maxStockLocate + 1];
        index = new OrderIndex(Math.max(16, expectedOrders));
    }

    public void listener(final BookListener listener)
    {
        this.listener = listener;
    }

    /** Creates the book of an instrument ahead of its first order, e.g. on its Stock Directory message. */
    public OrderBook open(final int stockLocate)
    {
        if (stockLocate < 1 || stockLocate >= books.length)
        {
            return null;
        }
        OrderBook book = books[stockLocate];
        if (book == null)
        {
            book = new OrderBook(stockLocate);
            books[stockLocate] = book;
        }
        return book;
    }

    /** @return the book of the instrument, or null if it has never been opened nor had an order. */
    public OrderBook book(final int stockLocate)
    {
        return stockLocate >= 0 && stockLocate < books.length ? books[stockLocate] : null;
    }

    public int maxStockLocate()
    {
        return books.length - 1;
    }

    /** Live orders in all books. */
    public long orderCount()
    {
        return index.size();
    }

    /** Operations rejected since construction. */
    public long rejected()
    {
        return rejected;
    }

    /**
     * Adds an order. Rejected for an out-of-range locate, a side other than 'B'/'S', shares not positive, a negative
     * price or a reference number already live.
     */
    public boolean add(
        final int stockLocate, final long orderReferenceNumber, final byte side, final long shares, final long price)
    {
        if (stockLocate < 1 || stockLocate >= books.length || (side != BUY && side != SELL) || shares <= 0 ||
            price < 0)
        {
            return reject();
        }
        final int position = index.probe(orderReferenceNumber);
        if (position >= 0)
        {
            return reject();
        }
        final OrderBook book = open(stockLocate);
        index.insertAt(~position, orderReferenceNumber, price, shares, info(stockLocate, side));
        if (book.add(side, price, shares))
        {
            notify(book);
        }
        return true;
    }

    /** Executes shares of a displayed order; the order leaves the book when none remain. The book keeps its price. */
    public boolean execute(final long orderReferenceNumber, final long shares)
    {
        return reduce(orderReferenceNumber, shares);
    }

    /** Cancels part of an order (all of it removes the order). */
    public boolean cancel(final long orderReferenceNumber, final long shares)
    {
        return reduce(orderReferenceNumber, shares);
    }

    public boolean delete(final long orderReferenceNumber)
    {
        final int position = index.probe(orderReferenceNumber);
        if (position < 0)
        {
            return reject();
        }
        final long info = index.info(position);
        final OrderBook book = books[locate(info)];
        final boolean changed = book.reduce(side(info), index.price(position), index.shares(position), true);
        index.removeAt(position);
        if (changed)
        {
            notify(book);
        }
        return true;
    }

    /**
     * Replaces an order by a new one on the same side of the same instrument, which loses time priority. Rejected
     * when the original is not live, the new reference number is live (other than the original's own), shares are
     * not positive or the price is negative.
     */
    public boolean replace(
        final long originalOrderReferenceNumber, final long newOrderReferenceNumber, final long shares,
        final long price)
    {
        if (shares <= 0 || price < 0)
        {
            return reject();
        }
        final int originalPosition = index.probe(originalOrderReferenceNumber);
        if (originalPosition < 0)
        {
            return reject();
        }
        final boolean sameReference = originalOrderReferenceNumber == newOrderReferenceNumber;
        if (!sameReference && index.probe(newOrderReferenceNumber) >= 0)
        {
            return reject();
        }

        final long info = index.info(originalPosition);
        final OrderBook book = books[locate(info)];
        final byte side = side(info);
        final long oldPrice = index.price(originalPosition);
        final long oldShares = index.shares(originalPosition);
        // Probe again after the removal: it may shift entries.
        index.removeAt(originalPosition);
        index.insertAt(~index.probe(newOrderReferenceNumber), newOrderReferenceNumber, price, shares, info);
        if (oldPrice == price && oldShares == shares)
        {
            // Same level, same shares, same order count: priority changed but the level view did not.
            return true;
        }
        final boolean removed = book.reduce(side, oldPrice, oldShares, true);
        final boolean added = book.add(side, price, shares);
        if (removed | added)
        {
            notify(book);
        }
        return true;
    }

    /**
     * Removes every order and level of one instrument, as when its feed starts a new session (the exchange
     * restarted and reference numbers start again). Tells the listener if the book had levels.
     */
    public void clearInstrument(final int stockLocate)
    {
        final OrderBook book = book(stockLocate);
        if (book == null)
        {
            return;
        }
        index.removeWhereInfo(0xFFFF00L, (long)stockLocate << 8);
        final boolean hadLevels = book.bidLevels() > 0 || book.askLevels() > 0;
        book.bids.clear();
        book.asks.clear();
        if (hadLevels)
        {
            notify(book);
        }
    }

    /** Forgets every order and level, keeping the memory. */
    public void clear()
    {
        index.clear();
        for (final OrderBook book : books)
        {
            if (book != null)
            {
                book.bids.clear();
                book.asks.clear();
            }
        }
    }

    private boolean reduce(final long orderReferenceNumber, final long shares)
    {
        if (shares <= 0)
        {
            return reject();
        }
        final int position = index.probe(orderReferenceNumber);
        if (position < 0)
        {
            return reject();
        }
        final long remaining = index.shares(position) - shares;
        if (remaining < 0)
        {
            return reject();
        }
        final long info = index.info(position);
        final OrderBook book = books[locate(info)];
        final boolean gone = remaining == 0;
        final boolean changed = book.reduce(side(info), index.price(position), shares, gone);
        if (gone)
        {
            index.removeAt(position);
        }
        else
        {
            index.shares(position, remaining);
        }
        if (changed)
        {
            notify(book);
        }
        return true;
    }

    private void notify(final OrderBook book)
    {
        final BookListener listener = this.listener;
        if (listener != null)
        {
            listener.onDepthChanged(book);
        }
    }

    private boolean reject()
    {
        rejected++;
        return false;
    }

    private static long info(final int stockLocate, final byte side)
    {
        return ((long)stockLocate << 8) | (side & 0xFF);
    }

    private static int locate(final long info)
    {
        return (int)(info >>> 8);
    }

    private static byte side(final long info)
    {
        return (byte)info;
    }
}
