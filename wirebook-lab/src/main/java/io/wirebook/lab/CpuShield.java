package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;
import io.wirebook.util.ExitHook;

/**
 * Keeps the receiver's poll CPU for the poll thread alone while a run measures, as {@code cset shield --kthread=on}
 * does on a trading host: every thread of the machine that may run there and elsewhere is moved to the other CPUs,
 * and put back afterwards. That includes the kernel threads that take an affinity, such as kdamond, kcompactd,
 * khugepaged, kswapd and the RCU grace-period threads: left alone, DAMON's kdamond alone can take the poll CPU for
 * 1 to 4 ms twice a second. What cannot move stays: per-CPU kernel threads, workqueue workers (the kernel refuses
 * them an affinity), kthreadd (whose affinity new kernel threads would inherit and keep after the run), timer ticks
 * and softirqs; {@link HostNoise} still counts them.
 *
 * <p>Opt-in ({@code bench --shield}): it changes the affinity of processes that are not wirebook's, for the run's
 * duration only.
 */
public final class CpuShield implements AutoCloseable
{
    private final Map<Integer, Long> saved = new LinkedHashMap<>();
    private final int cpu;
    private ExitHook restoreHook;

    private CpuShield(final int cpu)
    {
        this.cpu = cpu;
    }

    /** Moves every movable thread off {@code cpu}; returns the shield, whose close() restores them. */
    public static CpuShield raise(final int cpu)
    {
        final CpuShield shield = new CpuShield(cpu);
        shield.restoreHook = ExitHook.register("wirebook-cpu-shield-restore", shield::close);
        final long bit = 1L << cpu;
        try (Stream<Path> processes = Files.list(Path.of("/proc")))
        {
            for (final Path process : (Iterable<Path>)processes::iterator)
            {
                if (process.getFileName().toString().chars().allMatch(Character::isDigit))
                {
                    shield.moveThreadsOf(process, bit);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot list /proc: " + ex.getMessage(), ex);
        }
        return shield;
    }

    private void moveThreadsOf(final Path process, final long bit)
    {
        try (Stream<Path> tasks = Files.list(process.resolve("task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                final int tid = Integer.parseInt(task.getFileName().toString());
                if (tid == KernelTask.KTHREADD || KernelTask.keepsItsAffinity(flags(task)))
                {
                    continue;
                }
                try
                {
                    final long mask = Libc.affinity(tid);
                    if ((mask & bit) != 0 && (mask & ~bit) != 0)
                    {
                        Libc.setAffinity(tid, mask & ~bit);
                        saved.put(tid, mask);
                    }
                }
                catch (final NativeException ex)
                {
                    // the thread ended, or will not move: leave it
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // the process ended while we looked
        }
    }

    private static long flags(final Path task) throws IOException
    {
        return KernelTask.flags(Files.readString(task.resolve("stat")));
    }

    /** Threads moved off the CPU. */
    public int moved()
    {
        return saved.size();
    }

    public int cpu()
    {
        return cpu;
    }

    /** Puts every moved thread back on the CPUs it had (also run at exit, on Ctrl-C or kill; not on kill -9). */
    @Override
    public synchronized void close()
    {
        restoreHook.close();
        for (final Map.Entry<Integer, Long> e : saved.entrySet())
        {
            try
            {
                Libc.setAffinity(e.getKey(), e.getValue());
            }
            catch (final NativeException ex)
            {
                // ended meanwhile
            }
        }
        saved.clear();
    }
}
