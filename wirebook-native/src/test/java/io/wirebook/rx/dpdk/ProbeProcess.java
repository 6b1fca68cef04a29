package io.wirebook.rx.dpdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A probe's main class in a child JVM under {@code ip netns exec} in a namespace (EAL runs once per process and in
 * the interface's namespace), its stdout echoed and queued line by line for {@link #awaitLine}.
 */
record ProbeProcess(Process process, BlockingQueue<String> lines)
{
    static ProbeProcess start(final String namespace, final Class<?> main, final List<String> arguments)
        throws IOException
    {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream())))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    System.out.println("[probe] " + line);
                    lines.add(line);
                }
            }
            catch (final IOException ignored)
            {
                // the process ended
            }
        }, "dpdk-probe-output");
        reader.setDaemon(true);
        reader.start();
        return new ProbeProcess(process, lines);
    }

    String awaitLine(final String prefix, final long seconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline)
        {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("UNAVAILABLE"))
            {
                throw new AssertionError("dpdk path unavailable in the child: " + line);
            }
            if (line != null && line.startsWith(prefix))
            {
                return line;
            }
        }
        throw new AssertionError("no " + prefix + " line from the probe within " + seconds + " s");
    }
}
