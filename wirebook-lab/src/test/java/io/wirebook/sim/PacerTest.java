package io.wirebook.sim;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest
{
    @Test
    void schedulesMessagesEvenlyFromTheStart()
    {
        final Pacer pacer = new Pacer(new StepClock(0, 1), 200_000, Pacer.DEFAULT_LATE_THRESHOLD_NS, null);
        pacer.start(1_000);
        assertThat(pacer.dueNs(1)).isEqualTo(1_000 + 5_000);
        assertThat(pacer.dueNs(2)).isEqualTo(1_000 + 10_000);
        assertThat(pacer.dueNs(200_000)).isEqualTo(1_000 + 1_000_000_000L);
        assertThat(pacer.nextDueNs()).isEqualTo(pacer.dueNs(1));
    }

    @Test
    void dueTimesDoNotDriftWhenTheRateDoesNotDivideASecond()
    {
        final Pacer pacer = new Pacer(new StepClock(0, 1), 3, Pacer.DEFAULT_LATE_THRESHOLD_NS, null);
        pacer.start(0);
        assertThat(pacer.dueNs(1)).isEqualTo(333_333_333L);
        assertThat(pacer.dueNs(3)).isEqualTo(1_000_000_000L);
        assertThat(pacer.dueNs(3_000_000_000L)).isEqualTo(1_000_000_000L * 1_000_000_000L);
    }

    @Test
    void releasesEachMessageInOrderNoEarlierThanItIsDue()
    {
        final Pacer pacer = new Pacer(new StepClock(0, 7), 1_000_000, Pacer.DEFAULT_LATE_THRESHOLD_NS, null);
        pacer.start(0);
        long previous = Long.MIN_VALUE;
        for (int k = 1; k <= 1000; k++)
        {
            final long released = pacer.awaitNext();
            assertThat(released).isGreaterThanOrEqualTo(pacer.dueNs(k)).isGreaterThan(previous);
            assertThat(pacer.count()).isEqualTo(k);
            previous = released;
        }
        assertThat(pacer.lateCount()).isZero();
        assertThat(pacer.maxLatenessNs()).isLessThan(7);
    }

    @Test
    void countsMessagesReleasedLateAndCatchesUp()
    {
        final StepClock clock = new StepClock(0, 10);
        final Pacer pacer = new Pacer(clock, 100_000, 50_000, null);
        pacer.start(0);
        pacer.awaitNext();
        pacer.awaitNext();
        clock.jump(200_000);   // the sender stalled for 200 us: messages 3..22 are now all overdue
        final List<Long> released = new ArrayList<>();
        for (int i = 0; i < 30; i++)
        {
            released.add(pacer.awaitNext());
        }
        assertThat(pacer.maxLatenessNs()).isGreaterThanOrEqualTo(200_000 - 10_000 - 20_000);
        // Messages 3..17 were due more than 50 us before the clock's new reading; later ones were not.
        assertThat(pacer.lateCount()).isBetween(13L, 16L);
        assertThat(released).isSorted();
    }

    @Test
    void runsTheIdleTaskWhileWaitingAndStartClearsLateness()
    {
        final StepClock clock = new StepClock(0, 1_000);
        final long[] idleCalls = new long[1];
        final Pacer pacer = new Pacer(clock, 1_000, 50_000, now -> idleCalls[0]++);
        pacer.start(0);
        pacer.awaitNext();
        assertThat(idleCalls[0]).isGreaterThan(900);

        clock.jump(10_000_000);
        pacer.awaitNext();
        assertThat(pacer.lateCount()).isEqualTo(1);
        pacer.start(clock.nanoTime());
        assertThat(pacer.lateCount()).isZero();
        assertThat(pacer.maxLatenessNs()).isZero();
        assertThat(pacer.count()).isZero();
    }
}
