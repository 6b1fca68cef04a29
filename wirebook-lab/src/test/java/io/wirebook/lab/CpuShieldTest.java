package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.wirebook.sys.Libc;
import io.wirebook.sys.Privileges;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shield on the machine's real threads: what may run on the poll CPU and elsewhere leaves it while the shield is
 * up, and gets its own affinity back when it comes down.
 */
class CpuShieldTest
{
    private static final int CPU = 1;
    private static final long BIT = 1L << CPU;

    @BeforeEach
    void needsRootAndTwoCpus()
    {
        assumeTrue(Privileges.isRoot(), "needs root to change other processes' affinity");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two CPUs");
    }

    @Test
    void aProcessOfAnotherProgramLeavesThePollCpuAndComesBack() throws Exception
    {
        final Process sleep = new ProcessBuilder("sleep", "60").start();
        try
        {
            final int pid = (int)sleep.pid();
            final long before = Libc.affinity(pid);
            assumeTrue((before & BIT) != 0 && (before & ~BIT) != 0, "sleep may not run on CPU " + CPU);
            try (CpuShield shield = CpuShield.raise(CPU))
            {
                assertThat(Libc.affinity(pid) & BIT).as("sleep's affinity under the shield").isZero();
                assertThat(shield.moved()).isPositive();
            }
            assertThat(Libc.affinity(pid)).as("sleep's affinity after the shield").isEqualTo(before);
        }
        finally
        {
            sleep.destroy();
            sleep.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Fails where kernel threads are passed over: kdamond, kcompactd and the like stay on the poll CPU. */
    @Test
    void aKernelThreadThatTakesAnAffinityLeavesThePollCpuAndComesBack() throws IOException
    {
        final OptionalInt found = movableKernelThread();
        assumeTrue(found.isPresent(), "no kernel thread here both takes an affinity and may run on CPU " + CPU);
        final int pid = found.getAsInt();
        final String name = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip();
        final long before = Libc.affinity(pid);
        try (CpuShield ignored = CpuShield.raise(CPU))
        {
            assertThat(Libc.affinity(pid) & BIT).as(name + "'s affinity under the shield").isZero();
        }
        assertThat(Libc.affinity(pid)).as(name + "'s affinity after the shield").isEqualTo(before);
    }

    @Test
    void kthreaddKeepsItsAffinitySoThatNewKernelThreadsDoNotInheritTheShield()
    {
        final long before = Libc.affinity(KernelTask.KTHREADD);
        try (CpuShield ignored = CpuShield.raise(CPU))
        {
            assertThat(Libc.affinity(KernelTask.KTHREADD)).isEqualTo(before);
        }
    }

    /** A kernel thread other than kthreadd that accepts an affinity and may run on {@link #CPU} and elsewhere. */
    private static OptionalInt movableKernelThread() throws IOException
    {
        try (Stream<Path> processes = Files.list(Path.of("/proc")))
        {
            return processes
                .map(p -> p.getFileName().toString())
                .filter(name -> name.chars().allMatch(Character::isDigit))
                .mapToInt(Integer::parseInt)
                .filter(pid -> pid != KernelTask.KTHREADD && isMovableKernelThread(pid))
                .findFirst();
        }
    }

    private static boolean isMovableKernelThread(final int pid)
    {
        try
        {
            final long flags = KernelTask.flags(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
            if (!KernelTask.isKernelThread(flags) || KernelTask.keepsItsAffinity(flags))
            {
                return false;
            }
            final long mask = Libc.affinity(pid);
            return (mask & BIT) != 0 && (mask & ~BIT) != 0;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }
}
