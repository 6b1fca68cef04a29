package io.wirebook.book;

import java.util.Arrays;

/**
 * The live orders, found by Order Reference Number: open addressing with linear probing over a power-of-two table,
 * Fibonacci hashing (the high bits of a multiply by 2^64/phi) so that the exchange's sequential reference numbers
 * spread evenly, and backward-shift deletion so that no tombstones build up during a day of churn.
 *
 * <p>An entry is the order itself in 16 bytes, two longs:
 * <pre>
 *   tag     = reference number (47 bits) | side id (17 bits)
 *   payload = price (32 bits)            | shares (32 bits)
 * </pre>
 * ITCH's Price (4) and Shares fields are 32-bit, a side id ({@link PriceLevels#sideId}) fits 17 bits, and real
 * reference numbers (a day's count of orders) are far below 2^47. Small entries matter: with a day's live orders the
 * table is larger than the core's L1, and at 16 bytes it stays within its L2 far longer than at 32, so finding an order
 * is an L2 hit where it would be an L3 one. Reference numbers of 2^47 and up, which the field allows, go to a
 * {@link WideOrderIndex} made on first use; its positions carry {@link #WIDE}.
 *
 * <p>A side id is never 0 (locates start at 1), so a zero tag marks an empty entry and the reference number 0 needs
 * nothing special. The table doubles when more than half full, which only happens while the day's peak of live orders
 * grows.
 */
final class OrderIndex
{
    /** The largest reference number kept in the compact table. */
    static final long MAX_COMPACT_REFERENCE = (1L << 47) - 1;
    /** The largest side id an entry can carry. */
    static final int MAX_SIDE_ID = (1 << 17) - 1;

    /** Marks a position in the {@link WideOrderIndex}. */
    private static final int WIDE = 1 << 30;
    private static final int SIDE_BITS = 17;
    private static final long SIDE_MASK = MAX_SIDE_ID;
    private static final long SHARES_MASK = 0xFFFF_FFFFL;
    private static final long PHI = 0x9E37_79B9_7F4A_7C15L;
    private static final long EMPTY = 0;

    /** Entry i at {@code 2 * i}: tag, payload. */
    private long[] entries;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;
    private WideOrderIndex wide;

