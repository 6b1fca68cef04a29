package io.wirebook.lab;

/**
 * Switch ports for a qemu guest on the lab network: in the trading host's namespace one bridge joins the host's
 * end of line A and a tap for the guest's feed NIC, another joins the host's end of the recovery link and a tap for
 * its recovery NIC, so the guest sits beside the trading host on both segments.
 * <pre>
 *   netns P-exch                 netns P-host
 *   Px-a 198.18.0.1/24 &lt;-veth-&gt; Ph-a --+
 *                                        Ph-br 198.18.0.2/24 (bridge, multicast snooping off)
 *                                 Ph-t0 -+  &lt;- tap: the guest's feed NIC (eth0), 198.18.0.4/24
 *   Px-r 198.18.2.1/24 &lt;-veth-&gt; Ph-r --+
 *                                        Ph-rbr 198.18.2.2/24 (bridge)
 *                                 Ph-t1 -+  &lt;- tap: the guest's recovery NIC (eth1), 198.18.2.4/24
 * </pre>
 * Why bridges rather than links of their own: the exchange publishes each line on one interface, as an exchange
 * does, so a second link would need a second copy of the feed; a bridge is the switch port a second trading host
 * would plug into. The recovery link gets its own NIC in the guest for the lab's reason (see {@link LabNetwork}):
 * a bypass path (DPDK's PMD) takes the feed NIC away from the guest's kernel, so a re-request's reply or the
 * snapshot's TCP must arrive on another. Multicast snooping is off so the bridge floods the groups to the tap
 * whether or not it saw the guest's IGMP report (no querier runs here). The trading host's addresses and its
 * multicast route move from its veths to the bridges, where its stack now receives those links. The taps are
 * persistent and up before qemu opens them, so the bridges are complete before the guest boots; all of it goes
 * with the namespace ({@link LabNetwork#destroy()} and its cleanup watcher).
 */
public record GuestPort(String namespace, String tap, String address, String recoveryTap, String recoveryAddress)
{
    /** The guest's host number on each /24: .1, .2 and .3 are the exchange, the trading host and the peer. */
    public static final int GUEST_HOST_NUMBER = 4;
    private static final int PREFIX_LENGTH = 24;

    /**
     * Builds the bridges and the taps in the network's trading host, unless an earlier call did.
     *
     * @throws LabNetworkException when iproute2 fails, naming the command.
     */
    public static GuestPort attach(final LabNetwork network)
    {
        final String ip = SystemCommand.find("ip");
        final LabHost host = network.tradingHost();
        final String prefix = network.prefix();
        final String tap = prefix + "h-t0";
        final String recoveryTap = prefix + "h-t1";
        // Once per network: a second guest on the same network plugs into the same taps.
        if (!SystemCommand.runAllowingFailure(ip, "-n", host.namespace(), "link", "show", "dev", recoveryTap).ok())
        {
            bridge(ip, host.namespace(), host.lineA(), prefix + "h-br", tap, true);
            bridge(ip, host.namespace(), host.recovery(), prefix + "h-rbr", recoveryTap, false);
        }
        return new GuestPort(host.namespace(), tap, guestAddress(LabLink.LINE_A), recoveryTap,
            guestAddress(LabLink.RECOVERY));
    }

    /** 198.18.SUBNET.4/24. */
    private static String guestAddress(final LabLink link)
    {
        final String address = link.end("", GUEST_HOST_NUMBER).address();
        return address + "/" + PREFIX_LENGTH;
    }

    private static void bridge(
        final String ip, final String ns, final LabHost.LineEnd end, final String bridge, final String tap,
        final boolean multicastRoute)
    {
        final String veth = end.interfaceName();
        final String hostAddress = end.address() + "/" + PREFIX_LENGTH;
        SystemCommand.run(ip, "-n", ns, "link", "add", bridge, "type", "bridge", "mcast_snooping", "0");
        SystemCommand.run(ip, "-n", ns, "tuntap", "add", "dev", tap, "mode", "tap");
        LabNetworkBuilder.quietWire(ip, ns, bridge, tap);
        if (multicastRoute)
        {
            SystemCommand.run(ip, "-n", ns, "route", "del", LabLink.MULTICAST_ROUTE, "dev", veth);
        }
        SystemCommand.run(ip, "-n", ns, "addr", "del", hostAddress, "dev", veth);
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", veth, "master", bridge);
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", tap, "master", bridge);
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", tap, "up");
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", bridge, "up");
        SystemCommand.run(ip, "-n", ns, "addr", "add", hostAddress, "dev", bridge);
        if (multicastRoute)
        {
            SystemCommand.run(ip, "-n", ns, "route", "add", LabLink.MULTICAST_ROUTE, "dev", bridge);
        }
    }
}
