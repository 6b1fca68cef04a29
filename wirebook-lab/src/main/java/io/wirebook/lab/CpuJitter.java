package io.wirebook.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import io.wirebook.sys.Libc;

/**
 * How often a CPU is taken away from a thread that never gives it up, in the manner of sysjitter: a thread pinned to
 * the CPU reads the clock in a tight loop, and every gap between two reads longer than a threshold is time the thread
 * did not run (an interrupt, the kernel's tick, another thread, or the hypervisor running something else on the
 * vCPU). A spinning receive path loses the same time, and every packet that arrives meanwhile waits.
 *
 * <p>The gaps' timing tells their cause apart: when many follow one another at whole multiples of the kernel's tick
 * period, the tick (or something on the same timer) is behind them.
 */
public final class CpuJitter
{
    /** Gaps kept for the figures; more are counted but not kept. */
    static final int MAX_GAPS = 1 << 20;
    /** An interval counts as tick-aligned within this fraction of a tick period either side of a whole multiple. */
    static final double TICK_TOLERANCE = 0.05;

    private CpuJitter()
    {
    }

    /**
     * @param cpu               CPU number.
     * @param durationNs        measured time.
     * @param gaps              gaps longer than the threshold.
     * @param stalledNs         their total time.
     * @param maxGapNs          the longest.
     * @param gapsOver100us     gaps longer than 100 µs.
     * @param tickHz            the kernel's tick rate (CONFIG_HZ), 0 if unknown.
     * @param tickAlignedPct    of the intervals between consecutive gaps, the share within {@link #TICK_TOLERANCE} of
     *                          a whole number of ticks; NaN if the tick rate is unknown or there were too few gaps.
     * @param tickAlignedByChancePct what that share would be for gaps at random times.
     * @param interrupts        interrupts the CPU took meanwhile (/proc/interrupts), -1 if unknown.
     * @param timerInterrupts   of which local timer interrupts (the LOC row: the tick among them), -1 if unknown.
     */
    public record Result(
        int cpu,
        long durationNs,
        long thresholdNs,
        long gaps,
        long stalledNs,
        long maxGapNs,
        long gapsOver100us,
        int tickHz,
        double tickAlignedPct,
        double tickAlignedByChancePct,
        long interrupts,
        long timerInterrupts)
    {
        public double gapsPerSecond()
        {
            return gaps * 1e9 / durationNs;
        }

        public double stalledPct()
        {
            return 100.0 * stalledNs / durationNs;
        }

        /** Interrupts per second, -1 if unknown. */
        public double interruptsPerSecond()
        {
            return interrupts < 0 ? -1 : interrupts * 1e9 / durationNs;
        }

        public double timerInterruptsPerSecond()
        {
            return timerInterrupts < 0 ? -1 : timerInterrupts * 1e9 / durationNs;
        }

        public double meanGapNs()
        {
            return gaps == 0 ? 0 : (double)stalledNs / gaps;
        }
    }

    /**
     * Spins on {@code cpu} for {@code durationNs} after a short warm-up, from a new thread pinned there.
     *
     * @throws IllegalStateException if the thread cannot be pinned (no such CPU, or not allowed).
     */
    public static Result measure(final int cpu, final long durationNs, final long thresholdNs, final int tickHz)
        throws InterruptedException
    {
        final long[] at = new long[MAX_GAPS];
        final long[] length = new long[MAX_GAPS];
        final long[] counted = new long[1];
        // Warm-up first (the loop gets compiled), then the measured spin overwrites what the warm-up kept.
        final RuntimeException[] failure = new RuntimeException[1];
        final long[] interruptsBefore = new long[2];
        final long[] interruptsAfter = new long[2];
        final Thread spinner = new Thread(() ->
        {
            try
            {
                Libc.pinCurrentThread(cpu);
                spin(200_000_000L, thresholdNs, at, length);
                interrupts(cpu, interruptsBefore);
                counted[0] = spin(durationNs, thresholdNs, at, length);
                interrupts(cpu, interruptsAfter);
            }
            catch (final RuntimeException ex)
            {
                failure[0] = ex;
            }
        }, "wirebook-jitter-" + cpu);
        spinner.start();
        spinner.join();
        if (failure[0] != null)
        {
            throw new IllegalStateException("cannot spin on CPU " + cpu + ": " + failure[0].getMessage(), failure[0]);
        }
        final boolean known = interruptsBefore[0] >= 0 && interruptsAfter[0] >= 0;
        return summarize(cpu, durationNs, thresholdNs, at, length, counted[0], tickHz,
            known ? interruptsAfter[0] - interruptsBefore[0] : -1,
            known ? interruptsAfter[1] - interruptsBefore[1] : -1);
    }

