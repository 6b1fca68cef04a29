package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wirebook.lab.peer.SockperfPeer;
import io.wirebook.report.PathResult;
import io.wirebook.report.PeerResult;

/**
 * The pingpong scenario: for each path, {@code wirebook echo} on that path in the trading host (its poll thread on
 * the receive CPU) and the real sockperf client in the exchange (on the publisher's CPU), {@code sockperf
 * ping-pong} by unicast to the trading host's line-A address; then, as the baseline of the same run, the kernel's
 * own {@code sockperf server} in the trading host (on the receive CPU) against the same client. Every figure is
 * sockperf's own: half the round trip (its default), from its percentiles in microseconds.
 *
 * <p>A path's results.json entry gets {@code pingpong}: {@code client} (as {@code sockperf --version} names
 * itself), {@code mode}, {@code message_bytes}, {@code half_rtt_ns} {p50, p90, p99, p999, max}, {@code sent},
 * {@code received} and {@code dropped} as sockperf counted them, and {@code echo}, what the echo counted; its
 * {@code counters} are the path's (the {@code tx.*} among them). It has no feed, so its {@code all} is null. A
 * path that cannot run or cannot transmit is skipped with the echo's reason.
 */
final class PingPongRun
{
    static final int PORT = EchoServer.DEFAULT_PORT;
    static final int MESSAGE_BYTES = 64;
    static final String KEY = "pingpong";
    private static final int ECHO_MARGIN_SECONDS = 30;
    private static final double ECHO_STOP_SECONDS = 10;
    private static final Pattern MAC = Pattern.compile("link/ether ([0-9a-f:]{17})");

    private final BenchRunner.Plan plan;
    private final LabHosts hosts;
    private final PrintStream log;

    PingPongRun(final BenchRunner.Plan plan, final LabHosts hosts, final PrintStream log)
    {
        this.plan = plan;
        this.hosts = hosts;
        this.log = log;
    }

    /** Whole seconds of sockperf's own run: at least one. */
    private int seconds()
    {
        return Math.max(1, (int)Math.round(plan.durationS()));
    }

    PathResult run(final String path, final Path dir) throws IOException, InterruptedException
    {
        final String hostOnlyReason = hosts.whyNot(path);
        if (hostOnlyReason != null)
        {
            return PathResult.skipped(path, hostOnlyReason);
        }
        Files.createDirectories(dir);
        final LabHost host = hosts.tradingHost();
        log.printf(Locale.ROOT, "%-12s echo starting in %s...%n", path, hosts.describeHost());
        final List<String> echoLines = new ArrayList<>();
        final Map<String, Object> client;
        final ChildJvm echo = ChildJvm.start(host.namespace(), Integer.toString(BenchRunner.PUBLISHER_CPU), "1g",
            echoArguments(path, host));
        try (NeighbourPin pinned = path.equals("dpdk") && !hosts.loopback() ? pinNeighbour(host) : null)
        {
            final String first = BenchRunner.readControl(echo);
            if (first == null || !first.startsWith("READY"))
            {
                echo.waitFor(ECHO_STOP_SECONDS);
                hosts.cleanupAfter(path, echo.pid());
                if (first != null && first.startsWith("SKIPPED "))
                {
                    return PathResult.skipped(path, first.substring("SKIPPED ".length()));
                }
                return PathResult.failed(path, first == null ? "echo exited before it was ready" : first);
            }
            log.printf(Locale.ROOT, "%-12s sockperf ping-pong -i %s -p %d -t %d -m %d from %s%n", path,
                host.lineA().address(), PORT, seconds(), MESSAGE_BYTES, hosts.exchange().namespace());
            client = SockperfPeer.client(hosts.exchange().namespace(), host.lineA().address(), PORT, seconds(), 0,
                MESSAGE_BYTES, BenchRunner.PUBLISHER_CPU);
        }
        finally
        {
            // SIGTERM: the echo stops, closes its path and prints its counts before it exits.
            ProcessHandle.of(echo.pid()).ifPresent(ProcessHandle::destroy);
            if (echo.waitFor(ECHO_STOP_SECONDS))
            {
                String line;
                while ((line = echo.readLine()) != null)
                {
                    echoLines.add(line);
                }
            }
            echo.close();
            hosts.cleanupAfter(path, echo.pid());
        }
        Files.write(dir.resolve("echo.log"), echoLines);
        if (!"ok".equals(client.get("status")))
        {
            return PathResult.failed(path, String.valueOf(client.get("reason")));
        }
        return new PathResult(path, PathResult.OK, "", 0, null, List.of(), Map.of(), echoCounters(echoLines), null,
            Map.of(KEY, pingpong(client, echoLines)));
    }

    /**
     * A permanent neighbour entry for the trading host's line-A address in the exchange, removed on close. dpdk's
     * default PMD, net_af_xdp, loads an XDP program that takes the whole queue, ARP included, so the trading host's
     * kernel never answers the exchange's ARP requests; a bypass host without an ARP responder of its own is reached
     * through a static entry, as on a trading network.
     */
    private NeighbourPin pinNeighbour(final LabHost host)
    {
        final String ip = SystemCommand.find("ip");
        final String exchange = hosts.exchange().namespace();
        final String exchangeIf = hosts.exchange().lineA().interfaceName();
        final Matcher mac = MAC.matcher(SystemCommand.run(ip, "-n", host.namespace(), "-o", "link", "show", "dev",
            host.lineA().interfaceName()));
        if (!mac.find())
        {
            throw new LabNetworkException("no MAC on " + host.lineA().interfaceName() + " in " + host.namespace());
        }
        SystemCommand.run(ip, "-n", exchange, "neigh", "replace", host.lineA().address(), "lladdr", mac.group(1),
            "dev", exchangeIf, "nud", "permanent");
        return new NeighbourPin(ip, exchange, host.lineA().address(), exchangeIf);
    }

