package io.wirebook.lab;

import io.wirebook.lab.FaultsTimeline.Action;
import io.wirebook.lab.FaultsTimeline.Step;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsTimelineTest
{
    @Test
    void defaultRunRestartsInTheWarmupAndFaultsTheMeasuredPhase()
    {
        assertThat(FaultsTimeline.plan(3, 10).steps()).containsExactly(
            new Step(1.5, Action.RESTART_RECEIVER),
            new Step(3, Action.LOSS_ON),
            new Step(6, Action.OUTAGE),
            new Step(6, Action.FORGE),
            new Step(13, Action.LOSS_OFF));
    }

    @Test
    void shortRunKeepsTheOutageAndTheForgeryInsideTheMeasuredPhase()
    {
        assertThat(FaultsTimeline.plan(3, 4).steps()).containsExactly(
            new Step(1.5, Action.RESTART_RECEIVER),
            new Step(3, Action.LOSS_ON),
            new Step(3, Action.FORGE),
            new Step(3 + 0.3 * 4, Action.OUTAGE),
            new Step(7, Action.LOSS_OFF));
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
