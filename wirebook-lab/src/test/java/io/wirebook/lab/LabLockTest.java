package io.wirebook.lab;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabLockTest
{
    @TempDir
    Path directory;

    @Test
    void namesItsHolderInItsFileAndIsFreeAgainOnceClosed() throws Exception
    {
        final Path file = directory.resolve("wirebook-lab-wbq.lock");
        final LabLock lock = LabLock.acquire(directory, "wbq");

        assertThat(Files.readString(file)).isEqualTo("pid " + ProcessHandle.current().pid() + "\n");
        lock.close();
        lock.close();
        try (LabLock again = LabLock.tryAcquire(directory, "wbq"))
        {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aSecondNetworkOfTheSamePrefixInOneProcessIsRefusedNotDeadlocked()
    {
        try (LabLock ignored = LabLock.acquire(directory, "wbq"))
        {
            assertThatThrownBy(() -> LabLock.acquire(directory, "wbq"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a lab network wbq");
        }
    }

    @Test
    void anotherPrefixIsNotHeldUp()
    {
        try (LabLock first = LabLock.acquire(directory, "wbq"); LabLock second = LabLock.acquire(directory, "wbr"))
        {
            assertThat(directory.resolve("wirebook-lab-wbr.lock")).exists();
        }
    }

    @Test
    void tryAcquireTakesAFreeLockAndLeavesAHeldOneAlone() throws Exception
    {
        final LabLock lock = LabLock.tryAcquire(directory, "wbq");
        assertThat(lock).isNotNull();
        lock.close();

        // A lock held by another process: a child that takes it and waits.
        final Path file = directory.resolve("wirebook-lab-wbq.lock");
        final Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), LabLockHolder.class.getName(), directory.toString(), "wbq")
            .redirectErrorStream(true).start();
        try
        {
            assertThat(new String(holder.getInputStream().readNBytes(5))).isEqualTo("HELD\n");
            assertThat(LabLock.tryAcquire(directory, "wbq")).isNull();
            assertThat(Files.readString(file)).isEqualTo("pid " + holder.pid() + "\n");
        }
        finally
        {
            holder.destroyForcibly().waitFor();
        }
        // The kernel dropped the dead holder's lock.
        try (LabLock taken = LabLock.tryAcquire(directory, "wbq"))
        {
            assertThat(taken).isNotNull();
        }
    }
}
