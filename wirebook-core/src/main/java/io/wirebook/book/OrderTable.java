package io.wirebook.book;

import java.util.Arrays;

/**
 * Every live order, keyed by Order Reference Number: open addressing with linear probing over a power-of-two table
 * whose entries hold the order itself (price, shares, stock locate, side), so that finding an order and reading it
 * costs one cache miss rather than one per field.
 *
 * <p>Fibonacci hashing (the high bits of a multiply by 2^64/phi) spreads the exchange's sequential reference
 * numbers evenly; backward-shift deletion keeps probe sequences short through a day of churn without tombstones.
 * Key 0 marks an empty entry; the reference number 0 itself lives in one extra entry past the table. The table
 * doubles when more than half full, which only happens while the day's peak of live orders grows.
 */
final class OrderTable
{
    private static final long PHI = 0x9E37_79B9_7F4A_7C15L;
    private static final long EMPTY = 0;

    // An entry is 4 longs, 32 bytes: two to a cache line.
    private static final int STRIDE_SHIFT = 2;
    private static final int KEY = 0;
    private static final int PRICE = 1;
    private static final int SHARES = 2;
    /** Stock locate in bits 8..23, side in bits 0..7. */
    private static final int LOCATE_SIDE = 3;

    private long[] entries;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;
    private boolean hasZeroKey;

    OrderTable(final int expectedOrders)
    {
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, expectedOrders) * 2 - 1) << 1));
    }

    int size()
    {
        return size;
    }

    /**
     * @return the position of {@code key}, or {@code ~position} where it would be inserted.
     */
    int probe(final long key)
    {
        if (key == EMPTY)
        {
            return hasZeroKey ? zeroPosition() : ~zeroPosition();
        }
        final long[] entries = this.entries;
        final int mask = this.mask;
        int i = home(key);
        while (true)
        {
            final long k = entries[i << STRIDE_SHIFT];
            if (k == key)
            {
                return i;
            }
            if (k == EMPTY)
            {
                return ~i;
            }
            i = (i + 1) & mask;
        }
    }

    long price(final int position)
    {
        return entries[(position << STRIDE_SHIFT) + PRICE];
    }

    long shares(final int position)
    {
        return entries[(position << STRIDE_SHIFT) + SHARES];
    }

    void shares(final int position, final long shares)
    {
        entries[(position << STRIDE_SHIFT) + SHARES] = shares;
    }

    int locate(final int position)
    {
        return (int)(entries[(position << STRIDE_SHIFT) + LOCATE_SIDE] >>> 8);
    }

    byte side(final int position)
    {
        return (byte)entries[(position << STRIDE_SHIFT) + LOCATE_SIDE];
    }

    void priceAndShares(final int position, final long price, final long shares)
    {
        final int at = position << STRIDE_SHIFT;
        entries[at + PRICE] = price;
        entries[at + SHARES] = shares;
    }

    /**
     * @param position the {@code ~probe(key)} of an absent key. Positions found before are stale afterwards: the
     *                 table may have grown.
     */
    void insertAt(
        final int position, final long key, final long price, final long shares, final int locate, final byte side)
    {
        final int at = position << STRIDE_SHIFT;
        final long[] entries = this.entries;
        entries[at + PRICE] = price;
        entries[at + SHARES] = shares;
        entries[at + LOCATE_SIDE] = ((long)locate << 8) | (side & 0xFF);
        if (position == zeroPosition())
        {
            hasZeroKey = true;
        }
        else
        {
            entries[at + KEY] = key;
        }
        if (++size > resizeAt)
        {
            rehash();
        }
    }

    /**
     * @param position the {@code probe(key)} of a present key. Other positions found before are stale afterwards.
     */
    void removeAt(final int position)
    {
        size--;
        if (position == zeroPosition())
        {
            hasZeroKey = false;
            return;
        }
        final long[] entries = this.entries;
        final int mask = this.mask;
        int gap = position;
        int i = position;
        while (true)
        {
            i = (i + 1) & mask;
            final int at = i << STRIDE_SHIFT;
            final long k = entries[at + KEY];
            if (k == EMPTY)
            {
                break;
            }
            // Move k back into the gap unless its home lies cyclically in (gap, i]: then the gap does not break its
            // probe sequence.
            final int home = home(k);
            if (((i - home) & mask) >= ((i - gap) & mask))
            {
                System.arraycopy(entries, at, entries, gap << STRIDE_SHIFT, 1 << STRIDE_SHIFT);
                gap = i;
            }
        }
        entries[gap << STRIDE_SHIFT] = EMPTY;
    }

    void clear()
    {
        Arrays.fill(entries, EMPTY);
        hasZeroKey = false;
        size = 0;
    }

    private int home(final long key)
    {
        return (int)((key * PHI) >>> shift);
    }

    private int zeroPosition()
    {
        return mask + 1;
    }

    private void allocate(final int capacity)
    {
        entries = new long[(capacity + 1) << STRIDE_SHIFT];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = capacity / 2;
    }

    private void rehash()
    {
        final long[] old = entries;
        final int oldZero = mask + 1;
        allocate((mask + 1) * 2);
        for (int i = 0; i < oldZero; i++)
        {
            final int from = i << STRIDE_SHIFT;
            final long k = old[from];
            if (k != EMPTY)
            {
                int j = home(k);
                while (entries[j << STRIDE_SHIFT] != EMPTY)
                {
                    j = (j + 1) & mask;
                }
                System.arraycopy(old, from, entries, j << STRIDE_SHIFT, 1 << STRIDE_SHIFT);
            }
        }
        System.arraycopy(old, oldZero << STRIDE_SHIFT, entries, zeroPosition() << STRIDE_SHIFT, 1 << STRIDE_SHIFT);
    }
}
