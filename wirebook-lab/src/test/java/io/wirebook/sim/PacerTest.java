package io.wirebook.sim;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

    @Test
    void aTimedScheduleReleasesEachMessageAtItsOwnTimestampFromThePhaseStart()
    {
        final Pacer pacer = new Pacer(new StepClock(0, 100), 1_000, Pacer.DEFAULT_LATE_THRESHOLD_NS, null);
        pacer.startTimed(1_000_000, 1.0);
        final long[] timestamps = {34_200_000_000_000L, 34_200_000_010_000L, 34_200_000_010_000L,
            34_200_001_000_000L, 34_200_001_000_571L};
        for (final long timestamp : timestamps)
        {
            pacer.schedule(timestamp);
            final long due = 1_000_000 + timestamp - timestamps[0];
            assertThat(pacer.nextDueNs()).isEqualTo(due);
            final long released = pacer.awaitNext();
            assertThat(released).isGreaterThanOrEqualTo(due).isLessThanOrEqualTo(due + 100);
            assertThat(pacer.lastDueNs()).isEqualTo(due);
        }
        assertThat(pacer.count()).isEqualTo(timestamps.length);
        assertThat(pacer.lateCount()).isZero();
    }

    @Test
    void aTimedScheduleScalesTheGapsBySpeedAndCountsLateMessages()
    {
        final StepClock clock = new StepClock(0, 10);
        final Pacer pacer = new Pacer(clock, 1_000, 50_000, null);
        pacer.startTimed(0, 4.0);
        pacer.schedule(5_000_000);
        pacer.awaitNext();
        pacer.schedule(5_400_000);
        assertThat(pacer.nextDueNs()).isEqualTo(100_000);
        pacer.awaitNext();
        clock.jump(1_000_000);          // a stall: the next message, due 100 us later, goes 900 us late
        pacer.schedule(5_800_000);
        final long released = pacer.awaitNext();
        assertThat(released - pacer.lastDueNs()).isGreaterThan(800_000);
        assertThat(pacer.lateCount()).isEqualTo(1);
        pacer.schedule(4_000_000);      // before the phase's first: due at once, not before the start
        assertThat(pacer.nextDueNs()).isEqualTo(-250_000);
    }

    @Test
    void anEvenStartAfterATimedOneIsEvenAgain()
    {
        final Pacer pacer = new Pacer(new StepClock(0, 1), 200_000, Pacer.DEFAULT_LATE_THRESHOLD_NS, null);
        pacer.startTimed(0, 1.0);
        assertThat(pacer.timed()).isTrue();
        pacer.start(1_000);
        assertThat(pacer.timed()).isFalse();
        assertThat(pacer.nextDueNs()).isEqualTo(1_000 + 5_000);
        pacer.awaitNext();
        assertThat(pacer.lastDueNs()).isEqualTo(1_000 + 5_000);
    }

    @Test
    void aTimedScheduleNeedsAPositiveSpeed()
    {
        final Pacer pacer = new Pacer(new StepClock(0, 1), 1_000, Pacer.DEFAULT_LATE_THRESHOLD_NS, null);
        assertThatIllegalArgumentException().isThrownBy(() -> pacer.startTimed(0, 0));
    }
}
