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
 * The nasdaq-close scenario on a small day: the warm-up builds the books flat out, the last three seconds go at 1x
 * their timestamps, and the receiver's busiest second is the day's last, which holds the (scaled-down) burst.
 */
class LabCloseEndToEndTest
{
    private static final CloseDay SMALL_DAY = new CloseDay(300_000, 100_000);
    private static final int SECONDS = 3;

    @TempDir
    Path out;

    @Test
    void theBurstIsTheReceiversBusiestSecondAndTheBooksMatch() throws Exception
    {
        assumeTrue(LabNetwork.whyUnavailable() == null, () -> "lab network: " + LabNetwork.whyUnavailable());
        final BenchRunner.Plan plan = new BenchRunner.Plan(Scenario.NASDAQ_CLOSE, List.of("socket"), SECONDS,
            SMALL_DAY.warmupSeconds(SECONDS), Scenario.NASDAQ_CLOSE.rateMsgs, 1, 500, 11, out, false,
            Map.of(), false, 2, BenchRunner.Capture.OFF, null, SMALL_DAY);

        final RunResult run = LabRuns.run(plan, "wbc");

        final PathResult path = run.paths().getFirst();
        assertThat(path.status()).as(path.reason()).isEqualTo(PathResult.OK);
        final Map<String, Object> extra = path.extra();
        assertThat(extra.get("books_match_simulator")).isEqualTo(true);
        assertThat(extra.get("burst_windows_valid")).as("Start of Market Hours applied live").isEqualTo(true);
        assertThat(path.all().drops()).isZero();
        assertThat(extra.get("burst_scheduled_msgs")).isEqualTo(SMALL_DAY.burst());
        assertThat(extra.get("burst_second")).as("the day's last second").isEqualTo(SECONDS - 1);
        final long offered = ((Number)extra.get("burst_offered_msgs")).longValue();
        final long achieved = ((Number)extra.get("burst_achieved_msgs")).longValue();
        assertThat(offered).isBetween(SMALL_DAY.burst() * 9 / 10, SMALL_DAY.burst() + 1_000);
        assertThat(achieved).isBetween(offered / 2, offered + 1_000);
        long applied = 0;
        for (final Object second : (List<?>)extra.get("second_msgs"))
        {
            applied += ((Number)second).longValue();
        }
        assertThat(applied).as("every measured message is in a second").isEqualTo(path.all().messages());
        final long beforeMessages = ((Number)((Map<?, ?>)extra.get("before_burst_latency_ns")).get("messages"))
            .longValue();
        // The quiet seconds before the close, and Start of Market Hours itself, which opens the first of them. The
        // receiver's seconds start when it applied Start of Market Hours: a host stall then puts them that much behind
        // the exchange's, and the burst's first messages (100 a millisecond) into the second before. Up to 2 ms of it.
        final long quiet = SMALL_DAY.messages() - SMALL_DAY.warmupMessages(SECONDS) - SMALL_DAY.burst() + 1;
        assertThat(beforeMessages).as("the seconds before the close")
            .isBetween(quiet, quiet + SMALL_DAY.burst() / 500);
        assertThat(((Number)((Map<?, ?>)extra.get("burst_latency_ns")).get("p99")).longValue()).isPositive();
    }
}
