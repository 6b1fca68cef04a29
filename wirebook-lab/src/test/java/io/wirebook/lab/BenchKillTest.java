package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.wirebook.counters.CountersFile;
import io.wirebook.rx.paths.RxPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.wirebook.lab.NamespaceThreads.eventually;
import static io.wirebook.lab.NamespaceThreads.namespaceExists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole {@code wirebook bench} run is killed with SIGKILL while a bypass path receives: its receiver and
 * publisher JVMs, namespaces, veths (and the XDP programs on them), DPDK runtime directory and hugepage files must
 * all go, with nothing in the killed JVM left to clean up.
 */
class BenchKillTest
{
    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"af-xdp", "dpdk"})
    void sigkillOfABenchRunLeavesNothingBehind(final String path) throws Exception
    {
        final String why = LabNetwork.whyUnavailable();
        Assumptions.assumeTrue(why == null, why);
        Assumptions.assumeTrue(RxPaths.prerequisitesMissing(path) == null, () -> RxPaths.prerequisitesMissing(path));
        final String prefix = NamespaceThreads.prefix("tkb");
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "io.wirebook.cli.Main",
            "bench", "--paths", path, "--duration", "60", "--warmup", "1", "--rate", "20000", "--no-peers",
            "--prefix", prefix, "--out", out.toString()));
        final Process bench = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(out.resolve("bench.log").toFile()).start();
        try
        {
            assertThat(eventually(60_000, () -> receiverRunning(prefix)))
                .as("a receiver JVM runs in " + prefix + "-host; log: " + log()).isTrue();
            Thread.sleep(3_000);
            final List<Long> inside = pidsIn(prefix + "-host");
            assertThat(inside).as("receiver pid").isNotEmpty();

            bench.destroyForcibly().waitFor();

            assertThat(eventually(20_000, () -> !namespaceExists(prefix + "-exch")
                    && !namespaceExists(prefix + "-host")))
                .as("namespaces removed").isTrue();
            assertThat(eventually(20_000, () -> inside.stream().noneMatch(pid ->
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))))
                .as("receiver killed").isTrue();
            assertThat(eventually(20_000, () -> leftovers(inside).isEmpty()))
                .as("DPDK runtime directories, hugepage files and counters files: " + leftovers(inside)).isTrue();
        }
        finally
        {
            bench.destroyForcibly();
            LabNetwork.cleanupStale(prefix);
        }
    }

    private String log()
    {
        try
        {
            return Files.readString(out.resolve("bench.log"));
        }
        catch (final IOException ex)
        {
            return "(no log)";
        }
    }

    private static boolean receiverRunning(final String prefix)
    {
        return namespaceExists(prefix + "-host") && !pidsIn(prefix + "-host").isEmpty();
    }

    private static List<Long> pidsIn(final String ns)
    {
        try
        {
            final Process p = new ProcessBuilder("ip", "netns", "pids", ns).redirectErrorStream(true).start();
            final String text = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            final List<Long> pids = new ArrayList<>();
            for (final String line : text.split("\\s+"))
            {
                if (line.matches("\\d+"))
                {
                    pids.add(Long.parseLong(line));
                }
            }
            return pids;
        }
        catch (final IOException | InterruptedException ex)
        {
            return List.of();
        }
    }

    private static List<Path> leftovers(final List<Long> pids)
    {
        final List<Path> left = new ArrayList<>();
        for (final long pid : pids)
        {
            for (final Path dir : List.of(Path.of("/var/run/dpdk"), Path.of("/dev/hugepages"),
                CountersFile.DEFAULT_DIRECTORY))
            {
                if (!Files.isDirectory(dir))
                {
                    continue;
                }
                try (Stream<Path> files = Files.list(dir))
                {
                    files.filter(f -> f.getFileName().toString().startsWith("wirebook-" + pid)).forEach(left::add);
                }
                catch (final IOException ignored)
                {
                    // unreadable: nothing to report
                }
            }
        }
        return left;
    }
}
