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
    void aVmWithoutCpufreqSaysWhyItSkips()
    {
        final FakeHost host = FakeHost.tuned(root).vm("KVMKVMKVM", 500);
        final Check governor = new CpuPowerChecks(host.facts(1)).governor();
        assertThat(governor.status()).isEqualTo(Status.SKIP);
        assertThat(governor.found()).contains("in a VM the hypervisor sets the frequency");
    }

    @Test
    void idlePollIsOkWithADeepIdleStateEnabled()
    {
        final FakeHost host = FakeHost.tuned(root).idleState(2, "C6", 170, false).write("/proc/cmdline", "idle=poll\n");
        assertThat(new CpuPowerChecks(host.facts(1)).cStates().status()).isEqualTo(Status.OK);
    }
}
