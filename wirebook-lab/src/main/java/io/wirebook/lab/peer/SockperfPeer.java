package io.wirebook.lab.peer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wirebook.lab.ChildProcesses;

/**
 * Runs sockperf, the C latency tool people already trust, across the lab wire, so its figures sit beside
 * wirebook's in the same report: {@code sockperf server} in the trading host's namespace, and the client in the
 * exchange's, for a bounded time.
 *
 * <p>Two client modes: {@code ping-pong} (one message in flight, as fast as replies come: the wire's floor), and
 * {@code under-load --mps=N} (N messages a second, every 100th answered: latency while the path is busy). Latency
 * is sockperf's default, half the round trip, which is what compares with a one-way feed latency. A multicast
 * server address is received on, and sent from, each namespace's own interface address.
 *
 * <p>The result is one {@code peers} entry of results.json: {@code tool}, {@code mode}, {@code status} ({@code ok}
 * or {@code skipped}), {@code reason}, {@code command} and {@code figures}.
 */
public final class SockperfPeer
{
    public static final String TOOL = "sockperf";
    public static final String FIX = "apt-get install sockperf, or scripts/setup.sh";
    public static final int DEFAULT_MESSAGE_BYTES = 64;
    /** No CPU pinning. */
    public static final int ANY_CPU = -1;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern VALID = Pattern.compile(
        "\\[Valid Duration\\] RunTime=([0-9.]+) sec; SentMessages=(\\d+); ReceivedMessages=(\\d+)");
    private static final Pattern AVERAGE = Pattern.compile("avg-latency=([0-9.]+) \\(std-dev=([0-9.]+)\\)");
    private static final Pattern LOSS = Pattern.compile(
        "# dropped messages = (\\d+); # duplicated messages = (\\d+); # out-of-order messages = (\\d+)");
    private static final Pattern OBSERVATIONS = Pattern.compile("Total (\\d+) observations");
    private static final Pattern PERCENTILE = Pattern.compile("---> percentile ([0-9.]+) = +([0-9.]+)");
    private static final Pattern VERSION = Pattern.compile("version #?([0-9]+(?:\\.[0-9]+)+)");
    private static final Pattern EXTREME = Pattern.compile("---> <(MAX|MIN)> observation = +([0-9.]+)");

    private static final long SERVER_READY_TIMEOUT_MS = 3_000;
    private static final long GRACE_SECONDS = 15;
    private static final long STOP_GRACE_SECONDS = 3;

    private SockperfPeer()
    {
    }

    /**
     * Runs one sockperf measurement and returns its {@code peers} entry.
     *
     * @param exchangeNs    namespace of the client (the exchange side), or null to run in the current one.
     * @param hostNs        namespace of the server (the trading host), or null to run in the current one.
     * @param serverAddress the server's unicast address (e.g. 198.18.0.2) or a multicast group (e.g. 239.1.1.9).
     * @param port          UDP port.
     * @param seconds       how long the client sends.
     * @param mps           messages per second for {@code under-load}, or 0 for {@code ping-pong}.
     */
    public static Map<String, Object> run(
        final String exchangeNs, final String hostNs, final String serverAddress, final int port, final int seconds,
        final int mps)
    {
        return run(exchangeNs, hostNs, serverAddress, port, seconds, mps, DEFAULT_MESSAGE_BYTES);
    }

    public static Map<String, Object> run(
        final String exchangeNs, final String hostNs, final String serverAddress, final int port, final int seconds,
        final int mps, final int messageBytes)
    {
        return run(exchangeNs, hostNs, serverAddress, port, seconds, mps, messageBytes, ANY_CPU, ANY_CPU);
    }

