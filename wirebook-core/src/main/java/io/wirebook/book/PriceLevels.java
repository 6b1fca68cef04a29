package io.wirebook.book;

import java.util.Arrays;

/**
 * One side of one book: price levels sorted by key, ascending, with the best level at the end of the array.
 *
 * <p>The key is the price for bids and the negated price for asks, so that both sides sort the same way and the best
 * level is always the last. Most book activity happens near the touch: keeping the touch at the end means an insert
 * or removal there shifts only the few levels in front of it.
 *
 * <p>Levels are interleaved in one {@code long[]} (key, shares, orders), so one shift is one array copy and a level
 * is one cache line read.
 */
final class PriceLevels
{
    static final int STRIDE = 3;
    private static final int SHARES = 1;
    private static final int ORDERS = 2;
    /** Levels scanned linearly from the touch before falling back to a binary search. */
    private static final int LINEAR_SCAN = 8;

    private long[] levels;
    private int count;

    PriceLevels(final int initialLevels)
    {
        levels = new long[Math.max(4, initialLevels) * STRIDE];
    }

    int count()
    {
        return count;
    }

    /** @param depth 0 = best. */
    long key(final int depth)
    {
        return levels[(count - 1 - depth) * STRIDE];
    }

    long shares(final int depth)
    {
        return levels[(count - 1 - depth) * STRIDE + SHARES];
    }

    int orders(final int depth)
    {
        return (int)levels[(count - 1 - depth) * STRIDE + ORDERS];
    }

    /**
     * Adds an order of {@code shares} at {@code key}.
     *
     * @return whether the top {@link OrderBook#DEPTH} levels changed.
     */
    boolean add(final long key, final long shares)
    {
        final int index = search(key);
        if (index >= 0)
        {
            final int at = index * STRIDE;
            levels[at + SHARES] += shares;
            levels[at + ORDERS]++;
            return count - 1 - index < OrderBook.DEPTH;
        }

        final int insertAt = -index - 1;
        if ((count + 1) * STRIDE > levels.length)
        {
            levels = Arrays.copyOf(levels, levels.length * 2);
        }
        final int at = insertAt * STRIDE;
        final long[] levels = this.levels;
        System.arraycopy(levels, at, levels, at + STRIDE, (count - insertAt) * STRIDE);
        levels[at] = key;
        levels[at + SHARES] = shares;
        levels[at + ORDERS] = 1;
        count++;
        return count - 1 - insertAt < OrderBook.DEPTH;
    }

    /**
     * Takes {@code shares} off the level at {@code key}, and one order when {@code orderGone}. The level must exist
     * and hold at least that much: the order pool guarantees it.
     *
     * @return whether the top {@link OrderBook#DEPTH} levels changed.
     */
    boolean reduce(final long key, final long shares, final boolean orderGone)
    {
        final int index = search(key);
        final long[] levels = this.levels;
        final int at = index * STRIDE;
        final boolean inView = count - 1 - index < OrderBook.DEPTH;
        if (orderGone && --levels[at + ORDERS] == 0)
        {
            System.arraycopy(levels, at + STRIDE, levels, at, (count - 1 - index) * STRIDE);
            count--;
        }
        else
        {
            levels[at + SHARES] -= shares;
        }
        return inView;
    }

    void clear()
    {
        count = 0;
    }

    /**
     * @return the index of {@code key}, or {@code -(insertion point) - 1}.
     */
    private int search(final long key)
    {
        final long[] levels = this.levels;
        int high = count - 1;
        final int linearEnd = Math.max(0, count - LINEAR_SCAN);
        while (high >= linearEnd)
        {
            final long k = levels[high * STRIDE];
            if (k == key)
            {
                return high;
            }
            if (k < key)
            {
                return -(high + 1) - 1;
            }
            high--;
        }

        int low = 0;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long k = levels[mid * STRIDE];
            if (k < key)
            {
                low = mid + 1;
            }
            else if (k > key)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -low - 1;
    }
}
