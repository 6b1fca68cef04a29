package io.wirebook.rx.dpdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DpdkLeftoversTest
{
    @TempDir
    Path root;

    @Test
    void removesRuntimeDirectoryAndHugepageFilesOfThePrefixOnly() throws IOException
    {
        final Path runtime = Files.createDirectories(root.resolve("run/dpdk"));
        final Path hugepages = Files.createDirectories(root.resolve("hugepages"));
        Files.createDirectories(runtime.resolve("wirebook-12"));
        Files.writeString(runtime.resolve("wirebook-12/config"), "x");
        Files.createDirectories(runtime.resolve("wirebook-123"));
        Files.writeString(hugepages.resolve("wirebook-12map_0"), "x");
        Files.writeString(hugepages.resolve("wirebook-12map_1"), "x");
        Files.writeString(hugepages.resolve("wirebook-123map_0"), "x");

        assertThat(DpdkLeftovers.find("wirebook-12", runtime, hugepages)).hasSize(3);
        DpdkLeftovers.removePrefix("wirebook-12", runtime, hugepages);

        assertThat(DpdkLeftovers.find("wirebook-12", runtime, hugepages)).isEmpty();
        assertThat(runtime.resolve("wirebook-123")).exists();
        assertThat(hugepages.resolve("wirebook-123map_0")).exists();
    }

    @Test
    void removesTheRuntimeRootOnceNoEalUsesIt() throws IOException
    {
        final Path runtime = Files.createDirectories(root.resolve("run/dpdk"));
        Files.createDirectories(runtime.resolve("wirebook-7"));

        DpdkLeftovers.removePrefix("wirebook-7", runtime, root.resolve("no-hugepages"));

        assertThat(runtime).doesNotExist();
    }
}
