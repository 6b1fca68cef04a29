package io.wirebook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.wirebook.binaryfile.FileBooks;
import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchTime;
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

    @Option(names = "--symbol", required = true, description = "The symbol, as its Stock Directory names it.")
    String symbol;

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
        final long until;
        try
        {
            FileBooks.packSymbol(symbol);
            until = at == null ? Long.MAX_VALUE : ItchTime.parse(at);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("wirebook book: " + ex.getMessage());
            return 2;
        }
        final FileBooks books = FileBooks.build(file, until);
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