    /** All interrupts and the local timer's on {@code cpu} so far, into {@code into}; -1s if unreadable. */
    private static void interrupts(final int cpu, final long[] into)
    {
        try
        {
            final String table = Files.readString(Path.of("/proc/interrupts"));
            into[0] = ProcParsers.columnSum(table, cpu);
            into[1] = ProcParsers.rowValue(table, "LOC", cpu);
        }
        catch (final IOException | RuntimeException ex)
        {
            into[0] = -1;
            into[1] = -1;
        }
    }

    /** @return how many gaps there were; the first {@link #MAX_GAPS} are in {@code at} and {@code length}. */
    private static long spin(final long durationNs, final long thresholdNs, final long[] at, final long[] length)
    {
        long gaps = 0;
        final long start = System.nanoTime();
        final long end = start + durationNs;
        long last = start;
        while (true)
        {
            final long now = System.nanoTime();
            final long gap = now - last;
            if (gap > thresholdNs)
            {
                if (gaps < MAX_GAPS)
                {
                    at[(int)gaps] = last - start;
                    length[(int)gaps] = gap;
                }
                gaps++;
            }
            last = now;
            if (now >= end)
            {
                return gaps;
            }
        }
    }

    /**
     * The figures of gaps that started at {@code at[i]} ns into the run and lasted {@code length[i]} ns, with the
     * interrupts counted meanwhile (-1 if unknown).
     */
    static Result summarize(
        final int cpu, final long durationNs, final long thresholdNs, final long[] at, final long[] length,
        final long gaps, final int tickHz, final long interrupts, final long timerInterrupts)
    {
        final int kept = (int)Math.min(gaps, MAX_GAPS);
        long stalled = 0;
        long max = 0;
        long over100us = 0;
        for (int i = 0; i < kept; i++)
        {
            stalled += length[i];
            max = Math.max(max, length[i]);
            if (length[i] > 100_000)
            {
                over100us++;
            }
        }
        double aligned = Double.NaN;
        double byChance = Double.NaN;
        if (tickHz > 0 && kept > 10)
        {
            final double period = 1e9 / tickHz;
            int near = 0;
            for (int i = 1; i < kept; i++)
            {
                final double ticks = (at[i] - at[i - 1]) / period;
                if (Math.abs(ticks - Math.rint(ticks)) <= TICK_TOLERANCE)
                {
                    near++;
                }
            }
            aligned = 100.0 * near / (kept - 1);
            byChance = 100.0 * 2 * TICK_TOLERANCE;
        }
        return new Result(
            cpu, durationNs, thresholdNs, gaps, stalled, max, over100us, tickHz, aligned, byChance, interrupts,
            timerInterrupts);
    }

    /** The kernel's CONFIG_HZ from /proc/config.gz, or 0 if this kernel does not say. */
    public static int kernelTickHz()
    {
        final Path config = Path.of("/proc/config.gz");
        if (!Files.isReadable(config))
        {
            return 0;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(config)), StandardCharsets.US_ASCII)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (line.startsWith("CONFIG_HZ="))
                {
                    return Integer.parseInt(line.substring("CONFIG_HZ=".length()).trim());
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            // unknown
        }
        return 0;
    }
}
