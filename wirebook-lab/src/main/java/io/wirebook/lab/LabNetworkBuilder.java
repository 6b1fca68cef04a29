package io.wirebook.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the lab's two namespaces and the veth pairs between them with iproute2: addresses, multicast routes
 * ({@link LabLink}) and the settings below. Removing is {@link LabLeftovers}'s part.
 * <p>
 * Settings and why:
 * <ul>
 * <li>224.0.0.0/4 routes to the line-A veth on both sides, so a sender without IP_MULTICAST_IF and a join without
 * an interface both pick the wire.</li>
 * <li>rp_filter off: a strict reverse-path check would drop line-B packets whose source routes via line A.</li>
 * <li>IPv6 off on the veths: no router solicitations, DAD or MLD reports on the wire the raw paths read.</li>
 * <li>TX checksum offload off (ethtool): a veth otherwise hands on UDP with a partial checksum, which only the
 * kernel stack forgives; AF_XDP, DPDK and tcpdump would see "bad udp cksum". Real wires carry full checksums.</li>
 * <li>One RX and one TX queue per veth: a veth delivers a frame to the peer's RX queue numbered like the TX queue
 * it left by, so with one queue every frame lands on queue 0, where an AF_XDP socket binds, and XDP's rule "RX
 * queues &gt;= peer TX queues" holds.</li>
 * <li>Nothing else for XDP: native XDP on the receiving veth (and XDP_REDIRECT into an AF_XDP socket, copy mode)
 * needs no program on the peer and no GRO; the veth switches to NAPI when a program is attached: an XDP_DROP
 * program attached with xdpdrv to the host veth drops UDP from a peer that has no program.</li>
 * </ul>
 */
final class LabNetworkBuilder
{
    /** rp_filter off and IPv6 off for the veths named as arguments; run inside each namespace. */
    private static final String QUIET_WIRE = """
        set -e
        echo 0 > /proc/sys/net/ipv4/conf/all/rp_filter
        echo 0 > /proc/sys/net/ipv4/conf/default/rp_filter
        for i in "$@"; do
          echo 0 > "/proc/sys/net/ipv4/conf/$i/rp_filter"
          f="/proc/sys/net/ipv6/conf/$i/disable_ipv6"
          if [ -w "$f" ]; then echo 1 > "$f"; fi
        done
        """;

    private LabNetworkBuilder()
    {
    }

    /**
     * Builds the two hosts' namespaces and these links between them, and adds {@code peerAddress} to the exchange's
     * end of line A.
     *
     * @param ip the iproute2 binary.
     * @return whether TX checksum offload went off on every veth, so raw frames carry full UDP checksums.
     */
    static boolean build(
        final String ip,
        final LabHost exchange,
        final LabHost tradingHost,
        final List<LabLink> links,
        final String peerAddress)
    {
        SystemCommand.run(ip, "netns", "add", exchange.namespace());
        SystemCommand.run(ip, "netns", "add", tradingHost.namespace());
        for (final LabLink link : links)
        {
            SystemCommand.run(ip, "link", "add", exchange.end(link).interfaceName(),
                "numtxqueues", "1", "numrxqueues", "1", "netns", exchange.namespace(),
                "type", "veth", "peer", "name", tradingHost.end(link).interfaceName(),
                "numtxqueues", "1", "numrxqueues", "1", "netns", tradingHost.namespace());
        }
        final String[] exchangeIfs = interfaces(exchange, links);
        final String[] hostIfs = interfaces(tradingHost, links);
        quietWire(ip, exchange.namespace(), exchangeIfs);
        quietWire(ip, tradingHost.namespace(), hostIfs);
        final boolean checksumsComplete =
            fullChecksums(ip, exchange.namespace(), exchangeIfs) & fullChecksums(ip, tradingHost.namespace(), hostIfs);
        for (final String ns : List.of(exchange.namespace(), tradingHost.namespace()))
        {
            SystemCommand.run(ip, "-n", ns, "link", "set", "dev", "lo", "up");
        }
        for (final LabLink link : links)
        {
            up(ip, exchange, link);
            if (LabLink.LINE_A.equals(link))
            {
                // A secondary address: sockets that do not bind choose the primary, so the publisher's source
                // is unchanged.
                SystemCommand.run(ip, "-n", exchange.namespace(), "addr", "add", peerAddress + "/24", "dev",
                    exchange.lineA().interfaceName());
            }
            up(ip, tradingHost, link);
        }
        return checksumsComplete;
    }

    private static String[] interfaces(final LabHost host, final List<LabLink> links)
    {
        return links.stream().map(link -> host.end(link).interfaceName()).toArray(String[]::new);
    }

    static void quietWire(final String ip, final String ns, final String... ifs)
    {
        final List<String> argv = new ArrayList<>(List.of(ip, "netns", "exec", ns, "/bin/sh", "-c", QUIET_WIRE,
            "quiet-wire"));
        argv.addAll(Arrays.asList(ifs));
        SystemCommand.run(argv.toArray(String[]::new));
    }

    private static boolean fullChecksums(final String ip, final String ns, final String... ifs)
    {
        final String ethtool = SystemCommand.find("ethtool");
        if (ethtool == null)
        {
            return false;
        }
        boolean all = true;
        for (final String dev : ifs)
        {
            all &= SystemCommand.runAllowingFailure(ip, "netns", "exec", ns, ethtool, "-K", dev, "tx", "off").ok();
        }
        return all;
    }

    private static void up(final String ip, final LabHost host, final LabLink link)
    {
        final String ns = host.namespace();
        final LabHost.LineEnd end = host.end(link);
        SystemCommand.run(ip, "-n", ns, "addr", "add", end.address() + "/24", "dev", end.interfaceName());
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", end.interfaceName(), "up");
        if (link.routeMetric() != LabLink.NO_ROUTE)
        {
            final List<String> route = new ArrayList<>(List.of(ip, "-n", ns, "route", "add", LabLink.MULTICAST_ROUTE,
                "dev", end.interfaceName()));
            if (link.routeMetric() != LabLink.DEFAULT_METRIC)
            {
                route.addAll(List.of("metric", Integer.toString(link.routeMetric())));
            }
            SystemCommand.run(route.toArray(String[]::new));
        }
    }
}
