package io.wirebook.book;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The live orders of every channel, found by channel and Order Reference Number: open addressing with linear probing
 * over a power-of-two table, multiplicative hashing (the high bits of a multiply by an odd key) and backward-shift
 * deletion so that no tombstones build up during a day of churn.
 *
 * <p>The key is the channel and the reference together: two feeds number their orders independently, so equal
 * reference numbers on two channels are two orders. The channel takes the {@link #CHANNEL_BITS} bits above a compact
 * reference, which gives up bits that no real reference uses: the entry stays 16 bytes, the key is still one long
 * hashed once and compared once, and scoping costs a shift and an or per lookup. References too large for that go to
 * the {@link WideOrderIndex}, which keeps the channel beside them.
 *
 * <p>The hash multiplier is drawn once per process from {@link SecureRandom}: with a fixed one, anyone who can send
 * references can compute a set that shares one home and turn every probe into a walk along one long cluster. With a
 * random odd multiplier the high bits of the product are a universal hash (Dietzfelbinger's multiply-shift): two
 * given keys share a home with probability at most 2/capacity, whatever they are. Only multipliers that spread
 * sequential references as evenly as the golden-ratio one did are drawn ({@link HashKeys}): that keeps probes short
 * on a real feed, and run-to-run timings steady, at the price of a bound some hundred times looser, still far beyond
 * what anyone can aim at without the key.
 *
 * <p>An entry is the order itself in 16 bytes, two longs:
 * <pre>
 *   tag     = channel (8 bits) | reference number (39 bits) | side id (17 bits)
 *   payload = price (32 bits)                               | shares (32 bits)
 * </pre>
 * ITCH's Price (4) and Shares fields are 32-bit, a side id ({@link PriceLevels#sideId}) fits 17 bits, and real
 * reference numbers (a day's count of orders, a few billion at most) are far below 2^39. Small entries matter: with a
 * day's live orders the table is larger than the core's L1, and at 16 bytes it stays within its L2 far longer than at
 * 32, so finding an order is an L2 hit where it would be an L3 one. Reference numbers of 2^39 and up, which the field
 * allows, go to a {@link WideOrderIndex} made on first use; its positions carry {@link #WIDE}.
 *
 * <p>A side id is never 0 (locates start at 1), so a zero tag marks an empty entry and the reference number 0 needs
 * nothing special. The table doubles when more than half full, which only happens while the day's peak of live orders
 * grows.
 */
final class OrderIndex
{
    /** Bits of the channel in a compact key: channels 0 to 255. */
    static final int CHANNEL_BITS = 8;
    /** How many channels the index tells apart. */
    static final int MAX_CHANNELS = 1 << CHANNEL_BITS;
    /** Bits of a reference number kept in the compact table, below the channel. */
    static final int COMPACT_REFERENCE_BITS = 39;
    /** The largest reference number kept in the compact table. */
    static final long MAX_COMPACT_REFERENCE = (1L << COMPACT_REFERENCE_BITS) - 1;
    /** The largest side id an entry can carry. */
    static final int MAX_SIDE_ID = (1 << 17) - 1;
    /**
     * The most orders the index may hold: the compact table then stays below the largest its positions address (2^29
     * entries), and the wide one within what a Java array holds.
     */
    static final int MAX_ENTRIES = 1 << 27;

    /** Marks a position in the {@link WideOrderIndex}. */
    private static final int WIDE = 1 << 30;
    private static final int SIDE_BITS = 17;
    /** Where the channel starts in a tag: above the reference and the side id. */
    private static final int TAG_CHANNEL_SHIFT = SIDE_BITS + COMPACT_REFERENCE_BITS;
    private static final long SIDE_MASK = MAX_SIDE_ID;
    /** The side id without its ask bit: the instrument. */
    private static final long INSTRUMENT_MASK = SIDE_MASK & ~1L;
    private static final long CHANNEL_MASK = (long)(MAX_CHANNELS - 1) << TAG_CHANNEL_SHIFT;
    private static final long SHARES_MASK = 0xFFFF_FFFFL;
    private static final long EMPTY = 0;

    /** Drawn once per process: see the class comment. */
    private static final long PROCESS_HASH_KEY;
    private static final long PROCESS_CHANNEL_KEY;

    static
    {
        final SecureRandom random = new SecureRandom();
        PROCESS_HASH_KEY = HashKeys.drawMultiplier(random);
        PROCESS_CHANNEL_KEY = random.nextLong() | 1;
    }

    private final long hashKey;
    private final long channelKey;

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
        this(expectedEntries, PROCESS_HASH_KEY, PROCESS_CHANNEL_KEY);
    }

    /**
     * With fixed hash keys, for tests that must be repeatable.
     *
     * @param hashKey    multiplier of the hash; made odd.
     * @param channelKey multiplier of the channel in the {@link WideOrderIndex}'s hash; made odd.
     */
    OrderIndex(final int expectedEntries, final long hashKey, final long channelKey)
    {
        this.hashKey = hashKey | 1;
        this.channelKey = channelKey | 1;
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, expectedEntries) * 2 - 1) << 1));
    }

    int size()
    {
        return size + (wide == null ? 0 : wide.size());
    }

    /**
     * @param channel 0 to {@link #MAX_CHANNELS} - 1.
     * @return the position of the order, or {@code ~position} where it would be inserted.
     */
    int probe(final long reference, final int channel)
    {
        if (reference >>> COMPACT_REFERENCE_BITS != 0)
        {
            return probeWide(reference, channel);
        }
        final long key = compactKey(reference, channel);
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

    /**
     * Finds a live order that must be on {@code stockLocate}: the instrument sits in the tag the probe has just read,
     * so the check reads no other cache line.
     *
     * @return the position of the order, or a negative value when it is not live or is on another instrument.
     */
    int probeOn(final long reference, final int channel, final int stockLocate)
    {
        final int position = probe(reference, channel);
        return position >= 0 && sideId(position) >>> 1 != stockLocate ? -1 : position;
    }

    /**
     * Reads the home entry of an order, so that a probe soon after finds its cache line loaded. For a reference too
     * large for the compact table it reads some entry, which does no harm.
     */
    long touch(final long reference, final int channel)
    {
        return entries[home(compactKey(reference, channel)) << 1];
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
            return wide.sideId(position & ~WIDE);
        }
        return (int)(entries[position << 1] & SIDE_MASK);
    }

    /**
     * Inserts an order. Positions of other entries may change (the table may grow): probe again for them.
     *
     * @param position the {@code ~probe(reference, channel)} of an absent order.
     * @param price    0 to 2^32 - 1.
     * @param shares   1 to 2^32 - 1.
     * @param sideId   1 to {@link #MAX_SIDE_ID}.
     */
    void insertAt(
        final int position, final long reference, final int channel, final long price, final long shares,
        final int sideId)
    {
        if ((position & WIDE) != 0)
        {
            wide.insertAt(position & ~WIDE, reference, channel, price, shares, sideId);
            return;
        }
        final int at = position << 1;
        entries[at] = compactKey(reference, channel) << SIDE_BITS | sideId;
        entries[at + 1] = price << 32 | shares;
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
        final int removed = wide == null ? 0 : wide.removeInstrument(stockLocate);
        return removed + removeWhere(INSTRUMENT_MASK, (long)stockLocate << 1);
    }

    /**
     * Removes every order of one channel. A rare event (a channel's reset or snapshot), so a full scan is fine.
     *
     * @return how many orders went.
     */
    int removeChannel(final int channel)
    {
        final int removed = wide == null ? 0 : wide.removeChannel(channel);
        return removed + removeWhere(CHANNEL_MASK, (long)channel << TAG_CHANNEL_SHIFT);
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

    /** Removes every compact entry whose tag, masked, is {@code value}: one scan of the table. */
    private int removeWhere(final long tagMask, final long value)
    {
        int removed = 0;
        final int capacity = mask + 1;
        int i = 0;
        while (i < capacity)
        {
            final long tag = entries[i << 1];
            if (tag != EMPTY && (tag & tagMask) == value)
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

    private int probeWide(final long reference, final int channel)
    {
        if (wide == null)
        {
            wide = new WideOrderIndex(16, hashKey, channelKey);
        }
        final int position = wide.probe(reference, channel);
        return position >= 0 ? position | WIDE : ~(~position | WIDE);
    }

    /** @return the channel above the reference: distinct for every channel and compact reference. */
    private static long compactKey(final long reference, final int channel)
    {
        return (long)channel << COMPACT_REFERENCE_BITS | reference;
    }

    /** The home entry of a compact key: the high bits of its product with the process's key. */
    int home(final long key)
    {
        return (int)((key * hashKey) >>> shift);
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
