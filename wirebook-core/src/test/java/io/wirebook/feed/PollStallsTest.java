package io.wirebook.feed;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollStallsTest
{
    @Test
    void countsEmptyIterationsAboveTheThresholdAndTheLongAndVeryLongOnesApart()
    {
        final PollStalls stalls = new PollStalls(HandlerCounters.inMemory(8));
        stalls.emptyIteration(200);
        stalls.emptyIteration(PollStalls.THRESHOLD_NS);
        final PollStalls.Snapshot before = stalls.snapshot();
        stalls.emptyIteration(20_000);
        stalls.emptyIteration(250_000);
        stalls.emptyIteration(PollStalls.VERY_LONG_STALL_NS);
        stalls.emptyIteration(7_500_000);

        assertThat(before).isEqualTo(new PollStalls.Snapshot(0, 0, 0, 0));
        assertThat(stalls.snapshot().since(before)).isEqualTo(new PollStalls.Snapshot(4, 3, 1, 8_770_000));
    }

    @Test
    void theSpinningPollLoopCountsAnEmptyPollThatWasHeld() throws RxUnavailableException
    {
        // Poll 100 finds nothing but is held 3 ms, as if the thread had been preempted.
        final AtomicInteger polls = new AtomicInteger();
        final RxPath path = new SpinningPath(polls);
        try (FeedHandler feed = FeedHandler.builder().channel("239.1.1.1", 12345).path(path).build())
        {
            feed.start();
            while (polls.get() < 1_000)
            {
                Thread.onSpinWait();
            }
            feed.stop();
            final PollStalls.Snapshot stalls = feed.pollStalls().snapshot();
            assertThat(stalls.stalls()).as("the held empty poll, and any real preemption on this host")
                .isGreaterThanOrEqualTo(1);
            assertThat(stalls.longStalls()).isGreaterThanOrEqualTo(1);
            assertThat(stalls.stalledNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(3));
        }
    }

    private static final class SpinningPath extends ScriptedRxPath
    {
        private final AtomicInteger polls;

        SpinningPath(final AtomicInteger polls)
        {
            super("spinning");
            this.polls = polls;
        }

        @Override
        public int poll(final DatagramHandler handler)
        {
            final int poll = polls.incrementAndGet();
            if (poll == 100)
            {
                final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3);
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
            }
            return 0;
        }

        @Override
        public boolean hasArrivalStamp()
        {
            return false;
        }

        @Override
        public boolean spins()
        {
            return true;
        }
    }
}
