package io.wirebook.binaryfile;

import java.io.IOException;
import java.nio.file.Path;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchMessage;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.StockDirectory;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The books of a BinaryFILE built offline, with the same {@link Books} and {@link BookUpdater} as the live handler:
 * every message up to a moment of the day is applied, in file order, and the rest is not read.
 *
 * <p>Stock Directory messages give each symbol its stock locate, so a book can be asked for by symbol.
 */
public final class FileBooks implements BinaryFileHandler
{
    /** Messages read from the file at a time. */
    private static final int BATCH = 4_096;

    private final ItchReader reader = new ItchReader();
    private final StockDirectory directory = new StockDirectory();
    private final Long2LongHashMap locateBySymbol = new Long2LongHashMap(-1);
    private final Books books;
    private final BookUpdater updater;
    private final long until;
    private long applied;
    private long malformed;
    private long firstTimestamp = -1;
    private long lastTimestamp = -1;
    private boolean past;

    /**
     * @param until the last ITCH timestamp (nanoseconds since midnight) to apply; {@link Long#MAX_VALUE} for all.
     */
    public FileBooks(final long until)
    {
        this.books = new Books(0xFFFF, 1 << 16);
        this.updater = new BookUpdater(books);
        this.until = until;
    }

    /** Reads {@code file} up to {@code until} (see {@link #FileBooks(long)}). */
    public static FileBooks build(final Path file, final long until) throws IOException
    {
        final FileBooks fileBooks = new FileBooks(until);
        try (BinaryFileReader reader = BinaryFileReader.open(file))
        {
            int read;
            do
            {
                read = reader.read(fileBooks, BATCH);
            }
            while (read > 0 && !fileBooks.past);
        }
        return fileBooks;
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (past)
        {
            return;
        }
        if (ItchReader.check(buffer, offset, length) != ItchReader.OK)
        {
            malformed++;
            return;
        }
        final long timestamp = ItchMessage.readTimestamp(buffer, offset);
        if (timestamp > until)
        {
            past = true;
            return;
        }
        if (buffer.getByte(offset) == ItchMessages.STOCK_DIRECTORY)
        {
            directory.wrap(buffer, offset);
            locateBySymbol.put(directory.stock(), directory.stockLocate());
        }
        reader.read(buffer, offset, length, updater);
        if (applied++ == 0)
        {
            firstTimestamp = timestamp;
        }
        lastTimestamp = timestamp;
    }

    /** The book of {@code symbol} (as typed, e.g. {@code AAPL}), or null when no Stock Directory named it. */
    public OrderBook book(final String symbol)
    {
        final long locate = locateBySymbol.get(packSymbol(symbol));
        return locate < 0 ? null : books.book((int)locate);
    }

    public Books books()
    {
        return books;
    }

    /** Messages applied to the books (the updater may still have refused some: see {@link #rejected()}). */
    public long applied()
    {
        return applied;
    }

    /** Messages the books refused, e.g. a Delete of an unknown order. */
    public long rejected()
    {
        return updater.rejectedMessages();
    }

    /** Messages of an unknown type or a wrong length, skipped. */
    public long malformed()
    {
        return malformed;
    }

    /** The timestamp of the first message applied, -1 if none. */
    public long firstTimestamp()
    {
        return firstTimestamp;
    }

    /** The timestamp of the last message applied, -1 if none. */
    public long lastTimestamp()
    {
        return lastTimestamp;
    }

    /** A symbol as ITCH carries it: eight ASCII bytes, left-aligned, space-padded, read big-endian. */
    public static long packSymbol(final String symbol)
    {
        if (symbol.isEmpty() || symbol.length() > 8 || !symbol.chars().allMatch(c -> c > ' ' && c < 127))
        {
            throw new IllegalArgumentException("a symbol is 1 to 8 printable ASCII characters: '" + symbol + "'");
        }
        long packed = 0;
        for (int i = 0; i < 8; i++)
        {
            packed = packed << 8 | (i < symbol.length() ? symbol.charAt(i) : ' ');
        }
        return packed;
    }
}
