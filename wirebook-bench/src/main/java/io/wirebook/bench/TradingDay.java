package io.wirebook.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import io.wirebook.binaryfile.BinaryFile;
import io.wirebook.binaryfile.BinaryFileReader;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.ItchReader;
import io.wirebook.sim.MessageSource;
import io.wirebook.sim.NasdaqDay;
import io.wirebook.sim.OrderFlow;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A trading day encoded back to back in a direct buffer, each ITCH message behind a 2-byte big-endian length as in
 * a NASDAQ BinaryFILE: the same bytes for every implementation a benchmark compares. It comes from the lab's
 * {@link OrderFlow}, from a NASDAQ-scale {@link NasdaqDay}, or from a user's BinaryFILE.
 */
public final class TradingDay
{
    /** A direct buffer's limit: a day must fit in one, as UnsafeBuffer indexes by int. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final ByteBuffer bytes;
    private final UnsafeBuffer buffer;
    private final int length;
    private final long messages;

    private TradingDay(final ByteBuffer bytes, final int length, final long messages)
    {
        this.bytes = bytes;
        this.buffer = new UnsafeBuffer(bytes, 0, length);
        this.length = length;
        this.messages = messages;
    }

    /** {@code messages} messages of an {@link OrderFlow}: its Stock Directory first, then the order flow. */
    public static TradingDay generate(final long seed, final int instruments, final int messages)
    {
        return fill(new OrderFlow(seed, instruments), messages);
    }

    /** A NASDAQ-scale day of {@code messages} messages, its Stock Directory included. */
    public static TradingDay nasdaq(final long seed, final long messages)
    {
        return fill(new NasdaqDay(seed, messages), messages);
    }

    /** Every message of a BinaryFILE, plain or gzipped. */
    public static TradingDay load(final Path file) throws IOException
    {
        final Appender day = new Appender(64 << 20);
        try (BinaryFileReader reader = BinaryFileReader.open(file))
        {
            while (reader.read(day::append, 4_096) > 0)
            {
                day.checkFits();
            }
        }
        return day.toDay();
    }

    private static TradingDay fill(final MessageSource source, final long messages)
    {
        final Appender day = new Appender(64 << 20);
        for (long i = 0; i < messages; i++)
        {
            day.next(source);
        }
        return day.toDay();
    }

    /**
     * The most live orders the day's books hold at any point, from applying it once to wirebook's books: a day's
     * size as a book sees it.
     */
    public long peakLiveOrders(final int maxStockLocate)
    {
        final Books books = new Books(maxStockLocate, 1 << 20);
        final BookUpdater updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        long peak = 0;
        int position = 0;
        while (position < length)
        {
            final int messageLength = buffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            reader.read(buffer, position + BinaryFile.LENGTH_PREFIX, messageLength, updater);
            peak = Math.max(peak, books.orderCount());
            position += BinaryFile.LENGTH_PREFIX + messageLength;
        }
        return peak;
    }

    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** The same memory as a ByteBuffer, for APIs that take one. */
    public ByteBuffer byteBuffer()
    {
        return bytes;
    }

    public int length()
    {
        return length;
    }

    public long messages()
    {
        return messages;
    }

    /** A direct buffer that doubles (up to {@link #MAX_BYTES}) as messages are appended. */
    private static final class Appender
    {
        private ByteBuffer bytes;
        private UnsafeBuffer buffer;
        private int position;
        private long messages;
        private boolean full;

        Appender(final int initial)
        {
            bytes = ByteBuffer.allocateDirect(initial).order(ByteOrder.BIG_ENDIAN);
            buffer = new UnsafeBuffer(bytes);
        }

        void next(final MessageSource source)
        {
            if (!ensure(BinaryFile.LENGTH_PREFIX + 64))
            {
                full = true;
                checkFits();
            }
            final int messageLength = source.next(buffer, position + BinaryFile.LENGTH_PREFIX);
            buffer.putShort(position, (short)messageLength, ByteOrder.BIG_ENDIAN);
            position += BinaryFile.LENGTH_PREFIX + messageLength;
            messages++;
        }

        void append(final DirectBuffer source, final int offset, final int messageLength)
        {
            if (full || !ensure(BinaryFile.LENGTH_PREFIX + messageLength))
            {
                full = true;
                return;
            }
            buffer.putShort(position, (short)messageLength, ByteOrder.BIG_ENDIAN);
            buffer.putBytes(position + BinaryFile.LENGTH_PREFIX, source, offset, messageLength);
            position += BinaryFile.LENGTH_PREFIX + messageLength;
            messages++;
        }

        void checkFits()
        {
            if (full)
            {
                throw new IllegalArgumentException("the day does not fit in " + MAX_BYTES + " bytes (about 60M " +
                    "messages); cut the file, or use --profile nasdaq --messages N");
            }
        }

        /** @return false when {@code more} bytes cannot fit in one buffer. */
        private boolean ensure(final int more)
        {
            while (position + (long)more > bytes.capacity())
            {
                if (bytes.capacity() >= MAX_BYTES)
                {
                    return false;
                }
                final ByteBuffer grown = ByteBuffer.allocateDirect((int)Math.min(MAX_BYTES, 2L * bytes.capacity()))
                    .order(ByteOrder.BIG_ENDIAN);
                final UnsafeBuffer grownBuffer = new UnsafeBuffer(grown);
                grownBuffer.putBytes(0, buffer, 0, position);
                bytes = grown;
                buffer = grownBuffer;
            }
            return true;
        }

        TradingDay toDay()
        {
            checkFits();
            return new TradingDay(bytes, position, messages);
        }
    }
}
