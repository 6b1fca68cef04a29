package io.wirebook.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.report.PathResult;
import io.wirebook.report.RunResult;
import io.wirebook.rx.paths.RxPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Publisher to receiver on the real lab network, for every path this host can run: the receiver's books equal the
 * simulator's own, no message is lost, and every path builds the same books as the socket path.
 */
class LabEndToEndTest
{
    @TempDir
    Path out;

    @Test
    void everyPathBuildsTheSimulatorsBooks() throws Exception
    {
        assumeTrue(LabNetwork.whyUnavailable() == null, () -> "lab network: " + LabNetwork.whyUnavailable());
        final BenchRunner.Plan plan = new BenchRunner.Plan(Scenario.MULTI, RxPaths.NAMES, 2, 1, 20_000, 2, 200, 7,
            out, false, Map.of(), false);
        final RunResult run = LabRuns.run(plan, "wbt");

        final PathResult socket = run.paths().getFirst();
        assertThat(socket.path()).isEqualTo("socket");
        for (final PathResult path : run.paths())
        {
            if (LabRuns.skippedHere(path))
            {
                assertThat(path.reason()).as(path.path()).contains("fix");
                continue;
            }
            assertThat(path.status()).as(path.path() + ": " + path.reason()).isEqualTo(PathResult.OK);
            assertThat(path.all().drops()).as(path.path() + " drops").isZero();
            assertThat(path.all().malformed()).as(path.path() + " malformed").isZero();
            assertThat(path.all().messages()).as(path.path() + " messages").isGreaterThanOrEqualTo(38_000);
            assertThat(path.feeds()).hasSize(2);
            assertThat(path.extra().get("books_match_simulator")).as(path.path() + " books = simulator's")
                .isEqualTo(true);
            assertThat(path.bookDigest()).as(path.path() + " books = socket's").isEqualTo(socket.bookDigest());
        }
        assertThat(run.paths()).hasSize(RxPaths.NAMES.size());
        // A normal exit leaves nothing: namespaces (with their veths and XDP programs), DPDK files.
        assertThat(LabNetwork.status("wbt")).startsWith("no lab network");
        for (final String dir : List.of("/var/run/dpdk", "/dev/hugepages"))
        {
            if (Files.isDirectory(Path.of(dir)))
            {
                try (var files = Files.list(Path.of(dir)))
                {
                    assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("wirebook-")))
                        .as("DPDK leftovers in " + dir).isEmpty();
                }
            }
        }
    }
}
