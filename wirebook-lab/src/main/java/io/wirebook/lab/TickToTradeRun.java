package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.wirebook.report.PathResult;
import io.wirebook.sim.OrderGateway;
import io.wirebook.strategy.SoupBinTcpRoute;
import io.wirebook.strategy.UfoRoute;
import io.wirebook.tx.UdpEndpoint;

/**
 * The tick-to-trade scenario on one path: the receiver's ask-fall strategy answers the feed with OUCH orders, the
 * publisher's order gateway stamps and pairs them. Each path sends over UDP through its own TX (row {@code path});
 * the kernel paths also over SoupBinTCP on kernel TCP, the baseline NASDAQ order entry uses (row
 * {@code path+soupbintcp}, a run of its own). Each row's {@code tick_to_trade} holds in-host (arrival stamp → the
 * order handed to the transport, from the receiver; and to its send returned) and wire-to-wire (the trigger's send
 * stamp → the order's kernel arrival stamp at the gateway) percentiles, the orders sent while the market was open,
 * those paired and those lost.
 */
record TickToTradeRun(BenchRunner runner, LabHosts hosts, PrintStream log)
{
    public static final String KEY = "tick_to_trade";
    /** The paths whose sockets are the kernel's: they also send over SoupBinTCP. */
    static final Set<String> KERNEL_PATHS = Set.of("socket", "socket-spin", "recvmmsg", "io-uring");

    /** Every row of one path: UDP, then SoupBinTCP on a kernel path. */
    List<PathResult> run(final String path) throws IOException, InterruptedException
    {
        final List<PathResult> rows = new ArrayList<>();
        rows.add(run(path, UfoRoute.TRANSPORT, path, runner.plan().out().resolve(path)));
        if (KERNEL_PATHS.contains(path))
        {
            final String label = path + "+" + SoupBinTcpRoute.TRANSPORT;
            rows.add(run(path, SoupBinTcpRoute.TRANSPORT, label, runner.plan().out().resolve(label)));
        }
        return rows;
    }

    private PathResult run(final String path, final String transport, final String label, final Path dir)
        throws IOException, InterruptedException
    {
        final String hostOnlyReason = hosts.whyNot(path);
        if (hostOnlyReason != null)
        {
            return PathResult.skipped(label, hostOnlyReason);
        }
        BenchRunner.prepare(dir);
        Files.deleteIfExists(dir.resolve(OrderEntry.FILE));
        Files.deleteIfExists(dir.resolve(OrderGateway.FILE));
        final BenchRunner.Plan plan = runner.plan();
        final LabHost exchange = hosts.exchange();
        final int port = transport.equals(UfoRoute.TRANSPORT) ? OrderGateway.DEFAULT_UFO_PORT :
            OrderGateway.DEFAULT_SOUPBINTCP_PORT;
        final long mac = hosts.loopback() ? UdpEndpoint.NO_MAC :
            UdpEndpoint.parseMac(hosts.network().mac(exchange.namespace(), exchange.lineA().interfaceName()));
        final OrderEntry entry = new OrderEntry(transport, exchange.lineA().address(), port, mac,
            plan.instruments());
        log.printf(Locale.ROOT, "%-12s receiver starting in %s (orders over %s)...%n", label, hosts.describeHost(),
            transport);
        try (CpuShield shield = plan.shield() ? CpuShield.raise(BenchRunner.RECEIVER_CPU) : null;
            ChildJvm receiver = runner.startReceiver(path, dir, plan.durationS(), entry.arguments()))
        {
            final PathResult notReady = runner.unlessReady(path, dir, receiver);
            if (notReady != null)
            {
                return renamed(notReady, label);
            }
            final PublisherRun publisher;
            try (PublisherRun.Running running = PublisherRun.start(hosts, plan, runner.channels(), plan.rateMsgs(),
                plan.durationS(), dir, log, label, List.of("--order-gateway", exchange.lineA().address())))
            {
                publisher = running.finish();
            }
            final PathResult result = runner.finish(path, dir, receiver, publisher, plan.rateMsgs(), shield);
            if (!result.ok())
            {
                return renamed(result, label);
            }
            final Map<String, Object> figures = tickToTrade(read(dir.resolve(OrderEntry.FILE)),
                read(dir.resolve(OrderGateway.FILE)), transport);
            if (((Number)figures.get("orders")).longValue() == 0)
            {
                return PathResult.failed(label, "the strategy sent no order while the market was open (the receiver " +
                    "applied " + result.all().messages() + " messages); see the receiver's log above");
            }
            return renamed(result, label).withExtra(Map.of("transport", transport, KEY, figures));
        }
    }

    /** The row's {@code tick_to_trade}: both sides' figures, the orders the gateway never saw counted lost. */
    static Map<String, Object> tickToTrade(final Properties strategy, final Properties gateway, final String transport)
    {
        final long orders = number(strategy, "orders_market_open");
        final long received = number(gateway, transport + ".orders_market_open");
        final long paired = number(gateway, transport + ".paired");
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("in_host_ns", percentiles(strategy, "in_host_ns."));
        figures.put("wire_to_wire_ns", percentiles(gateway, transport + ".wire_to_wire_ns."));
        figures.put("in_host_send_returned_ns", percentiles(strategy, "in_host_send_returned_ns."));
        figures.put("orders", orders);
        figures.put("paired", paired);
        figures.put("lost", Math.max(0, orders - received));
        figures.put("unpaired", number(gateway, transport + ".unpaired"));
        figures.put("refused", number(strategy, "refused"));
        figures.put("orders_outside_market_hours", number(strategy, "orders_outside_market_hours"));
        figures.put("in_host_from", number(strategy, "in_host_from_hand_over") > 0 ? "hand-over" : "arrival stamp");
        figures.put("gateway_malformed", number(gateway, transport + ".malformed"));
        return figures;
    }

    private static Map<String, Object> percentiles(final Properties p, final String prefix)
    {
        if (p.getProperty(prefix + "p50") == null)
        {
            return null;
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        for (final String key : List.of("p50", "p90", "p99", "p999", "max"))
        {
            m.put(key, number(p, prefix + key));
        }
        return m;
    }

    private static long number(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        return value == null ? 0 : Long.parseLong(value.trim());
    }

    private static Properties read(final Path file) throws IOException
    {
        final Properties p = new Properties();
        if (Files.exists(file))
        {
            try (Reader in = Files.newBufferedReader(file))
            {
                p.load(in);
            }
        }
        return p;
    }

    private static PathResult renamed(final PathResult r, final String label)
    {
        return new PathResult(label, r.status(), r.reason(), r.cpuPct(), r.all(), r.feeds(), r.noise(), r.counters(),
            r.bookDigest(), r.extra());
    }
}
