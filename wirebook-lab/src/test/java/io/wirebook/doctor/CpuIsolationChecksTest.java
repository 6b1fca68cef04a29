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
}
