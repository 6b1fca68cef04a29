package io.wirebook.book;

import java.util.Arrays;

/**
 * The live orders whose Order Reference Number is too large for {@link OrderIndex}'s compact entries (2^39 and up:
 * the field allows them though no real feed comes near), found by channel and full 64-bit number. Open addressing
 * with linear probing, keyed multiplicative hashing and backward-shift deletion like {@link OrderIndex}, with 32-byte
 * entries: reference, price, shares, and the channel with the side id.
 *
 * <p>Such a reference is never 0, so 0 marks an empty entry. The table doubles when more than half full.
 */
final class WideOrderIndex
{
    private static final long EMPTY = 0;

    private static final int STRIDE = 4;
    private static final int PRICE = 1;
    private static final int SHARES = 2;
    private static final int INFO = 3;
    /** Where the channel sits in an entry's info, above the side id. */
    private static final int CHANNEL_SHIFT = 32;
    private static final long SIDE_MASK = 0xFFFF_FFFFL;
    /** The side id without its ask bit: the instrument. */
    private static final long INSTRUMENT_MASK = SIDE_MASK & ~1L;
    private static final long CHANNEL_MASK = ~SIDE_MASK;

    private final long hashKey;
    private final long channelKey;
    /** Entry i at {@code STRIDE * i}: reference, price, shares, info. */
    private long[] entries;
    private int mask;
    private int shift;
    private int size;
    private int resizeAt;

    /**
     * @param hashKey    odd multiplier of the reference in the hash.
     * @param channelKey odd multiplier of the channel, drawn apart from {@code hashKey} so that no pair of references
     *                   on two channels shares a home whatever the keys.
     */
    WideOrderIndex(final int expectedEntries, final long hashKey, final long channelKey)
    {
        this.hashKey = hashKey;
        this.channelKey = channelKey;
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, expectedEntries) * 2 - 1) << 1));
    }

    int size()
    {
        return size;
    }

    /**
     * @param reference not 0.
     * @return the position of the order, or {@code ~position} where it would be inserted.
     */
    int probe(final long reference, final int channel)
    {
        final long[] entries = this.entries;
        final int mask = this.mask;
        int i = home(reference, channel);
        while (true)
        {
            final int at = i * STRIDE;
            final long k = entries[at];
            if (k == reference && (int)(entries[at + INFO] >>> CHANNEL_SHIFT) == channel)
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

    int sideId(final int position)
    {
        return (int)(entries[position * STRIDE + INFO] & SIDE_MASK);
    }

    /**
     * Inserts an order. Positions of other entries may change (the table may grow): probe again for them.
     *
     * @param position the {@code ~probe(reference, channel)} of an absent order.
     */
    void insertAt(
        final int position, final long reference, final int channel, final long price, final long shares,
        final int sideId)
    {
        final long[] entries = this.entries;
        final int at = position * STRIDE;
        entries[at] = reference;
        entries[at + PRICE] = price;
        entries[at + SHARES] = shares;
        entries[at + INFO] = (long)channel << CHANNEL_SHIFT | sideId;
        if (++size > resizeAt)
        {
            rehash();
        }
    }

    /**
     * Removes an entry. Positions of other entries may change: probe again for them.
     *
     * @param position the {@code probe(reference, channel)} of a present order.
     */
    void removeAt(final int position)
    {
        size--;
        final long[] entries = this.entries;
        final int mask = this.mask;
        int gap = position;
        int i = position;
        while (true)
        {
            i = (i + 1) & mask;
            final int from = i * STRIDE;
            final long k = entries[from];
            if (k == EMPTY)
            {
                break;
            }
            // Move the entry back into the gap unless its home lies cyclically in (gap, i]: then the gap does not
            // break its probe sequence.
            final long info = entries[from + INFO];
            final int home = home(k, (int)(info >>> CHANNEL_SHIFT));
            if (((i - home) & mask) >= ((i - gap) & mask))
            {
                final int to = gap * STRIDE;
                entries[to] = k;
                entries[to + PRICE] = entries[from + PRICE];
                entries[to + SHARES] = entries[from + SHARES];
                entries[to + INFO] = info;
                gap = i;
            }
        }
        entries[gap * STRIDE] = EMPTY;
    }

    /**
     * Removes every order of one instrument, both sides. A rare event (a feed's new session), so a full scan is fine.
     *
     * @return how many entries went.
     */
    int removeInstrument(final int stockLocate)
    {
        return removeWhere(INSTRUMENT_MASK, (long)stockLocate << 1);
    }

    /**
     * Removes every order of one channel. A rare event (a channel's reset or snapshot), so a full scan is fine.
     *
     * @return how many entries went.
     */
    int removeChannel(final int channel)
    {
        return removeWhere(CHANNEL_MASK, (long)channel << CHANNEL_SHIFT);
    }

    /** Removes every entry whose info, masked, is {@code value}: one scan of the table. */
    private int removeWhere(final long infoMask, final long value)
    {
        int removed = 0;
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
        size = 0;
    }

    private int home(final long reference, final int channel)
    {
        return (int)((reference * hashKey + channel * channelKey) >>> shift);
    }

    private void allocate(final int capacity)
    {
        entries = new long[capacity * STRIDE];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        resizeAt = capacity / 2;
    }

    private void rehash()
    {
        final long[] oldEntries = entries;
        allocate((mask + 1) * 2);
        final long[] entries = this.entries;
        final int mask = this.mask;
        for (int from = 0; from < oldEntries.length; from += STRIDE)
        {
            final long k = oldEntries[from];
            if (k != EMPTY)
            {
                final long info = oldEntries[from + INFO];
                int j = home(k, (int)(info >>> CHANNEL_SHIFT));
                while (entries[j * STRIDE] != EMPTY)
                {
                    j = (j + 1) & mask;
                }
                final int to = j * STRIDE;
                entries[to] = k;
                entries[to + PRICE] = oldEntries[from + PRICE];
                entries[to + SHARES] = oldEntries[from + SHARES];
                entries[to + INFO] = info;
            }
        }
    }
}
