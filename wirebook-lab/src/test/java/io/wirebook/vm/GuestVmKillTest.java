package io.wirebook.vm;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A JVM running a guest is killed: qemu goes with it, and so does (at once, or at the next boot) its run directory. */
final class GuestVmKillTest
{
    private static final long GONE_WITHIN_MILLIS = 10_000;

    @BeforeAll
    static void guestParts()
    {
        final String why = GuestVm.whyUnavailable(GuestSpec.defaults());
        assumeTrue(null == why, () -> "skipped: " + why);
    }

    @Test
    void sigtermStopsQemuAndRemovesTheRunDirectory() throws Exception
    {
        final Held held = holdGuest();
        held.process().destroy();
        assertThat(held.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(gone(held.qemuPid())).as("qemu stopped by the exit hook").isTrue();
        assertThat(Files.exists(held.runDirectory())).as("run directory removed by the exit hook").isFalse();
    }

    @Test
    void sigkillTakesQemuWithItAndTheNextCleanupRemovesTheRunDirectory() throws Exception
    {
        final Held held = holdGuest();
        held.process().destroyForcibly();
        assertThat(held.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(gone(held.qemuPid())).as("qemu killed by its parent-death signal").isTrue();
        assertThat(Files.exists(held.runDirectory())).as("nothing ran to remove it").isTrue();
        GuestRunDirectory.removeDead();
        assertThat(Files.exists(held.runDirectory())).as("removed as a dead owner's").isFalse();
    }

    private record Held(Process process, long qemuPid, Path runDirectory)
    {
    }

    private static Held holdGuest() throws Exception
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
            System.getProperty("java.class.path"), GuestVmHolder.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        try
        {
            final BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            final String line = out.readLine();
            assertThat(line).as("the holder's guest booted").startsWith("ready ");
            final String[] words = line.split(" ");
            final long qemu = Long.parseLong(words[1]);
            assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive)).as("qemu runs").contains(true);
            return new Held(process, qemu, Path.of(words[2]));
        }
        catch (final RuntimeException | AssertionError ex)
        {
            process.destroyForcibly();
            throw ex;
        }
    }

    private static boolean gone(final long pid) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + GONE_WITHIN_MILLIS;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            if (System.currentTimeMillis() > deadline)
            {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
