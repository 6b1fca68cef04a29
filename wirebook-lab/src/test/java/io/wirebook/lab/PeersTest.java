package io.wirebook.lab;

import java.util.List;
import java.util.Map;

import io.wirebook.report.PathResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeersTest
{
    @Test
    void testpmdRunsBesideASweepAtEveryRateAnyPathWasOfferedOnceEachAscending()
    {
        final PathResult socket = PathResult.skipped("socket", "x").withExtra(Map.of("sweep_steps", List.of(
            Map.of("rate_msgs", 400_000L), Map.of("rate_msgs", 800_000L))));
        final PathResult afXdp = PathResult.skipped("af-xdp", "x").withExtra(Map.of("sweep_steps", List.of(
            Map.of("rate_msgs", 400_000L), Map.of("rate_msgs", 800_000L), Map.of("rate_msgs", 1_600_000L))));
        final PathResult notSwept = PathResult.skipped("dpdk", "no hugepages");

        assertThat(Peers.sweepRates(List.of(afXdp, socket, notSwept))).containsExactly(400_000L, 800_000L, 1_600_000L);
    }
}
