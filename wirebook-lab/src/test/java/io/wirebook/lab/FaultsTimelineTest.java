package io.wirebook.lab;

import java.util.List;
import java.util.stream.Stream;

import io.wirebook.lab.FaultsTimeline.Action;
import io.wirebook.lab.FaultsTimeline.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTimelineTest
{
    /**
     * A default run restarts in the warm-up and faults the measured phase; a short one keeps the outage and the
     * forgery inside the measured phase.
     */
    @ParameterizedTest(name = "warm-up {0} s, measured {1} s")
    @MethodSource("plans")
    void restartsInTheWarmupAndFaultsInsideTheMeasuredPhase(
        final double warmupS, final double durationS, final List<Step> expected)
    {
        assertThat(FaultsTimeline.plan(warmupS, durationS).steps()).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> plans()
    {
        return Stream.of(
            Arguments.of(3.0, 10.0, List.of(new Step(1.5, Action.RESTART_RECEIVER), new Step(3, Action.LOSS_ON),
                new Step(6, Action.OUTAGE), new Step(8, Action.FORGE), new Step(13, Action.LOSS_OFF))),
            Arguments.of(3.0, 4.0, List.of(new Step(1.5, Action.RESTART_RECEIVER), new Step(3, Action.LOSS_ON),
                new Step(3 + 0.3 * 4, Action.OUTAGE), new Step(5, Action.FORGE), new Step(7, Action.LOSS_OFF))));
    }

    @Test
    void shortWarmupRestartsHalfwayThroughIt()
    {
        assertThat(FaultsTimeline.plan(2, 10).steps().getFirst()).isEqualTo(new Step(1, Action.RESTART_RECEIVER));
    }

    @Test
    void refusesAWarmupTooShortForTheLateJoin()
    {
        assertThatThrownBy(() -> FaultsTimeline.plan(1, 10)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--warmup >= 2");
        assertThatThrownBy(() -> FaultsTimeline.plan(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publisherReordersLineAAndDuplicatesLineB()
    {
        assertThat(FaultsTimeline.publisherArguments())
            .containsExactly("--reorder-permille-a", "5", "--duplicate-permille-b", "5");
    }
}
