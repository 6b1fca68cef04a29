package io.wirebook.bench;

import java.nio.ByteOrder;
import java.util.function.LongSupplier;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.ItchReader;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the books of a day from its bytes, message by message: decode and apply, one operation per message. What
 * {@link BookBuildBenchmark#wirebook} times, and what {@link PairedBookBuildBenchmark} times for two versions of the
 * books in one JVM. It uses only what every version of the books has had since the benchmark began, so that an
 * older wirebook-core can run it.
 */
public final class DayReplay implements LongSupplier
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
        final UnsafeBuffer buffer = this.buffer;
        final int end = this.end;
        final ItchReader reader = this.reader;
        final BookUpdater updater = this.updater;
        int position = 0;
        while (position < end)
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
        return books.orderCount() + updater.rejectedMessages();
    }

    /** {@link #replay}, for a caller that knows this class only as a {@link LongSupplier}. */
    @Override
    public long getAsLong()
    {
        return replay();
    }
}