    /**
     * As above, with the server and the client each pinned to one CPU (taskset), or {@link #ANY_CPU}.
     */
    public static Map<String, Object> run(
        final String exchangeNs, final String hostNs, final String serverAddress, final int port, final int seconds,
        final int mps, final int messageBytes, final int serverCpu, final int clientCpu)
    {
        final String mode = mps > 0 ? "under-load" : "ping-pong";
        final String sockperf = findOnPath(TOOL);
        if (null == sockperf)
        {
            return skipped(entry(mode), "sockperf is not installed: " + FIX);
        }
        Path serverLog = null;
        Process server = null;
        try
        {
            final List<String> serverCommand = inNamespace(hostNs, pinned(serverCpu, List.of(sockperf, "server",
                "-i", serverAddress, "-p", Integer.toString(port))));
            if (isMulticast(serverAddress))
            {
                addMulticastInterface(serverCommand, "--mc-rx-if", hostNs);
            }
            serverLog = Files.createTempFile("wirebook-sockperf-server", ".log");
            server = start(serverCommand, serverLog);
            if (!awaitServer(server, serverLog))
            {
                final Map<String, Object> entry = entry(mode);
                entry.put("server_command", String.join(" ", serverCommand));
                return skipped(entry, "sockperf server did not start: " + lastLine(read(serverLog)));
            }
            final Map<String, Object> entry =
                client(exchangeNs, serverAddress, port, seconds, mps, messageBytes, clientCpu);
            entry.put("server_command", String.join(" ", serverCommand));
            return entry;
        }
        catch (final IOException ex)
        {
            return skipped(entry(mode), "cannot run sockperf: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return skipped(entry(mode), "interrupted");
        }
        finally
        {
            stop(server);
            deleteQuietly(serverLog);
        }
    }

    /**
     * Runs only the client, against a server that is already listening (sockperf's own, or {@code wirebook echo}),
     * and returns its {@code peers} entry, without {@code server_command}.
     */
    public static Map<String, Object> client(
        final String exchangeNs, final String serverAddress, final int port, final int seconds, final int mps,
        final int messageBytes)
    {
        return client(exchangeNs, serverAddress, port, seconds, mps, messageBytes, ANY_CPU);
    }

    /** As above, the client pinned to {@code clientCpu} (taskset), or {@link #ANY_CPU}. */
    public static Map<String, Object> client(
        final String exchangeNs, final String serverAddress, final int port, final int seconds, final int mps,
        final int messageBytes, final int clientCpu)
    {
        final String mode = mps > 0 ? "under-load" : "ping-pong";
        final Map<String, Object> entry = entry(mode);
        final String sockperf = findOnPath(TOOL);
        if (null == sockperf)
        {
            return skipped(entry, "sockperf is not installed: " + FIX);
        }
        Path clientLog = null;
        try
        {
            final List<String> clientCommand = inNamespace(exchangeNs, pinned(clientCpu, List.of(sockperf, mode,
                "-i", serverAddress, "-p", Integer.toString(port), "-t", Integer.toString(seconds),
                "-m", Integer.toString(messageBytes))));
            if (isMulticast(serverAddress))
            {
                addMulticastInterface(clientCommand, "--mc-tx-if", exchangeNs);
            }
            if (mps > 0)
            {
                clientCommand.add("--mps=" + mps);
            }
            entry.put("command", String.join(" ", clientCommand));
            clientLog = Files.createTempFile("wirebook-sockperf-client", ".log");
            final Process client = start(clientCommand, clientLog);
            if (!client.waitFor(seconds + GRACE_SECONDS, TimeUnit.SECONDS))
            {
                client.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return skipped(entry,
                    "sockperf " + mode + " did not finish within " + (seconds + GRACE_SECONDS) + " s");
            }
            final String output = read(clientLog);
            final Map<String, Object> figures = parse(output);
            if (client.exitValue() != 0 || !figures.containsKey("latency_ns"))
            {
                return skipped(entry, "sockperf " + mode + " failed (exit " + client.exitValue() + "): "
                    + lastLine(output));
            }
            figures.put("message_bytes", messageBytes);
            if (mps > 0)
            {
                figures.put("target_rate_msgs", mps);
            }
            entry.put("figures", figures);
            return entry;
        }
        catch (final IOException ex)
        {
            return skipped(entry, "cannot run sockperf: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return skipped(entry, "interrupted");
        }
        finally
        {
            deleteQuietly(clientLog);
        }
    }

    /** "sockperf 3.7", from {@code sockperf --version}; null when sockperf is missing or says no version. */
    public static String version()
    {
        final String sockperf = findOnPath(TOOL);
        if (null == sockperf)
        {
            return null;
        }
        try
        {
            final Process process = new ProcessBuilder(sockperf, "--version").redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(5, TimeUnit.SECONDS);
            return parseVersion(out);
        }
        catch (final IOException ex)
        {
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** "sockperf, version 3.7-no.git" becomes "sockperf 3.7"; null without a version. */
    static String parseVersion(final String output)
    {
        final Matcher version = VERSION.matcher(output);
        return version.find() ? TOOL + " " + version.group(1) : null;
    }

    private static Map<String, Object> entry(final String mode)
    {
        final Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("tool", TOOL);
        entry.put("mode", mode);
        entry.put("status", "ok");
        entry.put("reason", "");
        entry.put("figures", new LinkedHashMap<String, Object>());
        return entry;
    }

    /**
     * Parses the client's report. Latencies are sockperf's microseconds turned into nanoseconds, under the same
     * keys as wirebook's own stats objects ({@code p50 ... p9999, max, mean, stddev}) plus {@code min} and the
     * other percentiles sockperf prints.
     */
    public static Map<String, Object> parse(final String rawOutput)
    {
        final String output = ANSI.matcher(rawOutput).replaceAll("");
        final Map<String, Object> figures = new LinkedHashMap<>();
        final Map<String, Object> latency = new LinkedHashMap<>();

        final Matcher valid = VALID.matcher(output);
        if (valid.find())
        {
            final double runtime = Double.parseDouble(valid.group(1));
            final long sent = Long.parseLong(valid.group(2));
            final long received = Long.parseLong(valid.group(3));
            figures.put("runtime_s", runtime);
            figures.put("sent_messages", sent);
            figures.put("received_messages", received);
            figures.put("sent_rate_msgs", runtime > 0 ? sent / runtime : 0.0);
            figures.put("received_rate_msgs", runtime > 0 ? received / runtime : 0.0);
        }
        final Matcher loss = LOSS.matcher(output);
        if (loss.find())
        {
            figures.put("dropped", Long.parseLong(loss.group(1)));
            figures.put("duplicated", Long.parseLong(loss.group(2)));
            figures.put("out_of_order", Long.parseLong(loss.group(3)));
        }
        final Matcher observations = OBSERVATIONS.matcher(output);
        if (observations.find())
        {
            figures.put("observations", Long.parseLong(observations.group(1)));
        }

        final Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find())
        {
            latency.put(percentileKey(percentile.group(1)), microsToNanos(percentile.group(2)));
        }
        final Matcher extreme = EXTREME.matcher(output);
        while (extreme.find())
        {
            latency.put(extreme.group(1).equals("MAX") ? "max" : "min", microsToNanos(extreme.group(2)));
        }
        final Matcher average = AVERAGE.matcher(output);
        if (average.find())
        {
            latency.put("mean", microsToNanos(average.group(1)));
            latency.put("stddev", microsToNanos(average.group(2)));
        }
        if (!latency.isEmpty())
        {
            figures.put("latency_ns", latency);
            figures.put("latency_is", "half round trip (sockperf default, RTT/2)");
        }
        return figures;
    }

    /** "99.900" becomes "p999", "50.000" "p50", as results.json names percentiles. */
    static String percentileKey(final String percent)
    {
        String digits = percent.contains(".") ? percent.replaceAll("0+$", "") : percent;
        if (digits.endsWith("."))
        {
            digits = digits.substring(0, digits.length() - 1);
        }
        return "p" + digits.replace(".", "");
    }

    private static long microsToNanos(final String micros)
    {
        return Math.round(Double.parseDouble(micros) * 1_000.0);
    }

    private static Map<String, Object> skipped(final Map<String, Object> entry, final String reason)
    {
        entry.put("status", "skipped");
        entry.put("reason", reason);
        return entry;
    }

    /** The path of an executable on PATH, or null. */
    static String findOnPath(final String name)
    {
        final String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        final List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        dirs.add("/usr/bin");
        for (final String dir : dirs)
        {
            final File candidate = new File(dir, name);
            if (candidate.isFile() && candidate.canExecute())
            {
                return candidate.getPath();
            }
        }
        return null;
    }

    /** {@code taskset -c CPU command}, or the command as it is for {@link #ANY_CPU}. */
    private static List<String> pinned(final int cpu, final List<String> command)
    {
        if (cpu == ANY_CPU)
        {
            return command;
        }
        final List<String> full = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu)));
        full.addAll(command);
        return full;
    }

