package io.wirebook.book;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIndexTest
{
    @Test
    void agreesWithAHashMapThroughChurnAndGrowth()
    {
        final OrderIndex index = new OrderIndex(4);
        final Map<Long, Integer> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++)
        {
            // Few distinct keys, some colliding in the low bits, 0, and some too large for the compact entries (up to
            // negative ones): exercises probing, shifts, the zero key and the wide table.
            final int kind = random.nextInt(8);
            final long key = kind == 0 ? random.nextLong(64) << 20
                : kind == 1 ? (random.nextLong(64) << 47) | random.nextLong(4)
                : kind == 2 ? -1 - random.nextLong(16)
                : random.nextLong(2_000);
            final int position = index.probe(key);
            final Integer expected = model.get(key);
            if (expected == null)
            {
                assertThat(position).isNegative();
                final int slot = 1 + random.nextInt(OrderIndex.MAX_SIDE_ID - 1);
                index.insertAt(~position, key, slot + 1L, slot + 2L, slot);
                model.put(key, slot);
            }
            else
            {
                assertThat(position).isNotNegative();
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
        for (final Map.Entry<Long, Integer> e : model.entrySet())
        {
            assertThat(index.sideId(index.probe(e.getKey()))).isEqualTo(e.getValue());
        }
    }

    @Test
    void keepsFullWidthPricesAndShares()
    {
        final OrderIndex index = new OrderIndex(4);
        index.insertAt(~index.probe(7), 7, Books.MAX_PRICE, Books.MAX_SHARES, OrderIndex.MAX_SIDE_ID);
        final int position = index.probe(7);
        assertThat(index.price(position)).isEqualTo(Books.MAX_PRICE);
        assertThat(index.shares(position)).isEqualTo(Books.MAX_SHARES);
        assertThat(index.sideId(position)).isEqualTo(OrderIndex.MAX_SIDE_ID);
        index.shares(position, 1);
        assertThat(index.price(index.probe(7))).isEqualTo(Books.MAX_PRICE);
        assertThat(index.shares(index.probe(7))).isEqualTo(1);
    }

    @Test
    void removesOneInstrumentFromBothTables()
    {
        final OrderIndex index = new OrderIndex(4);
        final long wideKey = Long.MIN_VALUE + 5;
        index.insertAt(~index.probe(1), 1, 100, 10, PriceLevels.sideId(3, false));
        index.insertAt(~index.probe(2), 2, 100, 10, PriceLevels.sideId(3, true));
        index.insertAt(~index.probe(3), 3, 100, 10, PriceLevels.sideId(4, false));
        index.insertAt(~index.probe(wideKey), wideKey, 100, 10, PriceLevels.sideId(3, true));

        assertThat(index.removeInstrument(3)).isEqualTo(3);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.probe(1)).isNegative();
        assertThat(index.probe(wideKey)).isNegative();
        assertThat(index.sideId(index.probe(3))).isEqualTo(PriceLevels.sideId(4, false));
    }
}
