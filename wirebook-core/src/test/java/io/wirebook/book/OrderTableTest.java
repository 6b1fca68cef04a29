package io.wirebook.book;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTableTest
{
    record Entry(long price, long shares, int locate, byte side)
    {
    }

    @Test
    void agreesWithAHashMapThroughChurnAndGrowth()
    {
        final OrderTable table = new OrderTable(4);
        final Map<Long, Entry> model = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++)
        {
            // Few distinct keys, some colliding in the low bits, and 0: exercises probing, shifts and the zero entry.
            final long key = random.nextInt(3) == 0 ? random.nextLong(64) << 20 : random.nextLong(2_000);
            final int position = table.probe(key);
            final Entry expected = model.get(key);
            if (expected == null)
            {
                assertThat(position).isNegative();
                final Entry entry = new Entry(
                    random.nextLong(1L << 32), 1 + random.nextLong(1L << 32), random.nextInt(1, 65_536),
                    random.nextBoolean() ? (byte)'B' : (byte)'S');
                table.insertAt(~position, key, entry.price(), entry.shares(), entry.locate(), entry.side());
                model.put(key, entry);
            }
            else
            {
                assertThat(position).isNotNegative();
                assertThat(entryAt(table, position)).isEqualTo(expected);
                switch (random.nextInt(3))
                {
                    case 0 ->
                    {
                        table.removeAt(position);
                        model.remove(key);
                    }
                    case 1 ->
                    {
                        table.shares(position, expected.shares() + 1);
                        model.put(key, new Entry(expected.price(), expected.shares() + 1, expected.locate(),
                            expected.side()));
                    }
                    default ->
                    {
                        table.priceAndShares(position, expected.price() + 7, 3);
                        model.put(key, new Entry(expected.price() + 7, 3, expected.locate(), expected.side()));
                    }
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (final Map.Entry<Long, Entry> e : model.entrySet())
        {
            assertThat(entryAt(table, table.probe(e.getKey()))).isEqualTo(e.getValue());
        }
    }

    private static Entry entryAt(final OrderTable table, final int position)
    {
        return new Entry(table.price(position), table.shares(position), table.locate(position), table.side(position));
    }
}
