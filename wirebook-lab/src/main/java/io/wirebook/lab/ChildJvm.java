package io.wirebook.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a wirebook CLI command in a JVM of its own, optionally inside a network namespace (with a bpffs of its
 * own: see {@link NetnsExec}) and restricted to a set of CPUs: the lab's two hosts are two processes, as on two
 * machines. Its stderr (its log lines) is this JVM's.
 */
public final class ChildJvm implements AutoCloseable
{
    /** System property for verbose logs (true, or trace); a child runs as verbose as the JVM that starts it. */
    public static final String VERBOSE_PROPERTY = "wirebook.verbose";
    private static final long STOP_GRACE_SECONDS = 5;

    private final Process process;
    private final BufferedReader stdout;

    private ChildJvm(final Process process)
    {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @param netns     the namespace to run in, or null for the current one.
     * @param cpus      taskset CPU list for every thread of the JVM (e.g. "0"), or null.
     * @param heap      heap size, e.g. "1g".
     * @param arguments the CLI command and its options.
     */
    public static ChildJvm start(final String netns, final String cpus, final String heap, final List<String> arguments)
        throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(command(netns, cpus, heap, arguments));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildJvm(builder.start());
    }

    /** The command line {@link #start} runs. */
    public static List<String> command(
        final String netns, final String cpus, final String heap, final List<String> arguments)
    {
        final List<String> command = new ArrayList<>();
        if (netns != null)
        {
            command.addAll(NetnsExec.prefix(netns));
        }
        if (cpus != null)
        {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-XX:+AlwaysPreTouch");
        // A heap on 2 MiB pages: between two packets the TLB goes cold, and in a VM a page walk is costly (two levels
        // of page tables); with large pages a packet's orders are reached with far fewer of them.
        command.add("-XX:+UseTransparentHugePages");
        command.add("-XX:+UseParallelGC");
        final String verbose = System.getProperty(VERBOSE_PROPERTY);
        if (verbose != null && !verbose.equals("false"))
        {
            command.add("-D" + VERBOSE_PROPERTY + "=" + verbose);
        }
        command.addAll(extraJvmArgs());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.wirebook.cli.Main");
        command.addAll(arguments);
        return command;
    }

    /** Extra JVM options for the lab's children, from WIREBOOK_CHILD_JVM_OPTS (for experiments). */
    private static List<String> extraJvmArgs()
    {
        final String opts = System.getenv("WIREBOOK_CHILD_JVM_OPTS");
        return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    /** The next line the child printed on stdout, or null at its end. */
    public String readLine() throws IOException
    {
        return stdout.readLine();
    }

    public long pid()
    {
        return process.pid();
    }

    public boolean waitFor(final double seconds) throws InterruptedException
    {
        return process.waitFor((long)(seconds * 1000), TimeUnit.MILLISECONDS);
    }

    public int exitValue()
    {
        return process.exitValue();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /** Asks the child to stop (SIGTERM), then kills it if it does not. */
    @Override
    public void close()
    {
        ChildProcesses.stop(process, STOP_GRACE_SECONDS);
    }
}
