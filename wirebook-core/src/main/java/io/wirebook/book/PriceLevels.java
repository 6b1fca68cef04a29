package io.wirebook.book;

import java.util.Arrays;

/**
 * The price levels of every side of every book, in one arena: each side is a segment of levels sorted by key,
 * ascending, with the best level at the end of the segment.
 *
 * <p>A side is named by its side id, {@code stockLocate << 1 | 1} for asks and {@code stockLocate << 1} for bids, which
 * is what an order keeps. The key is the price for bids and the negated price for asks ({@link #key}), so that both
 * sides sort the same way and the best level is always the last: most activity happens near the touch, and an insert
 * or removal there shifts only the few levels in front of it.
 *
 * <p>Why one arena: applying a message to a book is then two dependent reads (the side's small record of base and
 * count, which stays in L1 for hundreds of instruments, then the levels themselves) instead of a chain through book,
 * side and array objects. Keys are apart from shares and orders, so that the scan near the touch reads one or two
 * cache lines of keys, and the level it finds one line of sizes.
 *
 * <p>A full side moves to a segment twice its size at the end of the arena, which doubles when it has no room left; the
 * old segment is not reused. Once every side has seen the day's peak of levels nothing is allocated.
 */
final class PriceLevels
{
    /** Longs per level in {@link #sizes}: shares, orders. */
    private static final int SIZE_STRIDE = 2;
    private static final int ORDERS = 1;

    /**
     * A side's record in {@link #sides}: where its segment starts (in levels), how many levels fit, how many used, and
     * the owner its {@link Books} gave the instrument. The owner sits in the record so that checking it costs no
     * cache line that the update does not read anyway.
     */
    private static final int BASE = 0;
    private static final int CAPACITY = 1;
    private static final int COUNT = 2;
    private static final int OWNER = 3;
    private static final int RECORD = 4;

    /** Levels compared with the key next to the touch before falling back to a binary search. */
    private static final int LINEAR_SCAN = 8;

    private final int initialLevels;
    private final int[] sides;
    private int[] openSides = new int[64];
    private int openCount;
    private int warmCursor;
    /** Level i's key at {@code keys[i]}, its shares and orders at {@code sizes[2i]} and {@code sizes[2i + 1]}. */
    private long[] keys;
    private long[] sizes;
    private int top;

    /**
     * @param maxSideId     largest side id that will be used.
     * @param initialLevels levels each side has room for before it first grows.
     */
    PriceLevels(final int maxSideId, final int initialLevels)
    {
        this.initialLevels = Math.max(4, initialLevels);
        sides = new int[(maxSideId + 1) * RECORD];
        keys = new long[this.initialLevels * 16];
        sizes = new long[keys.length * SIZE_STRIDE];
    }

    static int sideId(final int stockLocate, final boolean ask)
    {
        return stockLocate << 1 | (ask ? 1 : 0);
    }

    /** The price as this side sorts it: the price itself for bids, its negation for asks. */
    static long key(final int sideId, final long price)
    {
        final long ask = sideId & 1;
        return (price ^ -ask) + ask;
    }

    /** Gives both sides of an instrument their first segment; nothing happens if they have one. */
    void open(final int stockLocate)
    {
        for (int sideId = stockLocate << 1, last = sideId + 1; sideId <= last; sideId++)
        {
            final int record = sideId * RECORD;
            if (sides[record + CAPACITY] == 0)
            {
                sides[record + BASE] = reserve(initialLevels);
                sides[record + CAPACITY] = initialLevels;
                if (openCount == openSides.length)
                {
                    openSides = Arrays.copyOf(openSides, openCount * 2);
                }
                openSides[openCount++] = sideId;
            }
        }
    }

    boolean isOpen(final int sideId)
    {
        return sides[sideId * RECORD + CAPACITY] != 0;
    }

    /** @return the owner last given to the side's instrument, 0 if none. */
    int owner(final int sideId)
    {
        return sides[sideId * RECORD + OWNER];
    }

    /** Gives both sides of an instrument an owner (0: none). */
    void owner(final int stockLocate, final int owner)
    {
        final int record = (stockLocate << 1) * RECORD;
        sides[record + OWNER] = owner;
        sides[record + RECORD + OWNER] = owner;
    }

    int count(final int sideId)
    {
        return sides[sideId * RECORD + COUNT];
    }

    /** @param depth 0 = best. */
    long key(final int sideId, final int depth)
    {
        return keys[at(sideId, depth)];
    }

    long shares(final int sideId, final int depth)
    {
        return sizes[at(sideId, depth) * SIZE_STRIDE];
    }

    int orders(final int sideId, final int depth)
    {
        return (int)sizes[at(sideId, depth) * SIZE_STRIDE + ORDERS];
    }

