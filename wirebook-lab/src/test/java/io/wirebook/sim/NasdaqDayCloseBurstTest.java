package io.wirebook.sim;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.ItchMessage;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchTime;
import io.wirebook.lab.BookDigest;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A short NASDAQ-profile day with a closing burst far above the default rule's. */
class NasdaqDayCloseBurstTest
{
    private static final long MESSAGES = 200_000;
    private static final long BURST = 60_000;
    private static final long SEED = 7;

    @Test
    void theLastSecondHoldsExactlyTheBurstAndTheDayStaysValid()
    {
        final NasdaqDay day = NasdaqDay.withCloseBurst(SEED, MESSAGES, BURST);
        final Books books = new Books(0xFFFF, 1 << 16);
        final BookUpdater updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        final long lastSecond = ItchTime.parse("15:59:59");
        final long lastTenSeconds = ItchTime.parse("15:59:50");
        long inTheLastSecond = 0;
        long beforeTheLastTen = 0;
        long firstOfTheLastTen = -1;
        long count = 0;
        long previous = 0;
        long stampedDifferently = 0;
        long backwards = 0;
        int length;
        while ((length = day.next(message, 0)) > 0)
        {
            count++;
            final long timestamp = day.lastTimestamp();
            stampedDifferently += ItchMessage.readTimestamp(message, 0) != timestamp ? 1 : 0;
            backwards += timestamp < previous ? 1 : 0;
            previous = timestamp;
            inTheLastSecond += timestamp >= lastSecond ? 1 : 0;
            if (timestamp < lastTenSeconds)
            {
                beforeTheLastTen++;
            }
            else if (firstOfTheLastTen < 0)
            {
                firstOfTheLastTen = timestamp;
            }
            assertThat(reader.read(message, 0, length, updater)).isEqualTo(ItchReader.OK);
        }
        assertThat(count).isEqualTo(MESSAGES);
        assertThat(inTheLastSecond).isEqualTo(BURST);
        assertThat(stampedDifferently).as("each message carries its own time").isZero();
        assertThat(backwards).isZero();
        assertThat(previous).isLessThan(NasdaqDay.closeTimestamp()).isGreaterThan(ItchTime.parse("15:59:59.99"));
        assertThat(updater.rejectedMessages()).isZero();
        assertThat(NasdaqDay.messagesBeforeLastSeconds(MESSAGES, BURST, 10)).isEqualTo(beforeTheLastTen);
        assertThat(firstOfTheLastTen).as("the last ten seconds start on their second").isEqualTo(lastTenSeconds);
        assertThat(NasdaqDay.messagesBeforeLastSeconds(MESSAGES, BURST, 1)).isEqualTo(MESSAGES - BURST);
    }

    @Test
    void theBurstDayIsDeterminedByItsSeedAndDiffersFromTheDefaultRule()
    {
        assertThat(digest(NasdaqDay.withCloseBurst(SEED, 50_000, 20_000)))
            .isEqualTo(digest(NasdaqDay.withCloseBurst(SEED, 50_000, 20_000)))
            .isNotEqualTo(digest(NasdaqDay.withCloseBurst(SEED + 1, 50_000, 20_000)));
        assertThat(NasdaqDay.defaultCloseBurst(50_000)).isEqualTo(2_000);
        assertThat(NasdaqDay.defaultCloseBurst(100_000_000)).isEqualTo(NasdaqDay.CLOSE_BURST);
    }

    @Test
    void aBurstLargerThanTheFlowIsRefused()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> NasdaqDay.withCloseBurst(SEED, 20_000, 20_000 - NasdaqDay.INSTRUMENTS + 1))
            .withMessageContaining("closing burst");
        assertThatIllegalArgumentException().isThrownBy(() -> NasdaqDay.messagesBeforeLastSeconds(20_000, 100, 0));
    }

    private static String digest(final NasdaqDay day)
    {
        final Books books = new Books(0xFFFF, 1 << 12);
        final BookUpdater updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        int length;
        while ((length = day.next(message, 0)) > 0)
        {
            reader.read(message, 0, length, updater);
        }
        return BookDigest.of(books, NasdaqDay.INSTRUMENTS);
    }
}
