package io.wirebook.rx.dpdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DpdkLeftoversRemoveDeadTest
{
    @Test
    void readsTheOwnerPidFromDpdkNames()
    {
        assertThat(DpdkLeftovers.ownerPid("wirebook-1234map_0")).isEqualTo(1234);
        assertThat(DpdkLeftovers.ownerPid("wirebook-1234")).isEqualTo(1234);
        assertThat(DpdkLeftovers.ownerPid("wirebook-map_0")).isEqualTo(-1);
        assertThat(DpdkLeftovers.ownerPid("rtemap_0")).isEqualTo(-1);
        assertThat(DpdkLeftovers.ownerPid("wirebook-testpmd-77")).isEqualTo(77);
    }

    @Test
    void removesEntriesOfDeadPidsAndKeepsLiveOnes(@TempDir final Path dir) throws Exception
    {
        final long dead = deadPid();
        final long live = ProcessHandle.current().pid();
        Files.createFile(dir.resolve("wirebook-" + dead + "map_0"));
        Files.createDirectories(dir.resolve("wirebook-" + dead).resolve("sub"));
        Files.createFile(dir.resolve("wirebook-" + dead).resolve("sub").resolve("config"));
        Files.createFile(dir.resolve("wirebook-" + live + "map_0"));
        Files.createFile(dir.resolve("rtemap_0"));

        assertThat(DpdkLeftovers.removeDead(dir)).isEqualTo(2);

        try (var left = Files.list(dir))
        {
            assertThat(left.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("wirebook-" + live + "map_0", "rtemap_0");
        }
    }

    private static long deadPid() throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
