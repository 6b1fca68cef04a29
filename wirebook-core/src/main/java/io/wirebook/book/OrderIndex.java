package io.wirebook.book;

import java.util.Arrays;

/**
 * Order Reference Number → order pool slot: open addressing with linear probing over a power-of-two table,
 * Fibonacci hashing (the high bits of a multiply by 2^64/phi) so that the exchange's sequential reference numbers
 * spread evenly, and backward-shift deletion so that no tombstones build up during a day of churn.
 *
 * <p>0 marks an empty entry; the reference number 0 itself lives in one extra entry past the table.
 * The table doubles when more than half full, which only happens while the day's peak of live orders grows.
 */
final class OrderIndex
{
    private static final long PHI = 0x9E37_79B9_7F4A_7C15L;
    private static final long EMPTY = 0;

    private long[] keys;
    private int[] slots;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;
    private boolean hasZeroKey;

    OrderIndex(final int expectedEntries)
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
        final long[] keys = this.keys;
        final int mask = this.mask;
        int i = home(key);
        while (true)
        {
            final long k = keys[i];
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

    int slotAt(final int position)
    {
        return slots[position];
    }

    /** @param position the {@code ~probe(key)} of an absent key. */
    void insertAt(final int position, final long key, final int slot)
    {
        slots[position] = slot;
        if (position == zeroPosition())
        {
            hasZeroKey = true;
        }
        else
        {
            keys[position] = key;
        }
        if (++size > resizeAt)
        {
            rehash();
        }
    }

    /** @param position the {@code probe(key)} of a present key. */
    void removeAt(final int position)
    {
        size--;
        if (position == zeroPosition())
        {
            hasZeroKey = false;
            return;
        }
        final long[] keys = this.keys;
        final int[] slots = this.slots;
        final int mask = this.mask;
        int gap = position;
        int i = position;
        while (true)
        {
            i = (i + 1) & mask;
            final long k = keys[i];
            if (k == EMPTY)
            {
                break;
            }
            // Move k back into the gap unless its home lies cyclically in (gap, i]: then the gap does not break its
            // probe sequence.
            final int home = home(k);
            if (((i - home) & mask) >= ((i - gap) & mask))
            {
                keys[gap] = k;
                slots[gap] = slots[i];
                gap = i;
            }
        }
        keys[gap] = EMPTY;
    }

    void clear()
    {
        Arrays.fill(keys, EMPTY);
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
        keys = new long[capacity + 1];
        slots = new int[capacity + 1];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = capacity / 2;
    }

    private void rehash()
    {
        final long[] oldKeys = keys;
        final int[] oldSlots = slots;
        final int oldZero = mask + 1;
        allocate((mask + 1) * 2);
        for (int i = 0; i < oldZero; i++)
        {
            final long k = oldKeys[i];
            if (k != EMPTY)
            {
                int j = home(k);
                while (keys[j] != EMPTY)
                {
                    j = (j + 1) & mask;
                }
                keys[j] = k;
                slots[j] = oldSlots[i];
            }
        }
        slots[zeroPosition()] = oldSlots[oldZero];
    }
}