    private static List<String> inNamespace(final String ns, final List<String> command)
    {
        final List<String> full = new ArrayList<>();
        if (null != ns && !ns.isEmpty())
        {
            full.addAll(List.of("ip", "netns", "exec", ns));
        }
        full.addAll(command);
        return full;
    }

    private static boolean isMulticast(final String address)
    {
        final int dot = address.indexOf('.');
        if (dot < 0)
        {
            return false;
        }
        try
        {
            final int first = Integer.parseInt(address.substring(0, dot));
            return first >= 224 && first <= 239;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    /** Multicast needs the interface named by address; take the namespace's first IPv4 address that is not loopback. */
    private static void addMulticastInterface(final List<String> command, final String option, final String ns)
        throws IOException, InterruptedException
    {
        final String address = firstIpv4Address(ns);
        if (null != address)
        {
            command.add(option);
            command.add(address);
        }
    }

    static String firstIpv4Address(final String ns) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("ip", "-4", "-o", "addr", "show"));
        if (null != ns && !ns.isEmpty())
        {
            command.addAll(0, List.of("ip", "netns", "exec", ns));
        }
        final Process ip = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor(5, TimeUnit.SECONDS);
        final Matcher inet = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(out);
        while (inet.find())
        {
            if (!inet.group(1).startsWith("127."))
            {
                return inet.group(1);
            }
        }
        return null;
    }

