package io.wirebook.bench;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.LongBinaryOperator;
import java.util.function.LongSupplier;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.ItchReader;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the books of a day from its bytes, message by message: decode and apply, one operation per message. What
 * {@link BookBuildBenchmark#wirebook} times, whole, and what {@link PairedBookBuildBenchmark} times part by part for
 * two versions of the books in one JVM. It uses only what every version of the books has had since the benchmark
 * began, so that an older wirebook-core can run it.
 */
public final class DayReplay implements LongSupplier, LongBinaryOperator
{
    private final UnsafeBuffer buffer;
    private final int end;
    private final Books books;
    private final BookUpdater updater;
    private final ItchReader reader = new ItchReader();

    /**
     * @param buffer         the day: messages, each after its two-byte length.
     * @param end            the day's length in bytes.
     * @param maxStockLocate the books' largest Stock Locate.
     * @param expectedOrders the live orders the books are sized for.
     */
    public DayReplay(final UnsafeBuffer buffer, final int end, final int maxStockLocate, final int expectedOrders)
    {
        this.buffer = buffer;
        this.end = end;
        books = new Books(maxStockLocate, expectedOrders);
        updater = new BookUpdater(books);
    }

    /** Empties the books, keeping their memory, for the next replay. */
    public void clear()
    {
        books.clear();
    }

    /**
     * Applies the whole day to the books.
     *
     * @return live orders at the end plus messages refused: the same for every version that builds the same books.
     */
    public long replay()
    {
        replay(0, end);
        return result();
    }

    /**
     * Applies the messages that start in {@code [from, to)}, two message boundaries of the day (see
     * {@link #boundaries}): a part of the day, so that two versions can take turns within one replay.
     */
    public void replay(final int from, final int to)
    {
        final UnsafeBuffer buffer = this.buffer;
        final int end = this.end;
        final ItchReader reader = this.reader;
        final BookUpdater updater = this.updater;
        int position = from;
        while (position < to)
        {
            final int length = buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int next = position + 2 + length;
            if (next + 2 < end)
            {
                // A stream, not packets: start loading the next message's order while this one applies.
                updater.prefetch(buffer, next + 2, buffer.getShort(next, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            }
            reader.read(buffer, position + 2, length, updater);
            position = next;
        }
    }

    /** Live orders now plus messages refused so far: after a whole day, the same for every version. */
    public long result()
    {
        return books.orderCount() + updater.rejectedMessages();
    }

    /**
     * The positions that cut a day into parts of {@code messages} messages each, the last part perhaps shorter: 0,
     * then the end of each part, the day's end last.
     */
    public static int[] boundaries(final UnsafeBuffer buffer, final int end, final int messages)
    {
        if (messages < 1)
        {
            throw new IllegalArgumentException("a part needs at least one message: " + messages);
        }
        int[] cuts = new int[16];
        int count = 1;
        int inPart = 0;
        int position = 0;
        while (position < end)
        {
            position += 2 + (buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            if (++inPart == messages || position >= end)
            {
                if (count == cuts.length)
                {
                    cuts = Arrays.copyOf(cuts, count * 2);
                }
                cuts[count++] = position;
                inPart = 0;
            }
        }
        return Arrays.copyOf(cuts, count);
    }

    /** {@link #replay}, for a caller that knows this class only as a {@link LongSupplier}. */
    @Override
    public long getAsLong()
    {
        return replay();
    }

    /**
     * {@link #replay(int, int)}, for a caller that knows this class only as a {@link LongBinaryOperator}.
     *
     * @return {@link #result()} after the part.
     */
    @Override
    public long applyAsLong(final long from, final long to)
    {
        replay((int)from, (int)to);
        return result();
    }
}
