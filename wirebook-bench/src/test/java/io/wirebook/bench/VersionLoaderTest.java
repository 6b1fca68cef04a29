package io.wirebook.bench;

import java.nio.file.Path;

import io.wirebook.book.Books;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two versions of the books side by side in one JVM: each loader has its own, and both build the same books. */
class VersionLoaderTest
{
    private static final int MESSAGES = 50_000;

    @Test
    void eachLoaderHasItsOwnBooksAndBuildsWhatTheClassPathsBooksBuild() throws Exception
    {
        final TradingDay day = TradingDay.generate(BookBuildBenchmark.SEED, BookBuildBenchmark.INSTRUMENTS, MESSAGES);
        final Path core = VersionLoader.location(Books.class);
        final VersionLoader a = VersionLoader.of("a", core);
        final VersionLoader b = VersionLoader.of("b", core);

        final Class<?> booksOfA = a.loadClass(Books.class.getName());
        final Class<?> booksOfB = b.loadClass(Books.class.getName());
        assertThat(booksOfA).isNotSameAs(Books.class).isNotSameAs(booksOfB);
        assertThat(booksOfA.getClassLoader()).isSameAs(a);
        assertThat(a.loadClass(DayReplay.class.getName()).getClassLoader()).isSameAs(a);
        // Not wirebook's: shared with the parent, so that the day's buffer crosses over.
        assertThat(a.loadClass(UnsafeBuffer.class.getName())).isSameAs(UnsafeBuffer.class);

        final DayReplay direct = new DayReplay(day.buffer(), day.length(), BookBuildBenchmark.INSTRUMENTS, 1 << 12);
        final long expected = direct.replay();
        assertThat(expected).isPositive();
        final VersionLoader.Replay ofA =
            a.replay(day.buffer(), day.length(), BookBuildBenchmark.INSTRUMENTS, 1 << 12);
        assertThat(ofA.run().getAsLong()).isEqualTo(expected);
        ofA.clearBooks();
        assertThat(ofA.run().getAsLong()).isEqualTo(expected);
        assertThat(b.replay(day.buffer(), day.length(), BookBuildBenchmark.INSTRUMENTS, 1 << 12).run().getAsLong())
            .isEqualTo(expected);
    }

    @Test
    void aDayReplayedInPartsBuildsTheBooksOfAWholeReplay() throws Exception
    {
        final TradingDay day = TradingDay.generate(BookBuildBenchmark.SEED, BookBuildBenchmark.INSTRUMENTS, MESSAGES);
        final long whole = new DayReplay(day.buffer(), day.length(), BookBuildBenchmark.INSTRUMENTS, 1 << 12).replay();
        final int[] parts = DayReplay.boundaries(day.buffer(), day.length(), 7_000);
        // 50,000 messages: seven parts of 7,000 and one of 1,000.
        assertThat(parts).hasSize(9).startsWith(0).endsWith(day.length());
        final VersionLoader.Replay replay = VersionLoader.of("parts", VersionLoader.location(Books.class))
            .replay(day.buffer(), day.length(), BookBuildBenchmark.INSTRUMENTS, 1 << 12);
        long result = 0;
        for (int i = 1; i < parts.length; i++)
        {
            assertThat(parts[i]).isGreaterThan(parts[i - 1]);
            result = replay.parts().applyAsLong(parts[i - 1], parts[i]);
        }
        assertThat(result).isEqualTo(whole);
        // An empty part replays nothing and reads the result: what the paired benchmark hands its blackhole.
        assertThat(replay.parts().applyAsLong(day.length(), day.length())).isEqualTo(whole);
        assertThatThrownBy(() -> DayReplay.boundaries(day.buffer(), day.length(), 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingVersionIsRefusedWithWhatToGive()
    {
        assertThatThrownBy(() -> VersionLoader.of("old", Path.of("/nonexistent/wirebook-core.jar")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("/nonexistent/wirebook-core.jar").hasMessageContaining("jar or a classes directory");
    }
}
