package io.wirebook.book;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After warm-up (pool, index and level arrays at their peak size) applying operations, on two channels, allocates
 * nothing.
 */
class BooksAllocationTest
{
    private static final int LIVE = 4_096;
    private static final int OPERATIONS = 1_000_000;

    private final long[] live = new long[LIVE];
    private long nextRef = 1;
    private long seed = 12345;

    @Test
    void aMillionOperationsAfterWarmUpAllocateNothing()
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Books books = new Books(16, 1_024, 2);
        books.listener(book -> {});
        for (int i = 0; i < LIVE; i++)
        {
            books.channel(i & 1);
            live[i] = nextRef;
            books.add(1 + i % 16, nextRef++, i % 2 == 0 ? (byte)'B' : (byte)'S', 100, 10_000 + i % 200);
        }

        run(books);  // warm-up: reach peak sizes, let the JIT compile
        run(books);

        final long before = threads.getCurrentThreadAllocatedBytes();
        final long applied = run(books);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(applied).isEqualTo(OPERATIONS);
        assertThat(allocated).isLessThan(1_024);
    }

    /**
     * Churn over a fixed number of live orders: every op acts on one live order or replaces it with a new one. Order k
     * is on locate 1 + k % 16, which channel k % 2 owns.
     */
    private long run(final Books books)
    {
        long applied = 0;
        for (int i = 0; i < OPERATIONS; i++)
        {
            final long r = nextRandom();
            final int k = (int)((r >>> 8) % LIVE);
            final long ref = live[k];
            books.channel(k & 1);
            final long price = 10_000 + (r >>> 40) % 200;
            final boolean ok = switch ((int)(r & 7))
            {
                case 0, 1 -> books.execute(1 + k % 16, ref, 1) || reAdd(books, k, price, r);
                case 2 -> books.cancel(1 + k % 16, ref, 1) || reAdd(books, k, price, r);
                case 3, 4 -> books.delete(1 + k % 16, ref) && reAdd(books, k, price, r);
                default ->
                {
                    final long newRef = nextRef++;
                    live[k] = newRef;
                    yield books.replace(1 + k % 16, ref, newRef, 50 + (r >>> 20) % 100, price);
                }
            };
            applied += ok ? 1 : 0;
        }
        return applied;
    }

    private boolean reAdd(final Books books, final int k, final long price, final long r)
    {
        final long ref = nextRef++;
        live[k] = ref;
        return books.add(1 + k % 16, ref, k % 2 == 0 ? (byte)'B' : (byte)'S', 50 + (r >>> 24) % 100, price);
    }

    private long nextRandom()
    {
        seed += 0x9E37_79B9_7F4A_7C15L;
        long z = seed;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
