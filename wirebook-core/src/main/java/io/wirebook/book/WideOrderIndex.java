package io.wirebook.book;

import java.util.Arrays;

/**
 * The live orders whose Order Reference Number is too large for {@link OrderIndex}'s compact entries (2^47 and up:
 * the field allows them though no real feed comes near), found by the full 64-bit number. Open addressing with linear
 * probing, Fibonacci hashing and backward-shift deletion like {@link OrderIndex}, with 32-byte entries: key, price,
 * shares and what the owner packs besides (the side id).
 *
 * <p>0 marks an empty entry; the reference number 0 itself lives in one extra entry past the table.
 * The table doubles when more than half full.
 */
final class WideOrderIndex
{
    private static final long PHI = 0x9E37_79B9_7F4A_7C15L;
    private static final long EMPTY = 0;

    private static final int STRIDE = 4;
    private static final int PRICE = 1;
    private static final int SHARES = 2;
    private static final int INFO = 3;

    /** Entry i at {@code STRIDE * i}: key, price, shares, info. */
    private long[] entries;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;
    private boolean hasZeroKey;

    WideOrderIndex(final int expectedEntries)
    {
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, expectedEntries) * 2 - 1) << 1));
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
            final long k = entries[i * STRIDE];
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
        return entries[position * STRIDE + PRICE];
    }

    long shares(final int position)
    {
        return entries[position * STRIDE + SHARES];
    }

    void shares(final int position, final long shares)
    {
        entries[position * STRIDE + SHARES] = shares;
    }

    /** What the owner packs besides price and shares (the side id for {@link Books}). */
    long info(final int position)
    {
        return entries[position * STRIDE + INFO];
    }

    /**
     * Inserts an order. Positions of other entries may change (the table may grow): probe again for them.
     *
     * @param position the {@code ~probe(key)} of an absent key.
     */
    void insertAt(final int position, final long key, final long price, final long shares, final long info)
    {
        final long[] entries = this.entries;
        final int at = position * STRIDE;
        if (position == zeroPosition())
        {
            hasZeroKey = true;
        }
        else
        {
            entries[at] = key;
        }
        entries[at + PRICE] = price;
        entries[at + SHARES] = shares;
        entries[at + INFO] = info;
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
            final long k = entries[i * STRIDE];
            if (k == EMPTY)
            {
                break;
            }
            // Move k back into the gap unless its home lies cyclically in (gap, i]: then the gap does not break its
            // probe sequence.
            final int home = home(k);
            if (((i - home) & mask) >= ((i - gap) & mask))
            {
                final int to = gap * STRIDE;
                final int from = i * STRIDE;
                entries[to] = k;
                entries[to + PRICE] = entries[from + PRICE];
                entries[to + SHARES] = entries[from + SHARES];
                entries[to + INFO] = entries[from + INFO];
                gap = i;
            }
        }
        entries[gap * STRIDE] = EMPTY;
    }

    /**
     * Removes every entry whose info, masked, equals {@code value}: all orders of one instrument. A rare event (a
     * feed's new session), so a full scan is fine.
     *
     * @return how many entries went.
     */
    int removeWhereInfo(final long infoMask, final long value)
    {
        int removed = 0;
        if (hasZeroKey && (entries[zeroPosition() * STRIDE + INFO] & infoMask) == value)
        {
            removeAt(zeroPosition());
            removed++;
        }
        final int capacity = mask + 1;
        int i = 0;
        while (i < capacity)
        {
            final int at = i * STRIDE;
            if (entries[at] != EMPTY && (entries[at + INFO] & infoMask) == value)
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
        entries = new long[(capacity + 1) * STRIDE];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = capacity / 2;
    }

    private void rehash()
    {
        final long[] oldEntries = entries;
        final int oldZero = mask + 1;
        allocate((mask + 1) * 2);
        final long[] entries = this.entries;
        for (int i = 0; i <= oldZero; i++)
        {
            final int from = i * STRIDE;
            final long k = oldEntries[from];
            final boolean zeroEntry = i == oldZero;
            if (k != EMPTY || (zeroEntry && hasZeroKey))
            {
                int j = zeroEntry ? zeroPosition() : home(k);
                while (!zeroEntry && entries[j * STRIDE] != EMPTY)
                {
                    j = (j + 1) & mask;
                }
                final int to = j * STRIDE;
                entries[to] = k;
                entries[to + PRICE] = oldEntries[from + PRICE];
                entries[to + SHARES] = oldEntries[from + SHARES];
                entries[to + INFO] = oldEntries[from + INFO];
            }
        }
    }
}
