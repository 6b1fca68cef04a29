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
            // Few distinct keys, some colliding in the low bits, and 0: exercises probing, shifts and the zero entry.
            final long key = random.nextInt(3) == 0 ? random.nextLong(64) << 20 : random.nextLong(2_000);
            final int position = index.probe(key);
            final Integer expected = model.get(key);
            if (expected == null)
            {
                assertThat(position).isNegative();
                final int slot = random.nextInt(1_000_000);
                index.insertAt(~position, key, slot + 1L, slot + 2L, slot);
                model.put(key, slot);
            }
            else
            {
                assertThat(position).isNotNegative();
                assertThat(index.info(position)).isEqualTo(expected.longValue());
                assertThat(index.price(position)).isEqualTo(expected + 1L);
                assertThat(index.shares(position)).isEqualTo(expected + 2L);
                if (random.nextBoolean())
                {
                    index.removeAt(position);
                    model.remove(key);
                }
            }
            assertThat(index.size()).isEqualTo(model.size());
        }
        for (final Map.Entry<Long, Integer> e : model.entrySet())
        {
            assertThat(index.info(index.probe(e.getKey()))).isEqualTo(e.getValue().longValue());
        }
    }
}
