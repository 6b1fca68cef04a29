package io.wirebook.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.report.PathResult;
import io.wirebook.report.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A short faults run on the real lab network, on socket and af-xdp: a receiver restart, random loss on both lines,
 * reorder, duplicates, an outage of both lines and forged packets, and still no message lost, every forgery
 * refused, and books equal to the simulator's.
 */
class LabFaultsEndToEndTest
{
    @TempDir
    Path out;

    @Test
    void underFaultsNothingIsLostAndNoForgeryGetsIn() throws Exception
    {
        assumeTrue(LabNetwork.whyUnavailable() == null, () -> "lab network: " + LabNetwork.whyUnavailable());
        final List<String> paths = List.of("socket", "af-xdp");
        final BenchRunner.Plan plan = new BenchRunner.Plan(Scenario.FAULTS, paths, 4, 3, 20_000, 1, 200, 11, out,
            false, Map.of(), false);
        final RunResult run = LabRuns.run(plan, "wbf");

        for (final PathResult path : run.paths())
        {
            if (LabRuns.skippedHere(path))
            {
                continue;
            }
            assertThat(path.status()).as(path.path() + ": " + path.reason()).isEqualTo(PathResult.OK);
            final Map<?, ?> recovery = (Map<?, ?>)path.extra().get("recovery");
            final Map<?, ?> forged = (Map<?, ?>)path.extra().get("forged");
            assertThat(recovery.get("messages_lost")).as(path.path() + " lost").isEqualTo(0L);
            assertThat((Long)recovery.get("gaps")).as(path.path() + " gaps").isPositive();
            assertThat((Long)recovery.get("by_line_b")).as(path.path() + " by line B").isPositive();
            assertThat((Long)recovery.get("by_rerequest")).as(path.path() + " by re-request").isPositive();
            assertThat((Long)recovery.get("by_snapshot")).as(path.path() + " by snapshot").isPositive();
            assertThat(((Number)forged.get("sent")).longValue()).as(path.path() + " forged sent").isPositive();
            assertThat(((Number)forged.get("rejected")).longValue()).as(path.path() + " forged rejected")
                .isEqualTo(((Number)forged.get("sent")).longValue());
            assertThat(path.extra().get("books_match_simulator")).as(path.path() + " books").isEqualTo(true);
        }
        assertThat(LabNetwork.status("wbf")).startsWith("no lab network");
    }
}
