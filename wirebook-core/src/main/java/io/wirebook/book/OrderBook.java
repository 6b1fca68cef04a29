package io.wirebook.book;

/**
 * The price levels of one instrument, both sides, each level with its shares and number of orders. Level 0 is the
 * best. All levels are kept; {@link #DEPTH} is the depth the {@link BookListener} watches.
 *
 * <p>Read it from the thread that applies the feed (for example inside {@link BookListener#onDepthChanged}).
 */
public final class OrderBook
{
    /** Depth of the view the listener is told about. */
    public static final int DEPTH = 10;

    private static final int INITIAL_LEVELS = 64;

    private final int stockLocate;
    // Bids keyed by price, asks by negated price: best last on both sides.
    final PriceLevels bids = new PriceLevels(INITIAL_LEVELS);
    final PriceLevels asks = new PriceLevels(INITIAL_LEVELS);

    OrderBook(final int stockLocate)
    {
        this.stockLocate = stockLocate;
    }

    public int stockLocate()
    {
        return stockLocate;
    }

    /** Number of bid price levels, the whole side. */
    public int bidLevels()
    {
        return bids.count();
    }

    /** Number of ask price levels, the whole side. */
    public int askLevels()
    {
        return asks.count();
    }

    /** @param level 0 = best, up to {@link #bidLevels()} - 1. */
    public long bidPrice(final int level)
    {
        return bids.key(level);
    }

    public long bidShares(final int level)
    {
        return bids.shares(level);
    }

    public int bidOrders(final int level)
    {
        return bids.orders(level);
    }

    /** @param level 0 = best, up to {@link #askLevels()} - 1. */
    public long askPrice(final int level)
    {
        return -asks.key(level);
    }

    public long askShares(final int level)
    {
        return asks.shares(level);
    }

    public int askOrders(final int level)
    {
        return asks.orders(level);
    }

    /** Best bid at or above best ask: ITCH shows such moments while the matching engine catches up. */
    public boolean isCrossed()
    {
        return bids.count() > 0 && asks.count() > 0 && bidPrice(0) >= askPrice(0);
    }

    boolean add(final byte side, final long price, final long shares)
    {
        return side == Books.BUY ? bids.add(price, shares) : asks.add(-price, shares);
    }

    boolean reduce(final byte side, final long price, final long shares, final boolean orderGone)
    {
        return side == Books.BUY ? bids.reduce(price, shares, orderGone) : asks.reduce(-price, shares, orderGone);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("OrderBook{locate=").append(stockLocate).append(", bids=[");
        for (int i = 0; i < Math.min(DEPTH, bidLevels()); i++)
        {
            sb.append(i == 0 ? "" : ", ").append(bidShares(i)).append('@').append(bidPrice(i))
                .append('(').append(bidOrders(i)).append(')');
        }
        sb.append("], asks=[");
        for (int i = 0; i < Math.min(DEPTH, askLevels()); i++)
        {
            sb.append(i == 0 ? "" : ", ").append(askShares(i)).append('@').append(askPrice(i))
                .append('(').append(askOrders(i)).append(')');
        }
        return sb.append("]}").toString();
    }
}
