package io.wirebook.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsTableTest
{
    @Test
    void faultsScenarioShowsHowEachPathRecovered()
    {
        final Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("gaps", 321L);
        recovery.put("messages_recovered", 9_000L);
        recovery.put("messages_lost", 0L);
        recovery.put("by_line_b", 8_000L);
        recovery.put("by_rerequest", 950L);
        recovery.put("by_snapshot", 50L);
        recovery.put("recovery_ns", Map.of("p50", 12_340L, "p99", 456_000L, "max", 1_200_000L));
        final PathResult ok = path("socket").withExtra(Map.of("recovery", recovery,
            "forged", Map.of("sent", 8L, "rejected", 8L), "books_match_simulator", true));
        final PathResult skipped = PathResult.skipped("dpdk", "needs the lab network (not root); fix: run as root");

        final String table = ResultsTable.render(run("faults", List.of(ok, skipped)));

        assertThat(table).contains("recovery under faults")
            .containsPattern("path +Messages +Lost +Gaps +By line B +Re-req +Snapshot +Rec P50 +Rec P99 +Rec Max " +
                "+Forged s/rej +Books")
            .containsPattern("socket +500000 +0 +321 +8000 +950 +50 +12\\.3 +456\\.0 +1200\\.0 +8/8 +match")
            .containsPattern("\ndpdk +skipped: needs the lab network \\(not root\\); fix: run as root\n")
            .contains("send stamp -> book updated")
            .doesNotContain("arrival stamp -> book updated");
    }

    @Test
    void faultsScenarioWithoutRecoveryFiguresShowsDashes()
    {
        final String table = ResultsTable.render(run("faults", List.of(path("socket"))));

        assertThat(table).containsPattern("socket +500000 +- +- +- +- +- +- +- +- +-/- +-");
    }

    @Test
    void otherScenariosKeepTheirTables()
    {
        final String table = ResultsTable.render(run("single", List.of(path("socket"))));

        assertThat(table).doesNotContain("recovery under faults").doesNotContainIgnoringCase("seed")
            .contains("send stamp -> book updated (us): the ITCH timestamp the exchange stamped at send")
            .contains("arrival stamp -> book updated (us): the path's arrival stamp")
            .containsPattern("path +P50 +P90 +P99 +P99\\.9 +P99\\.99 +Max +Jitter +Throughput +Drops +CPU%\n")
            .containsPattern("socket +10\\.0 +10\\.0 +10\\.0 +10\\.0 +10\\.0 +10\\.0 +0\\.00 +50,000/s +0 +50\n")
            .containsPattern("socket +\\(no arrival stamp on this path\\)");
    }

    private static PathResult path(final String name)
    {
        return OneFeedPaths.ok(name, 50,
            new Stats(500_000, 50_000, 0, 0, 0, 0, 100_000, 10, OneFeedPaths.latency(10_000), null));
    }

    private static RunResult run(final String scenario, final List<PathResult> paths)
    {
        return new RunResult(scenario, 50_000, 10, 3, 1, Map.of(), paths, List.of(), Map.of());
    }
}