    /** @param expectedEntries live orders the table holds before it first grows. */
    OrderIndex(final int expectedEntries)
    {
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, expectedEntries) * 2 - 1) << 1));
    }

    int size()
    {
        return size + (wide == null ? 0 : wide.size());
    }

    /**
     * @return the position of {@code key}, or {@code ~position} where it would be inserted.
     */
    int probe(final long key)
    {
        if (key >>> 47 != 0)
        {
            return probeWide(key);
        }
        final long[] entries = this.entries;
        final int mask = this.mask;
        int i = home(key);
        while (true)
        {
            final long tag = entries[i << 1];
            if (tag == EMPTY)
            {
                return ~i;
            }
            if (tag >>> SIDE_BITS == key)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Reads the home entry of {@code key}, so that a probe soon after finds its cache line loaded. */
    long touch(final long key)
    {
        return entries[home(key) << 1];
    }

    long price(final int position)
    {
        if ((position & WIDE) != 0)
        {
            return wide.price(position & ~WIDE);
        }
        return entries[(position << 1) + 1] >>> 32;
    }

    long shares(final int position)
    {
        if ((position & WIDE) != 0)
        {
            return wide.shares(position & ~WIDE);
        }
        return entries[(position << 1) + 1] & SHARES_MASK;
    }

    /** @param shares 1 to 2^32 - 1, less than the order has. */
    void shares(final int position, final long shares)
    {
        if ((position & WIDE) != 0)
        {
            wide.shares(position & ~WIDE, shares);
            return;
        }
        final int at = (position << 1) + 1;
        entries[at] = (entries[at] & ~SHARES_MASK) | shares;
    }

    int sideId(final int position)
    {
        if ((position & WIDE) != 0)
        {
            return (int)wide.info(position & ~WIDE);
        }
        return (int)(entries[position << 1] & SIDE_MASK);
    }

    /**
     * Inserts an order. Positions of other entries may change (the table may grow): probe again for them.
     *
     * @param position the {@code ~probe(key)} of an absent key.
     * @param price    0 to 2^32 - 1.
     * @param shares   1 to 2^32 - 1.
     * @param sideId   1 to {@link #MAX_SIDE_ID}.
     */
    void insertAt(final int position, final long key, final long price, final long shares, final int sideId)
    {
        if ((position & WIDE) != 0)
        {
            wide.insertAt(position & ~WIDE, key, price, shares, sideId);
            return;
        }
        final int at = position << 1;
        entries[at] = key << SIDE_BITS | sideId;
        entries[at + 1] = price << 32 | shares;
        if (++size > resizeAt)
        {
            rehash();
        }
    }

    /**
     * Removes an entry. Positions of other entries may change: probe again for them.
     *
     * @param position the {@code probe(key)} of a present key.
     */
    void removeAt(final int position)
    {
        if ((position & WIDE) != 0)
        {
            wide.removeAt(position & ~WIDE);
            return;
        }
        size--;
        final long[] entries = this.entries;
        final int mask = this.mask;
        int gap = position;
        int i = position;
        while (true)
        {
            i = (i + 1) & mask;
            final long tag = entries[i << 1];
            if (tag == EMPTY)
            {
                break;
            }
            // Move the entry back into the gap unless its home lies cyclically in (gap, i]: then the gap does not
            // break its probe sequence.
            final int home = home(tag >>> SIDE_BITS);
            if (((i - home) & mask) >= ((i - gap) & mask))
            {
                entries[gap << 1] = tag;
                entries[(gap << 1) + 1] = entries[(i << 1) + 1];
                gap = i;
            }
        }
        entries[gap << 1] = EMPTY;
    }

    /**
     * Removes every order of one instrument (both side ids). A rare event (a feed's new session), so a full scan is
     * fine.
     *
     * @return how many orders went.
     */
    int removeInstrument(final int stockLocate)
    {
        int removed = wide == null ? 0 : wide.removeWhereInfo(~1L, (long)stockLocate << 1);
        final int capacity = mask + 1;
        int i = 0;
        while (i < capacity)
        {
            final long tag = entries[i << 1];
            if (tag != EMPTY && (tag & SIDE_MASK) >>> 1 == stockLocate)
            {
                // Backward-shift deletion may move a later entry into this position: look at it again.
                removeAt(i);
                removed++;
            }
            else
            {
                i++;
            }
        }
        return removed;
    }

    void clear()
    {
        Arrays.fill(entries, EMPTY);
        size = 0;
        if (wide != null)
        {
            wide.clear();
        }
    }

    private int probeWide(final long key)
    {
        if (wide == null)
        {
            wide = new WideOrderIndex(16);
        }
        final int position = wide.probe(key);
        return position >= 0 ? position | WIDE : ~(~position | WIDE);
    }

    private int home(final long key)
    {
        return (int)((key * PHI) >>> shift);
    }

    private void allocate(final int capacity)
    {
        if (capacity > WIDE >>> 1)
        {
            throw new IllegalStateException("order index full: " + size + " live orders");
        }
        entries = new long[capacity * 2];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        // Half full at most: fuller tables cost more in longer probes and shifts than they save in cache.
        resizeAt = capacity / 2;
    }

    private void rehash()
    {
        final long[] oldEntries = entries;
        allocate((mask + 1) * 2);
        final long[] entries = this.entries;
        final int mask = this.mask;
        for (int from = 0; from < oldEntries.length; from += 2)
        {
            final long tag = oldEntries[from];
            if (tag != EMPTY)
            {
                int j = home(tag >>> SIDE_BITS);
                while (entries[j << 1] != EMPTY)
                {
                    j = (j + 1) & mask;
                }
                entries[j << 1] = tag;
                entries[(j << 1) + 1] = oldEntries[from + 1];
            }
        }
    }
}
