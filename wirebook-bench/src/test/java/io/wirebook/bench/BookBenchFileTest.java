package io.wirebook.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.sim.SimulatedDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bookbench on a user's own BinaryFILE: the day read from the file (gzipped here) is what both libraries build, and
 * bookbench.json says which day and how big. A smoke test: a quick run's figures mean nothing.
 */
class BookBenchFileTest
{
    @TempDir
    Path dir;

    @Test
    void aQuickRunOnAGzippedFileNamesTheDay() throws Exception
    {
        final Path file = dir.resolve("day.itch.gz");
        final long written = SimulatedDay.writeLab(file, 3, 40, 100_000, 50_000);
        final TradingDay day = TradingDay.load(file);
        assertThat(day.messages()).isEqualTo(written);
        assertThat(day.peakLiveOrders(BookBuildBenchmark.MAX_STOCK_LOCATE)).isPositive();

        assertThat(BookBench.run(dir, true, new BookBench.Day("file", 0, file))).isZero();

        final String json = Files.readString(dir.resolve(BookBench.RESULT_FILE));
        assertThat(json).contains("\"profile\": \"file\"", "\"messages\": " + written, "\"peak_live_orders\": " +
            day.peakLiveOrders(BookBuildBenchmark.MAX_STOCK_LOCATE), "\"ns_per_msg\"", "\"file\": \"" + file);
        assertThat(json).doesNotContain("NaN");
    }

    @Test
    void aFileThatIsNoBinaryFileIsAClearError() throws Exception
    {
        final Path file = Files.write(dir.resolve("not.itch"), new byte[] {0, 50, 1, 2, 3});
        assertThat(BookBench.run(dir, true, new BookBench.Day("file", 0, file))).isNotZero();
    }
}
