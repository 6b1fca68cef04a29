package io.wirebook.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.book.Books;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paired benchmark runs end to end, here with the class path's wirebook-core on both sides, and writes
 * bookbench-paired.json. It checks that the command works, not how fast anything is.
 */
class PairedBookBenchSmokeTest
{
    @TempDir
    Path out;

    @Test
    void quickRunWritesBothVersionsFiguresAndTheRatio() throws Exception
    {
        assertThat(PairedBookBench.run(out, VersionLoader.location(Books.class), null, true)).isZero();

        final String json = Files.readString(out.resolve(PairedBookBench.RESULT_FILE));
        assertThat(json).contains("\"baseline\"", "\"candidate\"", "\"ns_per_msg\"", "\"ratio\"",
            "\"candidate_loaded\": \"second\"", "\"candidate_loaded\": \"first\"", "\"ratio_per_fork\"",
            "\"ratio_per_iteration\"", "\"part_messages\"", "\"cpu_affinity\"");
        assertThat(json).doesNotContain("NaN");
    }

    @Test
    void aMissingBaselineExitsWithTwo()
    {
        assertThat(PairedBookBench.run(out, out.resolve("none.jar"), null, true)).isEqualTo(2);
        assertThat(out.resolve(PairedBookBench.RESULT_FILE)).doesNotExist();
    }
}
