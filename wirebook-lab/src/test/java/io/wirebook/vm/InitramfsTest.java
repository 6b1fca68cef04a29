package io.wirebook.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.wirebook.lab.SystemCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The initramfs's module order from modules.dep, and its cpio as the cpio tool reads it. */
final class InitramfsTest
{
    @TempDir
    Path dir;

    @Test
    void loadsEveryModuleAfterTheModulesItNeeds() throws IOException
    {
        Files.writeString(dir.resolve("modules.dep"), """
            kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/virtio/virtio_ring.ko:
            kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko \
            kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko \
            kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/virtio/virtio_pci_modern_dev.ko:
            kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
            kernel/fs/netfs/netfs.ko:
            kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
            kernel/net/9p/9pnet.ko:
            kernel/net/9p/9pnet_virtio.ko: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko \
            kernel/drivers/virtio/virtio_ring.ko
            kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
            """);
        final List<String> order = Initramfs.loadOrder(dir, Initramfs.ROOT_MODULES).stream()
            .map(p -> p.getFileName().toString()).toList();

        assertThat(order).containsExactly("virtio_pci_legacy_dev.ko", "virtio_pci_modern_dev.ko", "virtio_ring.ko",
            "virtio.ko", "virtio_pci.ko", "9pnet.ko", "9pnet_virtio.ko", "netfs.ko", "fscache.ko", "9p.ko");
    }

    @Test
    void refusesACompressedOrMissingModuleByName() throws IOException
    {
        Files.writeString(dir.resolve("modules.dep"), "kernel/fs/9p/9p.ko.xz:\n");
        assertThatThrownBy(() -> Initramfs.loadOrder(dir, List.of("9p")))
            .isInstanceOf(GuestException.class).hasMessageContaining("compressed");
        assertThatThrownBy(() -> Initramfs.loadOrder(dir, List.of("9pnet_virtio")))
            .isInstanceOf(GuestException.class).hasMessageContaining("9pnet_virtio");
    }

    @Test
    void writesANewcArchiveTheCpioToolLists() throws Exception
    {
        final String cpioTool = SystemCommand.find("cpio");
        assumeTrue(null != cpioTool, "skipped: no cpio tool to read the archive; fix: apt-get install cpio");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Cpio cpio = new Cpio(bytes))
        {
            cpio.directory("bin");
            cpio.file("bin/odd", 0755, "abc".getBytes(StandardCharsets.US_ASCII));
            cpio.symlink("bin/sh", "odd");
            cpio.file("init", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(bytes.size() % 4).isZero();
        final Path archive = dir.resolve("a.cpio");
        Files.write(archive, bytes.toByteArray());

        assertThat(run(cpioTool, "-it", "--quiet", "-F", archive.toString()).lines().toList())
            .containsExactly("bin", "bin/odd", "bin/sh", "init");
        final String verbose = run(cpioTool, "-itv", "--quiet", "-F", archive.toString());
        assertThat(verbose).contains("drwxr-xr-x").contains("-rwxr-xr-x").contains("bin/sh -> odd");
    }

    private static String run(final String... argv) throws Exception
    {
        final Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }
}
