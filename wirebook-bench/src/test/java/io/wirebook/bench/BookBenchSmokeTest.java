package io.wirebook.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book-building benchmark runs end to end and writes bookbench.json with both libraries' figures. It checks
 * that the command works, not how fast anything is: the figures of a quick run mean nothing.
 */
class BookBenchSmokeTest
{
    @TempDir
    Path out;

    @Test
    void quickRunWritesBothLibrariesFigures() throws Exception
    {
        assertThat(BookBench.run(out, true)).isZero();

        final String json = Files.readString(out.resolve(BookBench.RESULT_FILE));
        assertThat(json).contains("\"wirebook\"", "\"parity_book\"", "\"ns_per_msg\"", "\"ns_per_msg_per_round\"",
            "\"bytes_per_msg\"", "\"ratio\"", "\"ratio_per_round\"", "\"cpu_affinity\"");
        assertThat(json).doesNotContain("NaN");
    }
}
