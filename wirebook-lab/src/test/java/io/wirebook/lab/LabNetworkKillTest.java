package io.wirebook.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.wirebook.lab.NamespaceThreads.eventually;
import static io.wirebook.lab.NamespaceThreads.namespaceExists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM builds a network and is then killed: the namespaces must go either way. SIGTERM runs the shutdown
 * hook; SIGKILL runs nothing in the JVM, so only the detached watcher can clean up.
 */
class LabNetworkKillTest
{
    @BeforeEach
    void needsRoot()
    {
        final String why = LabNetwork.whyUnavailable();
        Assumptions.assumeTrue(why == null, why);
    }

    @Test
    void sigkillOfTheRunnerStillRemovesTheNetwork() throws Exception
    {
        final String prefix = NamespaceThreads.prefix("tk1");
        final Child child = Child.start(prefix);
        try
        {
            child.process.destroyForcibly();
            child.process.waitFor();
            assertGone(prefix, child.sentinelPid);
        }
        finally
        {
            child.process.destroyForcibly();
            LabNetwork.cleanupStale(prefix);
        }
    }

    @Test
    void sigtermOfTheRunnerRemovesTheNetwork() throws Exception
    {
        final String prefix = NamespaceThreads.prefix("tk2");
        final Child child = Child.start(prefix);
        try
        {
            child.process.destroy();
            assertThat(child.process.waitFor()).as("exit status of a JVM ended by SIGTERM").isEqualTo(143);
            assertGone(prefix, child.sentinelPid);
        }
        finally
        {
            child.process.destroyForcibly();
            LabNetwork.cleanupStale(prefix);
        }
    }

    private static void assertGone(final String prefix, final long sentinelPid) throws InterruptedException
    {
        assertThat(eventually(5000, () -> !namespaceExists(prefix + "-exch") && !namespaceExists(prefix + "-host")))
            .as("namespaces of " + prefix + " vanish").isTrue();
        assertThat(eventually(5000, () -> ProcessHandle.of(sentinelPid).map(h -> !h.isAlive()).orElse(true)))
            .as("the watcher exits").isTrue();
    }

    private record Child(Process process, long sentinelPid)
    {
        static Child start(final String prefix) throws Exception
        {
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LabNetworkHolder.class.getName(), prefix)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            final BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            final String line = out.readLine();
            assertThat(line).as("child JVM reports the network built").startsWith("ready ");
            assertThat(namespaceExists(prefix + "-exch")).isTrue();
            assertThat(namespaceExists(prefix + "-host")).isTrue();
            return new Child(process, Long.parseLong(line.substring(6).strip()));
        }
    }
}
