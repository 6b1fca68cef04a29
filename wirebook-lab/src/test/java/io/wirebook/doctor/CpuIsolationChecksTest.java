package io.wirebook.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CpuIsolationChecksTest
{
    @TempDir
    Path root;

    private Check check(final FakeHost host, final String name)
    {
        final CpuIsolationChecks checks = new CpuIsolationChecks(host.facts(1));
        return switch (name)
        {
            case "isolcpus" -> checks.isolcpus();
            case "nohz_full" -> checks.nohzFull();
            case "rcu_nocbs" -> checks.rcuNocbs();
            case "kthreads" -> checks.kernelThreads();
            default -> checks.tick();
        };
    }

    @Test
    void isolcpusFallsBackToTheCommandLineAndSkipsItsFlags()
    {
        final FakeHost host = FakeHost.tuned(root).delete("/sys/devices/system/cpu/isolated");
        assertThat(check(host, "isolcpus").status()).isEqualTo(Status.OK);

        host.write("/proc/cmdline", "isolcpus=managed_irq,domain,2-3 quiet\n");
        assertThat(check(host, "isolcpus").status()).isEqualTo(Status.WARN);
    }

    @Test
    void nohzFullWarnsWhenTheKernelLacksIt()
    {
        final FakeHost host = FakeHost.tuned(root).delete("/sys/devices/system/cpu/nohz_full")
            .write("/boot/config-6.1.0-18-amd64", "CONFIG_HZ=250\n# CONFIG_NO_HZ_FULL is not set\n");
        final Check noKernelSupport = check(host, "nohz_full");
        assertThat(noKernelSupport.status()).isEqualTo(Status.WARN);
        assertThat(noKernelSupport.found()).contains("no NO_HZ_FULL", "ignores nohz_full=1", "a tick every 4 ms");
        assertThat(noKernelSupport.fix()).contains("CONFIG_NO_HZ_FULL=y");
    }

    @Test
    void rcuNocbsIsCoveredByItsOwnListOrByNohzFull()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(check(host, "rcu_nocbs").status()).isEqualTo(Status.OK);

        host.write("/proc/cmdline", "quiet nohz_full=1\n");
        final Check implied = check(host, "rcu_nocbs");
        assertThat(implied.status()).isEqualTo(Status.OK);
        assertThat(implied.found()).contains("implies");

        host.write("/proc/cmdline", "quiet rcu_nocbs=2-3\n").write("/sys/devices/system/cpu/nohz_full", "(null)\n");
        assertThat(check(host, "rcu_nocbs").status()).isEqualTo(Status.WARN);
    }

    @Test
    void theTickSkipsWithoutAConfig()
    {
        final FakeHost host = FakeHost.tuned(root).delete("/boot/config-6.1.0-18-amd64");
        assertThat(check(host, "tick").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void kernelThreadsThatCouldLeaveThePollCpuAreNamedAndTheKernelsOwnAreNot()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(check(host, "kthreads").status()).isEqualTo(Status.OK);

        kernelThread(host, 79, "kdamond.0", 0x00208040L, "0-3");
        kernelThread(host, 2, "kthreadd", 0x00208040L, "0-3");
        kernelThread(host, 22, "ksoftirqd/1", 0x04208040L, "1");
        kernelThread(host, 35, "kworker/u8:2-events_unbound", 0x04208060L, "0-3");
        kernelThread(host, 500, "java", 0x00400100L, "0-3");
        final Check found = check(host, "kthreads");
        assertThat(found.status()).isEqualTo(Status.WARN);
        assertThat(found.found()).isEqualTo("1 kernel thread may run on CPU 1: kdamond.0");
        assertThat(found.fix()).contains("--shield", "taskset", "isolcpus=1");

        for (int pid = 10; pid < 17; pid++)
        {
            kernelThread(host, pid, "rcu_" + pid, 0x00208040L, "0-3");
        }
        assertThat(check(host, "kthreads").found()).as("the long runners first, then in pid order")
            .isEqualTo("8 kernel threads may run on CPU 1: kdamond.0, rcu_10, rcu_11, rcu_12, rcu_13, rcu_14" +
                " and 2 more");

        for (final int pid : new int[]{10, 11, 12, 13, 14, 15, 16, 79})
        {
            kernelThread(host, pid, "moved", 0x00208040L, "0,2-3");
        }
        assertThat(check(host, "kthreads").status()).isEqualTo(Status.OK);
    }

    /** A task as /proc shows it: its stat (flags the sixth field after the name) and its allowed CPUs. */
    private static void kernelThread(
        final FakeHost host, final int pid, final String name, final long flags, final String allowed)
    {
        host.write("/proc/" + pid + "/stat", pid + " (" + name + ") S 2 0 0 0 -1 " + flags + " 0 0 0 0 0 0 0 0 20 0\n");
        host.write("/proc/" + pid + "/status", "Name:\t" + name + "\nCpus_allowed_list:\t" + allowed + "\n");
    }
}