    private static Process start(final List<String> command, final Path log) throws IOException
    {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The server prints the addresses it listens on once its socket is bound. */
    private static boolean awaitServer(final Process server, final Path log) throws IOException, InterruptedException
    {
        final long deadline = System.currentTimeMillis() + SERVER_READY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline)
        {
            if (!server.isAlive())
            {
                return false;
            }
            final String out = read(log);
            if (out.contains("ERROR"))
            {
                return false;
            }
            if (out.contains("PORT ="))
            {
                // Bound; give it a moment to reach its receive loop before the client's warm-up arrives.
                Thread.sleep(200);
                return server.isAlive();
            }
            Thread.sleep(50);
        }
        return server.isAlive();
    }

    private static void stop(final Process process)
    {
        ChildProcesses.stop(process, STOP_GRACE_SECONDS);
    }

    private static String read(final Path log) throws IOException
    {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static String lastLine(final String output)
    {
        final String clean = ANSI.matcher(output).replaceAll("").strip();
        final String[] lines = clean.split("\n");
        for (int i = lines.length - 1; i >= 0; i--)
        {
            if (lines[i].contains("ERROR"))
            {
                return lines[i].strip();
            }
        }
        return lines.length == 0 ? "(no output)" : lines[lines.length - 1].strip();
    }

    private static void deleteQuietly(final Path path)
    {
        if (null != path)
        {
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException ignored)
            {
                // a temporary file left behind is harmless
            }
        }
    }
}
