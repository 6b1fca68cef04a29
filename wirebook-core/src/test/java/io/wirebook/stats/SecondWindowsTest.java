package io.wirebook.stats;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SecondWindowsTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 5_000 * SECOND;

    @Test
    void eachMessageCountsInTheSecondItWasAppliedIn()
    {
        final SecondWindows windows = new SecondWindows(8);
        windows.start(START);
        windows.record(START, 1_000);
        windows.record(START + SECOND - 1, 3_000);
        windows.record(START + SECOND, 100_000);
        windows.record(START + 3 * SECOND + 5, 200_000);
        windows.record(START + 3 * SECOND + 6, -1);

        assertThat(windows.seconds()).isEqualTo(4);
        assertThat(windows.messages(0)).isEqualTo(2);
        assertThat(windows.messages(1)).isEqualTo(1);
        assertThat(windows.messages(2)).isZero();
        assertThat(windows.messages(3)).isEqualTo(2);
        assertThat(windows.latency(0).getTotalCount()).isEqualTo(2);
        assertThat(windows.latency(0).getMaxValue()).isBetween(2_970L, 3_030L);
        assertThat(windows.latency(1).getValueAtPercentile(50)).isBetween(99_000L, 101_000L);
        assertThat(windows.latency(3).getTotalCount()).as("a message without a latency is only counted").isEqualTo(1);
        assertThat(windows.startNanos()).isEqualTo(START);
    }

    @Test
    void messagesAfterTheLastWindowCountInItAndStartClearsThem()
    {
        final SecondWindows windows = new SecondWindows(3);
        windows.start(START);
        windows.record(START + 10 * SECOND, 10);
        windows.record(START + 20 * SECOND, 10);
        assertThat(windows.seconds()).isEqualTo(3);
        assertThat(windows.messages(2)).isEqualTo(2);

        windows.start(START + 30 * SECOND);
        assertThat(windows.seconds()).isEqualTo(1);
        assertThat(windows.messages(2)).isZero();
        assertThat(windows.latency(2).getTotalCount()).isZero();
        windows.record(START + 30 * SECOND, 10);
        assertThat(windows.messages(0)).isEqualTo(1);
    }

    @Test
    void theFirstMessageStartsWindowsNeverStarted()
    {
        final SecondWindows windows = new SecondWindows(4);
        assertThat(windows.seconds()).isZero();
        windows.record(START, 10);
        windows.record(START + SECOND, 10);
        assertThat(windows.seconds()).isEqualTo(2);
        assertThat(windows.messages(0)).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new SecondWindows(0));
    }

    @Test
    void recordingAllocatesNothing()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final SecondWindows windows = new SecondWindows(64);
        windows.start(START);
        long now = START;
        // The warm-up crosses two second boundaries, so that the step to the next window has run and is compiled.
        for (int i = 0; i < 400_000; i++)
        {
            now += 5_000;
            windows.record(now, 1_000 + i % 50_000);
        }
        assertThat(windows.seconds()).isEqualTo(3);
        // The least of five rounds of one second each (a boundary in each): a compilation or deoptimisation on a
        // loaded host can land in one round, but code that allocates does so in all of them.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++)
            {
                now += 5_000;
                windows.record(now, 1_000 + i % 50_000);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(windows.seconds()).isEqualTo(8);
        assertThat(least).isZero();
    }
}