    /** A permanent neighbour entry in a namespace, deleted on close. */
    private record NeighbourPin(String ip, String namespace, String address, String device) implements AutoCloseable
    {
        @Override
        public void close()
        {
            SystemCommand.runAllowingFailure(ip, "-n", namespace, "neigh", "del", address, "dev", device);
        }
    }

    /** The kernel's own sockperf server in the trading host, against the same client: the run's baseline. */
    List<PeerResult> baseline()
    {
        final LabHost host = hosts.tradingHost();
        log.printf(Locale.ROOT, "peer         sockperf server (kernel) in %s, ping-pong from %s (%d s)%n",
            host.namespace(), hosts.exchange().namespace(), seconds());
        final Map<String, Object> entry = SockperfPeer.run(hosts.exchange().namespace(), host.namespace(),
            host.lineA().address(), PORT, seconds(), 0, MESSAGE_BYTES, BenchRunner.RECEIVER_CPU,
            BenchRunner.PUBLISHER_CPU);
        @SuppressWarnings("unchecked")
        final Map<String, Object> figures = new LinkedHashMap<>((Map<String, Object>)entry.get("figures"));
        figures.put("client", String.valueOf(SockperfPeer.version()));
        figures.put("server", "sockperf server (kernel UDP socket)");
        if (figures.get("latency_ns") instanceof Map<?, ?> latency)
        {
            figures.put("half_rtt_ns", halfRtt(latency));
        }
        return List.of(new PeerResult(SockperfPeer.TOOL, String.valueOf(entry.get("mode")),
            String.valueOf(entry.get("status")), String.valueOf(entry.get("reason")), figures));
    }

    private List<String> echoArguments(final String path, final LabHost host)
    {
        final List<String> args = new ArrayList<>(List.of("echo",
            "--path", path,
            "--interface", host.lineA().interfaceName(),
            "--address", host.lineA().address(),
            "--port", Integer.toString(PORT),
            "--cpu", Integer.toString(BenchRunner.RECEIVER_CPU),
            "--duration", Integer.toString(seconds() + ECHO_MARGIN_SECONDS)));
        plan.options().forEach((k, v) ->
        {
            args.add("--option");
            args.add(k + "=" + v);
        });
        return args;
    }

    private static Map<String, Object> pingpong(final Map<String, Object> client, final List<String> echoLines)
    {
        @SuppressWarnings("unchecked")
        final Map<String, Object> figures = (Map<String, Object>)client.get("figures");
        final Map<String, Object> pingpong = new LinkedHashMap<>();
        pingpong.put("client", String.valueOf(SockperfPeer.version()));
        pingpong.put("mode", client.get("mode"));
        pingpong.put("command", client.get("command"));
        pingpong.put("message_bytes", MESSAGE_BYTES);
        pingpong.put("half_rtt_ns", halfRtt((Map<?, ?>)figures.get("latency_ns")));
        pingpong.put("sent", figures.get("sent_messages"));
        pingpong.put("received", figures.get("received_messages"));
        pingpong.put("dropped", figures.get("dropped"));
        pingpong.put("echo", echoCounts(echoLines));
        return pingpong;
    }

    /** One line for the run's log: sockperf's half round trip against the path's echo. */
    static String summary(final PathResult result)
    {
        final Map<?, ?> pingpong = (Map<?, ?>)result.extra().get(KEY);
        final Map<?, ?> half = (Map<?, ?>)pingpong.get("half_rtt_ns");
        return String.format(Locale.ROOT, "%-12s ok: %s replies, half round trip P50 %.2f us, P99 %.2f us",
            result.path(), pingpong.get("received"), ((Number)half.get("p50")).doubleValue() / 1e3,
            ((Number)half.get("p99")).doubleValue() / 1e3);
    }

    /** The five figures of the contract, from sockperf's latencies (already in ns). */
    static Map<String, Object> halfRtt(final Map<?, ?> latency)
    {
        final Map<String, Object> half = new LinkedHashMap<>();
        for (final String key : List.of("p50", "p90", "p99", "p999", "max"))
        {
            half.put(key, latency.get(key));
        }
        return half;
    }

    /** The echo's ECHO line ("ECHO path=af-xdp requests=1 replies=1 ..."), as numbers by name. */
    static Map<String, Object> echoCounts(final List<String> echoLines)
    {
        final Map<String, Object> counts = new LinkedHashMap<>();
        for (final String line : echoLines)
        {
            if (line.startsWith("ECHO "))
            {
                for (final String pair : line.substring("ECHO ".length()).trim().split(" "))
                {
                    final int equals = pair.indexOf('=');
                    if (equals > 0 && !pair.startsWith("path="))
                    {
                        counts.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
                    }
                }
            }
        }
        return counts;
    }

    /** The path's counters from the echo's COUNTERS line ("COUNTERS {path.tx.sent=5, ...}"), without "path.". */
    static Map<String, Object> echoCounters(final List<String> echoLines)
    {
        final Map<String, Object> counters = new LinkedHashMap<>();
        for (final String line : echoLines)
        {
            if (line.startsWith("COUNTERS {") && line.endsWith("}"))
            {
                final String body = line.substring("COUNTERS {".length(), line.length() - 1);
                for (final String pair : body.split(", "))
                {
                    final int equals = pair.indexOf('=');
                    if (equals > 0 && pair.startsWith("path."))
                    {
                        counters.put(pair.substring("path.".length(), equals),
                            Long.parseLong(pair.substring(equals + 1)));
                    }
                }
            }
        }
        return counters;
    }
}
