package io.wirebook.lab.peer;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.wirebook.lab.NetnsExec;
import io.wirebook.rx.dpdk.DpdkLeftovers;
import io.wirebook.sys.HugePages;
import io.wirebook.sys.Privileges;

/**
 * Runs {@code dpdk-testpmd} in rxonly mode on the trading host's wire, the C tool people trust, so its receive
 * rate sits beside wirebook's dpdk path in the same run:
 *
 * <pre>
 * ip netns exec NS dpdk-testpmd --no-pci --lcores=0@MAIN,1@CPU --main-lcore=0 --vdev=VDEV
 *     --file-prefix=wirebook-testpmd-PID --in-memory --no-telemetry --log-level=warning
 *     -- --forward-mode=rxonly --stats-period=1
 * </pre>
 *
 * testpmd needs two lcores: lcore 1 (on {@code cpu}) forwards, lcore 0 only prints the statistics each second.
 * It runs for the given seconds after forwarding starts, is stopped with SIGINT (so it prints its totals and
 * closes the port), and everything it may leave is removed afterwards. It must not run while a dpdk or af-xdp
 * receiver holds the same interface.
 *
 * @param netns the namespace of the interface (null: this process's namespace).
 * @param vdev  the same vdev the dpdk path uses, e.g. {@code net_af_xdp0,iface=wbh-a}.
 * @param cpu   the CPU of the forwarding lcore.
 */
public record TestpmdPeer(String netns, String vdev, int cpu)
{
    public static final String TOOL = "dpdk-testpmd";
    private static final String FILE_PREFIX = "wirebook-testpmd-";
    private static final long STARTUP_SECONDS = 60;
    private static final long STOP_SECONDS = 15;

    /** What a run found, for a results.json peers entry. */
    public record Result(String status, String reason, String mode, Map<String, Long> figures)
    {
        static Result skipped(final String mode, final String reason)
        {
            return new Result("skipped", reason, mode, Map.of());
        }
    }

    public String mode()
    {
        return "rxonly " + vdev;
    }

    /** Why testpmd cannot run here, with the fix, or null when it can. */
    public static String unavailableReason()
    {
        if (findExecutable(TOOL) == null)
        {
            return TOOL + " not found; fix: apt-get install dpdk-dev (scripts/setup.sh)";
        }
        if (HugePages.system().freeOfAnySize() <= 0)
        {
            return "no free 2 MiB hugepages; fix: scripts/setup.sh (reserves 512 and mounts hugetlbfs)";
        }
        if (!Privileges.isRoot())
        {
            return TOOL + " needs root; fix: run as root";
        }
        return null;
    }

    /** Runs testpmd for {@code seconds} of forwarding and returns its figures, or a skipped result. */
    public Result run(final int seconds) throws IOException, InterruptedException
    {
        return run(seconds, () -> {});
    }

    /**
     * As {@link #run(int)}, calling {@code whenForwarding} on this thread as soon as testpmd forwards (for example
     * to start the publisher); the seconds are counted from then.
     */
    public Result run(final int seconds, final Runnable whenForwarding) throws IOException, InterruptedException
    {
        final String reason = unavailableReason();
        if (reason != null)
        {
            return Result.skipped(mode(), reason);
        }
        final String prefix = FILE_PREFIX + ProcessHandle.current().pid();
        final Process process = new ProcessBuilder(command(prefix)).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        final TestpmdOutput output = new TestpmdOutput();
        final StringBuilder lastLines = new StringBuilder();
        final Object lock = new Object();
        final boolean[] forwarding = new boolean[1];
        final Thread reader = new Thread(() -> read(process, output, lastLines, lock, forwarding), "testpmd-output");
        reader.setDaemon(true);
        reader.start();
        boolean stoppedCleanly = false;
        try
        {
            synchronized (lock)
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
                while (!forwarding[0] && process.isAlive() && System.nanoTime() < deadline)
                {
                    lock.wait(100);
                }
            }
            if (!forwarding[0])
            {
                process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
                reader.join(1000);
                return Result.skipped(mode(), TOOL + " did not start forwarding: " + lastLine(lastLines, lock)
                    + "; fix: check the interface and hugepages, and that no other DPDK/XDP program holds it");
            }
            final long start = System.nanoTime();
            whenForwarding.run();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, TimeUnit.SECONDS.toNanos(seconds) - (System.nanoTime() - start)));
            // SIGINT: testpmd stops forwarding, prints its totals and closes the port (detaching its XDP program).
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            stoppedCleanly = process.waitFor(STOP_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
            reader.join(TimeUnit.SECONDS.toMillis(STOP_SECONDS));
        }
        finally
        {
            if (process.isAlive())
            {
                process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
            DpdkLeftovers.removePrefix(prefix);
            if (!stoppedCleanly && vdev.startsWith("net_af_xdp"))
            {
                DpdkLeftovers.resetInterface(netns, interfaceOf(vdev));
            }
        }
        synchronized (lock)
        {
            if (!stoppedCleanly)
            {
                return Result.skipped(mode(), TOOL + " did not stop cleanly on SIGINT: " + lastLine(lastLines, lock)
                    + "; fix: see its output above");
            }
            return new Result("ok", "", mode(), output.figures());
        }
    }

    List<String> command(final String prefix)
    {
        final List<String> command = new ArrayList<>();
        if (netns != null)
        {
            command.addAll(NetnsExec.prefix(netns));
        }
        final int mainCpu = cpu == 0 && Runtime.getRuntime().availableProcessors() > 1 ? 1 : 0;
        command.addAll(List.of(TOOL, "--no-pci", "--lcores=0@" + mainCpu + ",1@" + cpu, "--main-lcore=0",
            "--vdev=" + vdev, "--file-prefix=" + prefix, "--in-memory", "--no-telemetry", "--log-level=warning",
            "--", "--forward-mode=rxonly", "--stats-period=1"));
        return command;
    }

    private static void read(
        final Process process, final TestpmdOutput output, final StringBuilder lastLines, final Object lock,
        final boolean[] forwarding)
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                synchronized (lock)
                {
                    output.onLine(line);
                    if (!line.isBlank())
                    {
                        lastLines.setLength(0);
                        lastLines.append(line.trim());
                    }
                    if (line.contains("start packet forwarding") || line.contains("Port statistics"))
                    {
                        forwarding[0] = true;
                        lock.notifyAll();
                    }
                }
            }
        }
        catch (final IOException ignored)
        {
            // the process ended
        }
    }

    private static String lastLine(final StringBuilder lastLines, final Object lock)
    {
        synchronized (lock)
        {
            return lastLines.isEmpty() ? "no output" : lastLines.toString();
        }
    }

    static String interfaceOf(final String vdev)
    {
        for (final String part : vdev.split(","))
        {
            if (part.startsWith("iface="))
            {
                return part.substring("iface=".length());
            }
        }
        return "";
    }

    private static Path findExecutable(final String name)
    {
        final String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (final String dir : (path + ":/usr/sbin:/usr/bin").split(":"))
        {
            final Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
