package io.wirebook.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.report.PathResult;
import io.wirebook.report.RunResult;
import io.wirebook.sim.SimulatedDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A simulated day written as a gzipped BinaryFILE, replayed into the lab network ({@code bench --replay}): the books
 * each path builds off the wire equal those the file builds offline.
 */
class LabReplayEndToEndTest
{
    @TempDir
    Path out;

    @Test
    void theReplayedBooksEqualThoseTheFileBuildsOffline() throws Exception
    {
        assumeTrue(LabNetwork.whyUnavailable() == null, () -> "lab network: " + LabNetwork.whyUnavailable());
        final Path file = out.resolve("day.itch.gz");
        SimulatedDay.writeLab(file, 11, 200, 40_000, 20_000);
        final Replay replay = Replay.of(file);
        final BenchRunner.Plan plan = new BenchRunner.Plan(Scenario.SINGLE, List.of("socket", "af-xdp"),
            replay.secondsAt(20_000), 0, 20_000, 1, 200, 11, out, false, Map.of(), false, 2, BenchRunner.Capture.OFF,
            replay);

        final RunResult run = LabRuns.run(plan, "wbr");

        for (final PathResult path : run.paths())
        {
            if (LabRuns.skippedHere(path))
            {
                continue;
            }
            assertThat(path.status()).as(path.path() + ": " + path.reason()).isEqualTo(PathResult.OK);
            assertThat(path.extra().get("books_match_file")).as(path.path() + " books = the file's").isEqualTo(true);
            assertThat(path.extra().get("replay_messages")).isEqualTo(replay.messages());
            assertThat(path.all().drops()).as(path.path() + " drops").isZero();
        }
    }
}
