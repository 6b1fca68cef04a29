package io.wirebook.sim;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchTime;
import io.wirebook.lab.BookDigest;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A small NASDAQ-profile day, applied message by message to wirebook's books. */
class NasdaqDayTest
{
    private static final long MESSAGES = 600_000;
    private static final long SEED = 11;

    private static NasdaqDay day;
    private static Books books;
    private static BookUpdater updater;
    private static long crossedAfterAMessage;
    private static long backwardsInTime;
    private static long inTheLastSecond;
    private static long lastTimestamp;

    @BeforeAll
    static void runTheDay()
    {
        day = new NasdaqDay(SEED, MESSAGES);
        books = new Books(0xFFFF, 1 << 16);
        updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        final long lastSecond = ItchTime.parse("15:59:59");
        int length;
        while ((length = day.next(message, 0)) > 0)
        {
            final long timestamp = day.lastTimestamp();
            backwardsInTime += timestamp < lastTimestamp ? 1 : 0;
            inTheLastSecond += timestamp >= lastSecond ? 1 : 0;
            lastTimestamp = timestamp;
            assertThat(reader.read(message, 0, length, updater)).isEqualTo(ItchReader.OK);
            final OrderBook book = books.book(day.lastStockLocate());
            crossedAfterAMessage += book != null && book.isCrossed() ? 1 : 0;
        }
    }

    @Test
    void everyMessageIsValidForTheBooksItBuilds()
    {
        assertThat(updater.rejectedMessages()).isZero();
        assertThat(books.rejected()).isZero();
        assertThat(crossedAfterAMessage).isZero();
        assertThat(books.orderCount()).isEqualTo(day.liveOrders());
    }

    @Test
    void theLivePopulationRampsToItsPeak()
    {
        assertThat(day.peakLiveOrders()).isCloseTo((int)(MESSAGES / 30), within((int)(MESSAGES / 30 / 10)));
        assertThat(day.liveOrders()).isGreaterThan(day.peakLiveOrders() * 9 / 10);
    }

    /** A small day leaves many thin instruments empty, where any message but an Add must wait: adds run high. */
    @Test
    void theMixIsNasdaqs()
    {
        final double flow = MESSAGES - NasdaqDay.INSTRUMENTS;
        assertThat(day.messages(ItchMessages.STOCK_DIRECTORY)).isEqualTo(NasdaqDay.INSTRUMENTS);
        assertThat(day.messages(ItchMessages.ADD_ORDER) / flow).isCloseTo(0.44, within(0.03));
        assertThat(day.messages(ItchMessages.ORDER_DELETE) / flow).isCloseTo(0.43, within(0.03));
        assertThat(day.messages(ItchMessages.ORDER_REPLACE) / flow).isCloseTo(0.074, within(0.01));
        assertThat(day.messages(ItchMessages.ORDER_EXECUTED) / flow).isCloseTo(0.022, within(0.005));
        assertThat(day.messages(ItchMessages.ORDER_CANCEL) / flow).isCloseTo(0.013, within(0.005));
        assertThat(day.describeMix()).startsWith("Add 4").contains(", Delete 4", ", Replace ", ", Trade ");
    }

    @Test
    void theDayRunsFromTheOpenToTheCloseWithAClosingBurst()
    {
        assertThat(backwardsInTime).isZero();
        assertThat(lastTimestamp).isLessThan(ItchTime.parse("16:00")).isGreaterThan(ItchTime.parse("15:59:59.9"));
        assertThat(inTheLastSecond).isEqualTo(MESSAGES / 25);
    }

    @Test
    void theSeedDeterminesTheDay()
    {
        assertThat(digest(SEED, 50_000)).isEqualTo(digest(SEED, 50_000)).isNotEqualTo(digest(SEED + 1, 50_000));
    }

    private static String digest(final long seed, final long messages)
    {
        final NasdaqDay other = new NasdaqDay(seed, messages);
        final Books otherBooks = new Books(0xFFFF, 1 << 12);
        final BookUpdater otherUpdater = new BookUpdater(otherBooks);
        final ItchReader reader = new ItchReader();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        int length;
        while ((length = other.next(message, 0)) > 0)
        {
            reader.read(message, 0, length, otherUpdater);
        }
        return BookDigest.of(otherBooks, NasdaqDay.INSTRUMENTS);
    }
}
