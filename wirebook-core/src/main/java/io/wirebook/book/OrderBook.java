package io.wirebook.book;

import java.util.Objects;

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

    private final int stockLocate;
    private final int bids;
    private final int asks;
    private final PriceLevels levels;
    private boolean stale;

    /** A view of the two sides of {@code stockLocate} in {@code levels}. */
    OrderBook(final int stockLocate, final PriceLevels levels)
    {
        this.stockLocate = stockLocate;
        this.bids = PriceLevels.sideId(stockLocate, false);
        this.asks = PriceLevels.sideId(stockLocate, true);
        this.levels = levels;
    }

    public int stockLocate()
    {
        return stockLocate;
    }

    /** The channel that owns the instrument, or -1 before any channel carried it. */
    public int channel()
    {
        return levels.owner(bids) - 1;
    }

    /**
     * Whether the book may be wrong: its channel is not synchronized with the exchange (a gap not yet recovered, a
     * snapshot loading...). A book no channel has carried yet is empty, and not stale.
     */
    public boolean isStale()
    {
        return stale;
    }

    void stale(final boolean stale)
    {
        this.stale = stale;
    }

    /** Number of bid price levels, the whole side. */
    public int bidLevels()
    {
        return levels.count(bids);
    }

    /** Number of ask price levels, the whole side. */
    public int askLevels()
    {
        return levels.count(asks);
    }

    /** @param level 0 = best, up to {@link #bidLevels()} - 1. */
    public long bidPrice(final int level)
    {
        return levels.key(bids, Objects.checkIndex(level, levels.count(bids)));
    }

    public long bidShares(final int level)
    {
        return levels.shares(bids, Objects.checkIndex(level, levels.count(bids)));
    }

    public int bidOrders(final int level)
    {
        return levels.orders(bids, Objects.checkIndex(level, levels.count(bids)));
    }

    /** @param level 0 = best, up to {@link #askLevels()} - 1. */
    public long askPrice(final int level)
    {
        return -levels.key(asks, Objects.checkIndex(level, levels.count(asks)));
    }

    public long askShares(final int level)
    {
        return levels.shares(asks, Objects.checkIndex(level, levels.count(asks)));
    }

    public int askOrders(final int level)
    {
        return levels.orders(asks, Objects.checkIndex(level, levels.count(asks)));
    }

    /** Best bid at or above best ask: ITCH shows such moments while the matching engine catches up. */
    public boolean isCrossed()
    {
        return bidLevels() > 0 && askLevels() > 0 && bidPrice(0) >= askPrice(0);
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
