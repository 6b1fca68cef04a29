package io.wirebook.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KernelChecksTest
{
    private static final String USER = "Uid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n" +
        "Groups:\t27 1000\nCapEff:\t0000000000000000\n";

    @TempDir
    Path root;

    private static Check ioUring(final FakeHost host)
    {
        return new KernelChecks(host.facts(1)).ioUring();
    }

    @Test
    void ioUringIsOkWhenEnabledAndFailsWhenDisabled()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(ioUring(host).status()).isEqualTo(Status.OK);

        host.write("/proc/sys/kernel/io_uring_disabled", "2\n");
        assertThat(ioUring(host).status()).isEqualTo(Status.FAIL);
        assertThat(ioUring(host).fix()).isEqualTo("sysctl -w kernel.io_uring_disabled=0");

        host.delete("/proc/sys/kernel/io_uring_disabled");
        assertThat(ioUring(host).status()).isEqualTo(Status.OK);
        assertThat(ioUring(host).found()).contains("before 6.6");
    }

    @Test
    void ioUringDisabled1DependsOnWhoAsks()
    {
        final FakeHost host = FakeHost.tuned(root).write("/proc/sys/kernel/io_uring_disabled", "1\n");
        assertThat(ioUring(host).status()).isEqualTo(Status.OK);

        host.write("/proc/self/status", USER).write("/proc/sys/kernel/io_uring_group", "-1\n");
        assertThat(ioUring(host).status()).isEqualTo(Status.FAIL);

        host.write("/proc/sys/kernel/io_uring_group", "27\n");
        assertThat(ioUring(host).status()).isEqualTo(Status.OK);
        assertThat(ioUring(host).found()).contains("io_uring_group 27");
    }

    @Test
    void aKernelWithoutIoUringFails()
    {
        final FakeHost host = FakeHost.tuned(root)
            .write("/boot/config-6.1.0-18-amd64", "# CONFIG_IO_URING is not set\n");
        assertThat(ioUring(host).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void capabilitiesAreOkForRootAndFailWithoutTheBypassOnes()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(new KernelChecks(host.facts(1)).capabilities().status()).isEqualTo(Status.OK);

        host.write("/proc/self/status", USER);
        final Check user = new KernelChecks(host.facts(1)).capabilities();
        assertThat(user.status()).isEqualTo(Status.FAIL);
        assertThat(user.found()).contains("uid 1000", "CAP_NET_ADMIN", "CAP_BPF");

        // CAP_NET_ADMIN, CAP_NET_RAW and CAP_BPF: af-xdp runs; CAP_SYS_ADMIN and CAP_IPC_LOCK are missing.
        final long bypass = (1L << 12) | (1L << 13) | (1L << 39);
        host.write("/proc/self/status", "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t" + Long.toHexString(bypass) + "\n");
        final Check some = new KernelChecks(host.facts(1)).capabilities();
        assertThat(some.status()).isEqualTo(Status.WARN);
        assertThat(some.found()).contains("CAP_SYS_ADMIN", "CAP_IPC_LOCK").doesNotContain("CAP_BPF");
    }

    @Test
    void withoutATscTheFixAsksForAStableOne()
    {
        final FakeHost host = FakeHost.tuned(root)
            .write("/sys/devices/system/clocksource/clocksource0/current_clocksource", "kvm-clock\n")
            .write("/sys/devices/system/clocksource/clocksource0/available_clocksource", "kvm-clock\n");
        assertThat(new KernelChecks(host.facts(1)).clocksource().fix()).contains("stable TSC");
    }
}
