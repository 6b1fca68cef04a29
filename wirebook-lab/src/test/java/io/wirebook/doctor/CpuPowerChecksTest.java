package io.wirebook.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CpuPowerChecksTest
{
    @TempDir
    Path root;

    @Test
    void theGovernorIsOkOnPerformanceAndWarnsOnPowersave()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(new CpuPowerChecks(host.facts(1)).governor().status()).isEqualTo(Status.OK);

        host.write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n");
        final Check powersave = new CpuPowerChecks(host.facts(1)).governor();
        assertThat(powersave.status()).isEqualTo(Status.WARN);
        assertThat(powersave.found()).contains("powersave", "intel_pstate");
        assertThat(powersave.fix()).contains("cpupower -c 1 frequency-set -g performance");
    }

    @Test
    void aVmWithoutCpufreqSaysWhyItSkips()
    {
        final FakeHost host = FakeHost.tuned(root).vm("KVMKVMKVM", 500);
        final Check governor = new CpuPowerChecks(host.facts(1)).governor();
        assertThat(governor.status()).isEqualTo(Status.SKIP);
        assertThat(governor.found()).contains("in a VM the hypervisor sets the frequency");
    }

    @Test
    void anEnabledDeepIdleStateWarnsAndIdlePollIsOk()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(new CpuPowerChecks(host.facts(1)).cStates().status()).isEqualTo(Status.OK);

        host.idleState(2, "C6", 170, false);
        final Check deep = new CpuPowerChecks(host.facts(1)).cStates();
        assertThat(deep.status()).isEqualTo(Status.WARN);
        assertThat(deep.found()).contains("C6 170 µs");
        assertThat(deep.fix()).contains("idle-set -D 2");

        host.write("/proc/cmdline", "idle=poll\n");
        assertThat(new CpuPowerChecks(host.facts(1)).cStates().status()).isEqualTo(Status.OK);
    }
}
