package io.wirebook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.wirebook.binaryfile.FileBooks;
import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchTime;
import io.wirebook.lab.BookDigest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "book", mixinStandardHelpOptions = true,
    description = {"Builds the books of a BinaryFILE (plain or gzipped) offline, up to a moment of the day, and",
        "prints one symbol's 10-level book: orders, shares and price on each side.",
        "Example: wirebook book day.itch.gz --symbol AAAAW --at 09:30:10"})
public final class BookCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE", description = "A BinaryFILE: NASDAQ's ITCH 5.0 day, or `simulate`'s.")
    Path file;

    @Option(names = "--symbol", description = "The symbol, as its Stock Directory names it.")
    String symbol;

    @Option(names = "--digest", description = {"Print instead the SHA-256 of every instrument's 10-level depth, as",
        "receive writes it (book_digest): equal digests, equal books."})
    boolean digest;

    @Option(names = "--at", paramLabel = "HH:MM:SS.nnn",
        description = "Apply the messages stamped up to this time of day (default: the whole file).")
    String at;

    @Override
    public Integer call() throws Exception
    {
        if (!Files.isReadable(file))
        {
            System.err.println("wirebook book: cannot read " + file + "; give a BinaryFILE (.itch or .itch.gz)");
            return 2;
        }
        if (symbol == null && !digest)
        {
            System.err.println("wirebook book: give --symbol S, or --digest");
            return 2;
        }
        final long until;
        try
        {
            if (symbol != null)
            {
                FileBooks.packSymbol(symbol);
            }
            until = at == null ? Long.MAX_VALUE : ItchTime.parse(at);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("wirebook book: " + ex.getMessage());
            return 2;
        }
        final FileBooks books = FileBooks.build(file, until);
        if (digest)
        {
            System.out.printf("%s  %,d messages applied up to %s, %,d refused, %,d malformed%n",
                BookDigest.of(books.books(), books.books().maxStockLocate()), books.applied(),
                ItchTime.format(Math.max(0, books.lastTimestamp())), books.rejected(), books.malformed());
            return 0;
        }
        final OrderBook book = books.book(symbol);
        if (book == null)
        {
            System.err.printf("wirebook book: no Stock Directory names %s in the %,d messages up to %s%n", symbol,
                books.applied(), books.lastTimestamp() < 0 ? "the start" : ItchTime.format(books.lastTimestamp()));
            return 1;
        }
        System.out.printf("%s (stock locate %d) at %s: %,d messages applied, %,d refused by the books, %,d malformed%n",
            symbol, book.stockLocate(), ItchTime.format(books.lastTimestamp()), books.applied(), books.rejected(),
            books.malformed());
        System.out.println(BookTable.format(book));
        return 0;
    }
}