    /**
     * Adds an order of {@code shares} at {@code key} to an open side.
     *
     * @return whether the top {@link OrderBook#DEPTH} levels changed.
     */
    boolean add(final int sideId, final long key, final long shares)
    {
        final int record = sideId * RECORD;
        final int count = sides[record + COUNT];
        final int base = sides[record + BASE];
        final int index = search(keys, base, count, key);
        if (index >= 0)
        {
            final long[] sizes = this.sizes;
            final int at = (base + index) * SIZE_STRIDE;
            sizes[at] += shares;
            sizes[at + ORDERS]++;
            return count - 1 - index < OrderBook.DEPTH;
        }

        if (count == sides[record + CAPACITY])
        {
            grow(record);
            return add(sideId, key, shares);
        }
        final long[] keys = this.keys;
        final long[] sizes = this.sizes;
        final int insertAt = -index - 1;
        final int at = base + insertAt;
        final int moved = count - insertAt;
        System.arraycopy(keys, at, keys, at + 1, moved);
        System.arraycopy(sizes, at * SIZE_STRIDE, sizes, (at + 1) * SIZE_STRIDE, moved * SIZE_STRIDE);
        keys[at] = key;
        sizes[at * SIZE_STRIDE] = shares;
        sizes[at * SIZE_STRIDE + ORDERS] = 1;
        sides[record + COUNT] = count + 1;
        return moved < OrderBook.DEPTH;
    }

    /**
     * Takes {@code shares} off the level at {@code key}, and one order when {@code orderGone}. The level must exist
     * and hold at least that much: the order index guarantees it.
     *
     * @return whether the top {@link OrderBook#DEPTH} levels changed.
     */
    boolean reduce(final int sideId, final long key, final long shares, final boolean orderGone)
    {
        final int record = sideId * RECORD;
        final int count = sides[record + COUNT];
        final int base = sides[record + BASE];
        final long[] keys = this.keys;
        final long[] sizes = this.sizes;
        final int index = search(keys, base, count, key);
        final int at = base + index;
        final int moved = count - 1 - index;
        if (orderGone && --sizes[at * SIZE_STRIDE + ORDERS] == 0)
        {
            System.arraycopy(keys, at + 1, keys, at, moved);
            System.arraycopy(sizes, (at + 1) * SIZE_STRIDE, sizes, at * SIZE_STRIDE, moved * SIZE_STRIDE);
            sides[record + COUNT] = count - 1;
        }
        else
        {
            sizes[at * SIZE_STRIDE] -= shares;
        }
        return moved < OrderBook.DEPTH;
    }

    /** Reads the next open side's record and the cache lines of its best levels; changes nothing. */
    long warmNext()
    {
        if (openCount == 0)
        {
            return 0;
        }
        final int cursor = warmCursor;
        warmCursor = cursor + 1 == openCount ? 0 : cursor + 1;
        final int record = openSides[cursor] * RECORD;
        final int top = sides[record + BASE] + Math.max(0, sides[record + COUNT] - 1);
        final int deep = Math.max(sides[record + BASE], top - (LINEAR_SCAN - 1));
        return keys[top] + keys[deep] + sizes[top * SIZE_STRIDE] + sizes[deep * SIZE_STRIDE];
    }

    /** Empties one side, keeping its segment. */
    void clear(final int sideId)
    {
        sides[sideId * RECORD + COUNT] = 0;
    }

    /** Empties every side and forgets every owner, keeping the memory. */
    void clear()
    {
        for (int record = 0; record < sides.length; record += RECORD)
        {
            sides[record + COUNT] = 0;
            sides[record + OWNER] = 0;
        }
    }

    private int at(final int sideId, final int depth)
    {
        final int record = sideId * RECORD;
        return sides[record + BASE] + sides[record + COUNT] - 1 - depth;
    }

    private void grow(final int record)
    {
        final int capacity = sides[record + CAPACITY];
        final int base = reserve(capacity * 2);
        final int from = sides[record + BASE];
        final int count = sides[record + COUNT];
        System.arraycopy(keys, from, keys, base, count);
        System.arraycopy(sizes, from * SIZE_STRIDE, sizes, base * SIZE_STRIDE, count * SIZE_STRIDE);
        sides[record + BASE] = base;
        sides[record + CAPACITY] = capacity * 2;
    }

    /** @return the first level of a new segment of {@code levels} levels. */
    private int reserve(final int levels)
    {
        if (keys.length - top < levels)
        {
            final long wanted = Math.max(2L * keys.length, (long)top + levels);
            if (wanted * SIZE_STRIDE > Integer.MAX_VALUE - 8)
            {
                throw new IllegalStateException("price level arena full: " + top + " levels in use");
            }
            keys = Arrays.copyOf(keys, (int)wanted);
            sizes = Arrays.copyOf(sizes, (int)wanted * SIZE_STRIDE);
        }
        final int base = top;
        top += levels;
        return base;
    }

    /**
     * @return the index of {@code key} in the segment, or {@code -(insertion point) - 1}.
     */
    private static int search(final long[] keys, final int base, final int count, final long key)
    {
        // Count the levels near the touch that sort above the key, without a branch per level: which level an order
        // is at is a coin toss the branch predictor would lose. Keys are prices within +-2^32, so the difference
        // cannot overflow and its sign bit is the comparison.
        final int scanned = Math.min(count, LINEAR_SCAN);
        final int from = base + count - scanned;
        int above = 0;
        for (int i = 0; i < scanned; i++)
        {
            above += (int)((key - keys[from + i]) >>> 63);
        }
        int high = count - 1 - above;
        if (above < scanned)
        {
            return keys[base + high] == key ? high : -(high + 1) - 1;
        }

        int low = 0;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long k = keys[base + mid];
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
