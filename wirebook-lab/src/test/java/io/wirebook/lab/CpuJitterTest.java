package io.wirebook.lab;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuJitterTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void gapsOnTheTickAreTickAlignedAndTheFiguresAddUp()
    {
        // 250 Hz: a 30 us gap every 4 ms, one of them 500 us long.
        final int n = 250;
        final long[] at = new long[n];
        final long[] length = new long[n];
        for (int i = 0; i < n; i++)
        {
            at[i] = i * 4_000_000L + 1_000;
            length[i] = i == 7 ? 500_000 : 30_000;
        }
        final CpuJitter.Result r = CpuJitter.summarize(1, SECOND, 10_000, at, length, n, 250, 250, 250);

        assertThat(r.gaps()).isEqualTo(250);
        assertThat(r.gapsPerSecond()).isEqualTo(250.0);
        assertThat(r.stalledNs()).isEqualTo(249 * 30_000L + 500_000L);
        assertThat(r.maxGapNs()).isEqualTo(500_000);
        assertThat(r.gapsOver100us()).isEqualTo(1);
        assertThat(r.tickAlignedPct()).isEqualTo(100.0);
        assertThat(r.tickAlignedByChancePct()).isCloseTo(10.0, within(1e-9));
        assertThat(r.timerInterruptsPerSecond()).isEqualTo(250.0);
    }

    @Test
    void gapsAtRandomTimesAreAlignedOnlyByChance()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final int n = 20_000;
        final long[] at = new long[n];
        final long[] length = new long[n];
        long t = 0;
        for (int i = 0; i < n; i++)
        {
            t += 1 + random.nextLong(10_000_000);
            at[i] = t;
            length[i] = 20_000;
        }
        final CpuJitter.Result r = CpuJitter.summarize(0, t, 10_000, at, length, n, 250, -1, -1);
        assertThat(r.tickAlignedPct()).isCloseTo(10.0, within(1.5));
    }

    @Test
    void withoutAKnownTickThereIsNoAlignmentFigure()
    {
        final CpuJitter.Result r = CpuJitter.summarize(0, SECOND, 10_000, new long[20], new long[20], 20, 0, -1, -1);
        assertThat(r.tickAlignedPct()).isNaN();
        assertThat(r.meanGapNs()).isZero();
        assertThat(r.interruptsPerSecond()).isEqualTo(-1.0);
    }

    @Test
    void aRealSpinCountsTheInterruptsItsCpuTook() throws InterruptedException
    {
        final CpuJitter.Result r = CpuJitter.measure(0, 100_000_000L, 10_000, CpuJitter.kernelTickHz());
        assertThat(r.cpu()).isZero();
        assertThat(r.durationNs()).isEqualTo(100_000_000L);
        assertThat(r.stalledNs()).isNotNegative();
        assertThat(r.interrupts()).as("/proc/interrupts is readable here").isNotNegative();
        assertThat(r.timerInterrupts()).isBetween(0L, r.interrupts());
    }
}
