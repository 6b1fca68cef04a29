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
    void holdsAFileNamingItsHolderAndDeletesItOnClose() throws Exception
    {
        final Path file = directory.resolve("wirebook-lab-wbq.lock");
        final LabLock lock = LabLock.acquire(directory, "wbq");

        assertThat(Files.readString(file)).startsWith("pid " + ProcessHandle.current().pid() + " ");
        lock.close();
        lock.close();
        assertThat(file).doesNotExist();
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
}
