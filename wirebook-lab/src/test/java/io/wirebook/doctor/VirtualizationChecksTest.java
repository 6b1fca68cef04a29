package io.wirebook.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualizationChecksTest
{
    @TempDir
    Path root;

    private static VirtualizationChecks checks(final FakeHost host)
    {
        return new VirtualizationChecks(host.facts(1), host, host);
    }

    @Test
    void bareMetalIsNeitherAVmNorNested()
    {
        final FakeHost host = FakeHost.tuned(root);
        final Check vm = checks(host).vm();
        assertThat(vm.status()).isEqualTo(Status.OK);
        assertThat(vm.found()).contains("bare metal", "Dell Inc.");
        assertThat(checks(host).nested().status()).isEqualTo(Status.OK);
    }

    @Test
    void aGuestWarnsAndNamesItsHypervisor()
    {
        final FakeHost host = FakeHost.tuned(root).vm("KVMKVMKVM", 500);
        final Check vm = checks(host).vm();
        assertThat(vm.status()).isEqualTo(Status.WARN);
        assertThat(vm.found()).contains("hypervisor flag", "KVMKVMKVM", "systemd-detect-virt: kvm", "no DMI table");
    }

    @Test
    void nestingIsJudgedByWhatAnExitCosts()
    {
        final FakeHost host = FakeHost.tuned(root);
        host.vm("KVMKVMKVM", 500);
        final Check direct = checks(host).nested();
        assertThat(direct.status()).isEqualTo(Status.OK);
        assertThat(direct.found()).contains("no sign of nesting", "0.5 µs");

        host.vm("KVMKVMKVM", 4_100);
        final Check nested = checks(host).nested();
        assertThat(nested.status()).isEqualTo(Status.WARN);
        assertThat(nested.found()).contains("likely nested", "4.1 µs");

        host.vm("KVMKVMKVM", 2_000);
        assertThat(checks(host).nested().status()).isEqualTo(Status.SKIP);
        assertThat(checks(host).nested().found()).startsWith("cannot tell");

        host.vm("KVMKVMKVM", Double.NaN);
        assertThat(checks(host).nested().status()).isEqualTo(Status.SKIP);
        assertThat(checks(host).nested().found()).contains("cannot tell", "/dev/cpu/N/cpuid");
    }

    @Test
    void stealTimeWarnsWithItsShare()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(checks(host).steal().status()).isEqualTo(Status.OK);

        host.write("/proc/stat", "cpu  4000 0 2000 3950 0 0 0 50 0 0\ncpu1 1000 0 500 990 0 0 0 10 0 0\n");
        final Check steal = checks(host).steal();
        assertThat(steal.status()).isEqualTo(Status.WARN);
        assertThat(steal.found()).contains("0.500% of CPU time stolen", "CPU 1: 0.400%");
    }

    @Test
    void twoCpusWarnOneFailsFourAreOk()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(checks(host).cpus().status()).isEqualTo(Status.OK);

        host.write("/sys/devices/system/cpu/online", "0-1\n");
        assertThat(checks(host).cpus().status()).isEqualTo(Status.WARN);
        assertThat(checks(host).cpus().found()).contains("none spare");

        host.write("/sys/devices/system/cpu/online", "0\n");
        assertThat(checks(host).cpus().status()).isEqualTo(Status.FAIL);
    }

    @Test
    void pollingOnThePublishersCpuWarns()
    {
        final FakeHost host = FakeHost.tuned(root);
        final Check shared = new VirtualizationChecks(host.facts(0), host, host).cpus();
        assertThat(shared.status()).isEqualTo(Status.WARN);
        assertThat(shared.found()).contains("where the lab runs its publisher");
    }
}
