package io.wirebook.lab;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabLockTest
{
    @TempDir
    Path directory;

    private Path file()
    {
        return directory.resolve("wirebook-lab.lock");
    }

    @Test
    void isFreeAgainOnceClosed()
    {
        final LabLock lock = LabLock.take(file(), "wbq", true);
        lock.close();
        lock.close();
        try (LabLock again = LabLock.take(file(), "wbq", false))
        {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aSecondNetworkOfTheSamePrefixInOneProcessIsRefusedNotDeadlocked()
    {
        try (LabLock ignored = LabLock.take(file(), "wbq", true))
        {
            assertThatThrownBy(() -> LabLock.take(file(), "wbq", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a lab network wbq");
        }
    }

    @Test
    void prefixesLockBytesOfTheirOwnSoNoneHoldsUpAnother()
    {
        assertThat(LabLock.position("wb")).isNotEqualTo(LabLock.position("wba")).isNotEqualTo(LabLock.position("bw"));
        try (LabLock first = LabLock.take(file(), "wbq", true); LabLock second = LabLock.take(file(), "wbr", true))
        {
            assertThat(second).isNotNull();
            // Releasing one leaves the other held: the channel stays open.
            first.close();
            assertThatThrownBy(() -> LabLock.take(file(), "wbr", false)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> LabLock.position("Bad-Name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherProcesssLockIsLeftAloneAndNamedUntilItDies() throws Exception
    {
        final Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), LabLockHolder.class.getName(), file().toString(), "wbq")
            .redirectErrorStream(true).start();
        try
        {
            assertThat(new String(holder.getInputStream().readNBytes(5))).isEqualTo("HELD\n");
            assertThat(LabLock.take(file(), "wbq", false)).isNull();
            assertThat(LabLock.holderOf(file(), "wbq")).isEqualTo("pid " + holder.pid());
            try (LabLock other = LabLock.take(file(), "wbr", false))
            {
                assertThat(other).as("another prefix of the same file").isNotNull();
            }
        }
        finally
        {
            holder.destroyForcibly().waitFor();
        }
        // The kernel dropped the dead holder's lock.
        try (LabLock taken = LabLock.take(file(), "wbq", false))
        {
            assertThat(taken).isNotNull();
        }
    }
}
