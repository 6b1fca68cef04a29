package io.wirebook.book;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIndexTest
{
    /** The multiplier the index hashed with before its key was drawn per process. */
    private static final long OLD_FIXED_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;

    record Key(long reference, int channel)
    {
    }

    @Test
    void agreesWithAHashMapThroughChurnAndGrowth()
    {
        final OrderIndex index = new OrderIndex(4);
        final Map<Key, Integer> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++)
        {
            // Few distinct keys, some colliding in the low bits, 0, some either side of the largest compact reference,
            // and some too large for the compact entries (up to negative ones), on three channels among which the
            // first and last: exercises probing, shifts, the zero key, the wide table and the channel in the key.
            final int kind = random.nextInt(8);
            final long reference = kind == 0 ? random.nextLong(64) << 20
                : kind == 1 ? (random.nextLong(64) << 47) | random.nextLong(4)
                : kind == 2 ? -1 - random.nextLong(16)
                : kind == 3 ? OrderIndex.MAX_COMPACT_REFERENCE - 2 + random.nextLong(4)
                : random.nextLong(2_000);
            final int channel = new int[]{0, 1, OrderIndex.MAX_CHANNELS - 1}[random.nextInt(3)];
            final Key key = new Key(reference, channel);
            final int position = index.probe(reference, channel);
            final Integer expected = model.get(key);
            if (expected == null)
            {
                assertThat(position).isNegative();
                assertThat(index.probeOn(reference, channel, 1)).isNegative();
                final int slot = 1 + random.nextInt(OrderIndex.MAX_SIDE_ID - 1);
                index.insertAt(~position, reference, channel, slot + 1L, slot + 2L, slot);
                model.put(key, slot);
            }
            else
            {
                assertThat(position).isNotNegative();
                assertThat(index.probeOn(reference, channel, expected >>> 1)).isEqualTo(position);
                assertThat(index.probeOn(reference, channel, (expected >>> 1) + 1)).as("another instrument")
                    .isNegative();
                assertThat(index.sideId(position)).isEqualTo(expected);
                assertThat(index.price(position)).isEqualTo(expected + 1L);
                assertThat(index.shares(position)).isEqualTo(expected + 2L);
                final int action = random.nextInt(3);
                if (action == 0)
                {
                    index.removeAt(position);
                    model.remove(key);
                }
                else if (action == 1)
                {
                    // Shares change in place; price and side stay.
                    index.shares(position, expected + 1L);
                    assertThat(index.shares(position)).isEqualTo(expected + 1L);
                    assertThat(index.price(position)).isEqualTo(expected + 1L);
                    index.shares(position, expected + 2L);
                }
            }
            assertThat(index.size()).isEqualTo(model.size());
        }
        for (final Map.Entry<Key, Integer> e : model.entrySet())
        {
            assertThat(index.sideId(index.probe(e.getKey().reference(), e.getKey().channel())))
                .isEqualTo(e.getValue());
        }
    }

    @Test
    void keepsFullWidthPricesAndShares()
    {
        final OrderIndex index = new OrderIndex(4);
        index.insertAt(~index.probe(7, 0), 7, 0, Books.MAX_PRICE, Books.MAX_SHARES, OrderIndex.MAX_SIDE_ID);
        final int position = index.probe(7, 0);
        assertThat(index.price(position)).isEqualTo(Books.MAX_PRICE);
        assertThat(index.shares(position)).isEqualTo(Books.MAX_SHARES);
        assertThat(index.sideId(position)).isEqualTo(OrderIndex.MAX_SIDE_ID);
        index.shares(position, 1);
        assertThat(index.price(index.probe(7, 0))).isEqualTo(Books.MAX_PRICE);
        assertThat(index.shares(index.probe(7, 0))).isEqualTo(1);
    }

    @Test
    void equalReferencesOnTwoChannelsAreTwoOrders()
    {
        final OrderIndex index = new OrderIndex(4);
        for (final long reference : new long[]{0, 7, OrderIndex.MAX_COMPACT_REFERENCE, 1L << 39, -1L})
        {
            index.insertAt(~index.probe(reference, 0), reference, 0, 100, 10, PriceLevels.sideId(1, false));
            assertThat(index.probe(reference, 1)).as("ref %d on channel 1", reference).isNegative();
            index.insertAt(~index.probe(reference, 1), reference, 1, 200, 20, PriceLevels.sideId(2, true));
            assertThat(index.price(index.probe(reference, 0))).isEqualTo(100);
            assertThat(index.price(index.probe(reference, 1))).isEqualTo(200);
            assertThat(index.probe(reference, OrderIndex.MAX_CHANNELS - 1)).isNegative();
        }
        assertThat(index.size()).isEqualTo(10);
    }

    @Test
    void removesOneInstrumentFromBothTables()
    {
        final OrderIndex index = new OrderIndex(4);
        final long wideKey = Long.MIN_VALUE + 5;
        index.insertAt(~index.probe(1, 0), 1, 0, 100, 10, PriceLevels.sideId(3, false));
        index.insertAt(~index.probe(2, 0), 2, 0, 100, 10, PriceLevels.sideId(3, true));
        index.insertAt(~index.probe(3, 0), 3, 0, 100, 10, PriceLevels.sideId(4, false));
        index.insertAt(~index.probe(wideKey, 0), wideKey, 0, 100, 10, PriceLevels.sideId(3, true));

        assertThat(index.removeInstrument(3)).isEqualTo(3);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.probe(1, 0)).isNegative();
        assertThat(index.probe(wideKey, 0)).isNegative();
        assertThat(index.sideId(index.probe(3, 0))).isEqualTo(PriceLevels.sideId(4, false));
    }

    @Test
    void removesOneChannelFromBothTables()
    {
        final OrderIndex index = new OrderIndex(4);
        final long wideKey = Long.MIN_VALUE + 5;
        for (int channel = 0; channel < 3; channel++)
        {
            for (long reference = 0; reference < 1_000; reference++)
            {
                index.insertAt(~index.probe(reference, channel), reference, channel, 100, 10,
                    PriceLevels.sideId(1 + channel, false));
            }
            index.insertAt(~index.probe(wideKey, channel), wideKey, channel, 100, 10,
                PriceLevels.sideId(1 + channel, true));
        }

        assertThat(index.removeChannel(1)).isEqualTo(1_001);
        assertThat(index.size()).isEqualTo(2_002);
        for (long reference = 0; reference < 1_000; reference++)
        {
            assertThat(index.probe(reference, 0)).isNotNegative();
            assertThat(index.probe(reference, 1)).isNegative();
            assertThat(index.probe(reference, 2)).isNotNegative();
        }
        assertThat(index.probe(wideKey, 1)).isNegative();
        assertThat(index.sideId(index.probe(wideKey, 2))).isEqualTo(PriceLevels.sideId(3, true));
    }

    /**
     * References that all share one home under the old fixed multiplier, found by brute force as anyone could: under
     * the process's drawn key, and under a few fixed other ones, they spread like any references would.
     */
    @Test
    void referencesThatCollideUnderTheOldFixedHashSpreadUnderAKeyedOne()
    {
        final int capacity = 1 << 16;
        final int shift = 64 - Integer.numberOfTrailingZeros(capacity);
        final int wanted = 64;
        final long[] colliding = new long[wanted];
        int found = 0;
        for (long reference = 1; found < wanted; reference++)
        {
            if ((reference * OLD_FIXED_MULTIPLIER) >>> shift == 0)
            {
                colliding[found++] = reference;
            }
        }

        // An index sized so that its table has the capacity the references were chosen for.
        final OrderIndex oldHash = new OrderIndex(capacity / 2, OLD_FIXED_MULTIPLIER, 1);
        assertThat(distinctHomes(oldHash, colliding)).isEqualTo(1);

        assertThat(distinctHomes(new OrderIndex(capacity / 2), colliding)).isGreaterThan(wanted * 9 / 10);
        final SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 8; i++)
        {
            final OrderIndex keyed = new OrderIndex(capacity / 2, random.nextLong(), random.nextLong());
            assertThat(distinctHomes(keyed, colliding)).isGreaterThan(wanted * 9 / 10);
        }
    }

    private static int distinctHomes(final OrderIndex index, final long[] references)
    {
        final Set<Integer> homes = new HashSet<>();
        for (final long reference : references)
        {
            homes.add(index.home(reference));
        }
        return homes.size();
    }
}
