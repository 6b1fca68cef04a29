package io.wirebook.cli;

import java.nio.file.Path;

import io.wirebook.binaryfile.FileBooks;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchTime;
import io.wirebook.lab.BookDigest;
import io.wirebook.sim.OrderFlow;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code simulate} writes a day that {@code book} reads back into the books the flow itself builds. */
class BookCommandTest
{
    private static final int INSTRUMENTS = 50;
    private static final int MESSAGES = 200_000;
    private static final long SEED = 7;

    @TempDir
    static Path dir;
    static Path day;

    @BeforeAll
    static void simulate()
    {
        day = dir.resolve("day.itch.gz");
        assertThat(Main.execute("simulate", "--messages", Integer.toString(MESSAGES), "--instruments",
            Integer.toString(INSTRUMENTS), "--seed", Long.toString(SEED), "--rate", "100000", "--out", day.toString()))
            .isZero();
    }

    @Test
    void theWholeFileBuildsTheBooksOfTheFlowItself() throws Exception
    {
        final FileBooks fromFile = FileBooks.build(day, Long.MAX_VALUE);

        assertThat(fromFile.applied()).isEqualTo(MESSAGES + 6);
        assertThat(fromFile.rejected()).isZero();
        assertThat(fromFile.malformed()).isZero();
        assertThat(BookDigest.of(fromFile.books(), INSTRUMENTS)).isEqualTo(digestOfFirst(MESSAGES));
        assertThat(fromFile.books().orderCount()).isPositive();
    }

    @Test
    void atAMomentOnlyTheMessagesStampedUpToItApply() throws Exception
    {
        // At 100,000 msg/s from 09:30:00, message i is stamped 09:30:00 + 10 us * i: 09:30:01 is message 100,000.
        final FileBooks atOneSecond = FileBooks.build(day, ItchTime.parse("09:30:01"));

        assertThat(atOneSecond.applied()).isEqualTo(3 + 100_001);
        assertThat(atOneSecond.lastTimestamp()).isEqualTo(ItchTime.parse("09:30:01"));
        assertThat(BookDigest.of(atOneSecond.books(), INSTRUMENTS)).isEqualTo(digestOfFirst(100_001))
            .isNotEqualTo(digestOfFirst(MESSAGES));
    }

    @Test
    void aSymbolsBookIsFoundByItsName() throws Exception
    {
        final FileBooks books = FileBooks.build(day, Long.MAX_VALUE);

        assertThat(books.book("AAAAW")).isNotNull();
        assertThat(books.book("AAAAW").stockLocate()).isEqualTo(1);
        assertThat(books.book("ZZZZ")).isNull();
        assertThat(Main.execute("book", day.toString(), "--symbol", "AAAAW", "--at", "09:30:00.5")).isZero();
        assertThat(Main.execute("book", day.toString(), "--symbol", "ZZZZ")).isEqualTo(1);
    }

    @Test
    void theDigestIsTheOneReceiveWritesForTheSameBooks() throws Exception
    {
        final CommandRun run = CommandRun.of("book", day.toString(), "--digest");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith(digestOfFirst(MESSAGES) + "  200,006 messages applied");
    }

    @Test
    void wrongArgumentsExitWithStatus2()
    {
        assertThat(Main.execute("book", dir.resolve("missing.itch").toString(), "--symbol", "AAAAW")).isEqualTo(2);
        assertThat(Main.execute("book", day.toString(), "--symbol", "NINECHARS")).isEqualTo(2);
        assertThat(Main.execute("book", day.toString(), "--symbol", "AAAAW", "--at", "25:00")).isEqualTo(2);
        assertThat(Main.execute("book", day.toString())).isEqualTo(2);
        assertThat(Main.execute("simulate", "--out", dir.resolve("x.itch").toString(), "--messages", "0"))
            .isEqualTo(2);
        assertThat(Main.execute("simulate", "--out", dir.resolve("no/such/dir/x.itch").toString())).isEqualTo(2);
    }

    /** The books of the flow's first {@code count} messages, applied straight from the flow. */
    private static String digestOfFirst(final int count)
    {
        final OrderFlow flow = new OrderFlow(SEED, INSTRUMENTS);
        final Books books = new Books(0xFFFF, 1 << 16);
        final BookUpdater updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < count; i++)
        {
            final int length = flow.next(message, 0);
            assertThat(reader.read(message, 0, length, updater)).isEqualTo(ItchReader.OK);
        }
        return BookDigest.of(books, INSTRUMENTS);
    }
}
