package io.wirebook.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryChecksTest
{
    @TempDir
    Path root;

    private static Check hugepages(final FakeHost host)
    {
        return new MemoryChecks(host.facts(1)).hugepages();
    }

    @Test
    void hugepagesFailWhenNoneAreReservedFreeOrMounted()
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(hugepages(host).status()).isEqualTo(Status.OK);
        assertThat(hugepages(host).found()).contains("500 of 512", "hugetlbfs on /dev/hugepages");

        host.write("/proc/mounts", "sysfs /sys sysfs rw 0 0\n");
        assertThat(hugepages(host).status()).isEqualTo(Status.FAIL);
        assertThat(hugepages(host).fix()).contains("mount -t hugetlbfs");

        host.write("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "0\n");
        assertThat(hugepages(host).status()).isEqualTo(Status.FAIL);

        host.write("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "0\n");
        assertThat(hugepages(host).status()).isEqualTo(Status.FAIL);
        assertThat(hugepages(host).found()).contains("no 2 MiB hugepages reserved");
    }

    @Test
    void hugepagesFallBackToMeminfo()
    {
        final FakeHost host = FakeHost.tuned(root)
            .delete("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")
            .delete("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages")
            .write("/proc/meminfo", "HugePages_Total: 256\nHugePages_Free: 100\nHugepagesize: 2048 kB\n");
        assertThat(hugepages(host).status()).isEqualTo(Status.OK);
        assertThat(hugepages(host).found()).contains("100 of 256");
    }

    @Test
    void transparentHugepagesNeverGiveTheJvmNone()
    {
        final FakeHost host = FakeHost.tuned(root)
            .write("/sys/kernel/mm/transparent_hugepage/defrag", "[always] defer defer+madvise madvise never\n")
            .write("/sys/kernel/mm/transparent_hugepage/enabled", "always madvise [never]\n");
        assertThat(new MemoryChecks(host.facts(1)).transparentHugepages().found()).contains("gets no huge pages");
    }

    @Test
    void aSmallLockedMemoryLimitFailsOnlyWithoutCapIpcLock()
    {
        final FakeHost host = FakeHost.tuned(root).write("/proc/self/limits",
            "Limit                     Soft Limit           Hard Limit           Units\n" +
            "Max locked memory         8388608              8388608              bytes\n");
        assertThat(new MemoryChecks(host.facts(1)).memlock().status()).isEqualTo(Status.OK);

        host.write("/proc/self/status", "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n");
        final Check locked = new MemoryChecks(host.facts(1)).memlock();
        assertThat(locked.status()).isEqualTo(Status.FAIL);
        assertThat(locked.found()).contains("8 MiB", "no CAP_IPC_LOCK");
        assertThat(locked.fix()).contains("ulimit -l unlimited");
    }
}
