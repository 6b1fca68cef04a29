package io.wirebook.book;

/**
 * All order books of a feed and every live order in them: market by order, rolled up into price levels.
 *
 * <p>Orders (price, shares, and the side of the book they rest on) live in the entries of an {@link OrderIndex} keyed
 * by Order Reference Number; the levels of every book live in one {@link PriceLevels}. Index and levels grow by
 * doubling when full; once the day's peak of live orders and levels has been seen nothing is allocated.
 *
 * <p>Every operation either applies completely and returns {@code true}, or is rejected, changes nothing, is counted
 * in {@link #rejected()} and returns {@code false}. Not thread-safe: one thread applies the feed.
 */
public final class Books
{
    static final byte BUY = 'B';
    static final byte SELL = 'S';
    /** The largest price an ITCH 5.0 Price (4) field can carry. */
    public static final long MAX_PRICE = 0xFFFF_FFFFL;
    /** The most shares an ITCH 5.0 Shares field can carry. */
    public static final long MAX_SHARES = 0xFFFF_FFFFL;

    private static final int INITIAL_LEVELS = 64;

    private final OrderBook[] books;
    private final OrderIndex index;
    private final PriceLevels levels;

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
        levels = new PriceLevels(PriceLevels.sideId(maxStockLocate, true), INITIAL_LEVELS);
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
            book = new OrderBook(stockLocate, levels);
            levels.open(stockLocate);
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

    /** Sink for {@link #prefetch}'s reads, so that the compiler keeps them. */
    private long prefetched;

    /**
     * Starts loading the index entry of an order, ahead of an operation on it; changes nothing. See
     * {@link BookUpdater#prefetch}.
     */
    public void prefetch(final long orderReferenceNumber)
    {
        prefetched += index.touch(orderReferenceNumber);
    }

    /**
     * Reads the next book side's record and best levels, round-robin, and changes nothing: a poll loop calls it
     * while the feed is idle, so that what the next message will touch is still in cache when it comes (the caches
     * of a shared host lose it within the 100 µs or so between two packets).
     */
    public void warmNext()
    {
        prefetched += levels.warmNext();
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
     * Adds an order. Rejected for an out-of-range locate, a side other than 'B'/'S', shares outside
     * 1..{@link #MAX_SHARES}, a price outside 0..{@link #MAX_PRICE} or a reference number already live.
     */
    public boolean add(
        final int stockLocate, final long orderReferenceNumber, final byte side, final long shares, final long price)
    {
        if (stockLocate < 1 || stockLocate >= books.length || (side != BUY && side != SELL) || shares <= 0 ||
            shares > MAX_SHARES || price < 0 || price > MAX_PRICE)
        {
            return reject();
        }
        final int position = index.probe(orderReferenceNumber);
        if (position >= 0)
        {
            return reject();
        }
        final int sideId = PriceLevels.sideId(stockLocate, side == SELL);
        if (!levels.isOpen(sideId))
        {
            open(stockLocate);
        }
        index.insertAt(~position, orderReferenceNumber, price, shares, sideId);
        if (levels.add(sideId, PriceLevels.key(sideId, price), shares))
        {
            notify(sideId);
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
        final int sideId = index.sideId(position);
        final boolean changed =
            levels.reduce(sideId, PriceLevels.key(sideId, index.price(position)), index.shares(position), true);
        index.removeAt(position);
        if (changed)
        {
            notify(sideId);
        }
        return true;
    }

    /**
     * Replaces an order by a new one on the same side of the same instrument, which loses time priority. Rejected
     * when the original is not live, the new reference number is live (other than the original's own), shares are
     * outside 1..{@link #MAX_SHARES} or the price is outside 0..{@link #MAX_PRICE}.
     */
    public boolean replace(
        final long originalOrderReferenceNumber, final long newOrderReferenceNumber, final long shares,
        final long price)
    {
        if (shares <= 0 || shares > MAX_SHARES || price < 0 || price > MAX_PRICE)
        {
            return reject();
        }
        final int originalPosition = index.probe(originalOrderReferenceNumber);
        if (originalPosition < 0)
        {
            return reject();
        }
        final int sideId = index.sideId(originalPosition);
        final long oldPrice = index.price(originalPosition);
        final long oldShares = index.shares(originalPosition);
        // Remove first, then look the new reference up once: the removal may shift entries, so a lookup made before it
        // would have to be made again. A new reference that is live puts the original back as it was.
        index.removeAt(originalPosition);
        final int newPosition = index.probe(newOrderReferenceNumber);
        if (newPosition >= 0)
        {
            index.insertAt(~index.probe(originalOrderReferenceNumber), originalOrderReferenceNumber, oldPrice,
                oldShares, sideId);
            return reject();
        }
        index.insertAt(~newPosition, newOrderReferenceNumber, price, shares, sideId);
        if (oldPrice == price && oldShares == shares)
        {
            // Same level, same shares, same order count: priority changed but the level view did not.
            return true;
        }
        final boolean removed = levels.reduce(sideId, PriceLevels.key(sideId, oldPrice), oldShares, true);
        final boolean added = levels.add(sideId, PriceLevels.key(sideId, price), shares);
        if (removed | added)
        {
            notify(sideId);
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
        final int bids = PriceLevels.sideId(stockLocate, false);
        final int asks = PriceLevels.sideId(stockLocate, true);
        index.removeInstrument(stockLocate);
        final boolean hadLevels = levels.count(bids) > 0 || levels.count(asks) > 0;
        levels.clear(bids);
        levels.clear(asks);
        if (hadLevels)
        {
            notify(book);
        }
    }

    /** Forgets every order and level, keeping the memory. */
    public void clear()
    {
        index.clear();
        levels.clear();
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
        final int sideId = index.sideId(position);
        final boolean gone = remaining == 0;
        final boolean changed = levels.reduce(sideId, PriceLevels.key(sideId, index.price(position)), shares, gone);
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
            notify(sideId);
        }
        return true;
    }

    private void notify(final int sideId)
    {
        final BookListener listener = this.listener;
        if (listener != null)
        {
            listener.onDepthChanged(books[sideId >>> 1]);
        }
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
}
