package io.wirebook.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import io.wirebook.sim.SimulatedDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A replay paced by the file's own timestamps: its measured seconds and the publisher's command line. */
class ReplaySpeedTest
{
    private static final LabHost EXCHANGE = new LabHost("wb-exch",
        new LabHost.LineEnd("wbx-a", "198.18.0.1"), new LabHost.LineEnd("wbx-b", "198.18.1.1"),
        new LabHost.LineEnd("wbx-r", "198.18.2.1"));

    @TempDir
    Path dir;

    @Test
    void theMeasuredSecondsAreTheFilesSpanOverTheSpeed() throws Exception
    {
        final Path file = dir.resolve("day.itch.gz");
        SimulatedDay.writeLab(file, 3, 50, 40_000, 10_000);
        final Replay replay = Replay.of(file);

        assertThat(replay.firstTimestamp()).isEqualTo(SimulatedDay.MARKET_OPEN);
        assertThat(replay.lastTimestamp() - replay.firstTimestamp()).isBetween(3_999_000_000L, 4_000_000_000L);
        assertThat(replay.secondsAt(10_000)).as("at the run's rate, the six System Events too").isEqualTo(6);
        assertThat(replay.atSpeed(1).secondsAt(1_000_000)).as("at 1x, whatever the rate").isEqualTo(5);
        assertThat(replay.atSpeed(4).secondsAt(1_000_000)).isEqualTo(2);
    }

    @Test
    void thePublisherIsToldTheSpeedOnlyForATimedReplay()
    {
        final Replay replay = new Replay(dir.resolve("day.itch"), 1_000, "digest", 0, 4_000_000_000L, 0);
        assertThat(arguments(replay)).contains("--replay").doesNotContain("--replay-speed");
        assertThat(String.join(" ", arguments(replay.atSpeed(2.5)))).contains("--replay-speed 2.5");
    }

    private List<String> arguments(final Replay replay)
    {
        final BenchRunner.Plan plan = new BenchRunner.Plan(Scenario.SINGLE, List.of("socket"), 5, 0, 50_000, 1, 500,
            1, dir, false, Map.of(), false, 1, BenchRunner.Capture.OFF, replay);
        return PublisherRun.arguments(EXCHANGE, false, plan, List.of(Channel.of("239.1.1.1", 12345)), 50_000, 5, dir,
            List.of());
    }
}
