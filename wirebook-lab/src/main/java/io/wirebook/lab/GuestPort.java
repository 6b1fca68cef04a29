package io.wirebook.lab;

import java.util.List;

/**
 * A switch port on line A for a qemu guest: in the trading host's namespace a bridge joins the host's end of line A
 * and a tap device that the guest's NIC plugs into, so the guest sits on line A's segment beside the trading host
 * and receives every frame the exchange sends there: the feed's multicast, and unicast to its own address.
 * <pre>
 *   netns P-exch                 netns P-host
 *   Px-a 198.18.0.1/24 &lt;-veth-&gt; Ph-a --+
 *                                        Ph-br 198.18.0.2/24 (bridge, multicast snooping off)
 *                                 Ph-t0 -+  &lt;- qemu's tap: the guest's NIC, 198.18.0.4/24
 * </pre>
 * Why a bridge on line A rather than a link of its own: the exchange publishes each line on one interface, as an
 * exchange does, so a second link would need a second copy of the feed; a bridge is the switch port a second
 * trading host would plug into. Multicast snooping is off so the bridge floods the groups to the tap whether or not
 * it saw the guest's IGMP report (no querier runs here). The trading host's address and multicast route move from
 * its veth to the bridge, where the stack now receives line A. The guest reaches the recovery servers
 * (198.18.2.0/24) through the exchange's line-A address. The tap is persistent and up before qemu opens it, so the
 * bridge is complete before the guest boots; both go with the namespace ({@link LabNetwork#destroy()} and its
 * cleanup watcher).
 */
public record GuestPort(String namespace, String bridge, String tap, String address, String gateway,
    List<String> routes)
{
    /** The guest's address on line A: the subnet's .1, .2 and .3 are the exchange, the trading host and the peer. */
    public static final String GUEST_ADDRESS = "198.18.0.4";
    private static final int PREFIX_LENGTH = 24;

    public GuestPort
    {
        routes = List.copyOf(routes);
    }

    /**
     * Builds the bridge and the tap in the network's trading host.
     *
     * @throws LabNetworkException when iproute2 fails, naming the command.
     */
    public static GuestPort attach(final LabNetwork network)
    {
        final String ip = SystemCommand.find("ip");
        final LabHost host = network.tradingHost();
        final String ns = host.namespace();
        final String veth = host.lineA().interfaceName();
        final String bridge = network.prefix() + "h-br";
        final String tap = network.prefix() + "h-t0";
        final String hostAddress = host.lineA().address() + "/" + PREFIX_LENGTH;

        SystemCommand.run(ip, "-n", ns, "link", "add", bridge, "type", "bridge", "mcast_snooping", "0");
        SystemCommand.run(ip, "-n", ns, "tuntap", "add", "dev", tap, "mode", "tap");
        LabNetworkBuilder.quietWire(ip, ns, bridge, tap);
        SystemCommand.run(ip, "-n", ns, "route", "del", LabLink.MULTICAST_ROUTE, "dev", veth);
        SystemCommand.run(ip, "-n", ns, "addr", "del", hostAddress, "dev", veth);
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", veth, "master", bridge);
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", tap, "master", bridge);
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", tap, "up");
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", bridge, "up");
        SystemCommand.run(ip, "-n", ns, "addr", "add", hostAddress, "dev", bridge);
        SystemCommand.run(ip, "-n", ns, "route", "add", LabLink.MULTICAST_ROUTE, "dev", bridge);

        final String gateway = network.exchange().lineA().address();
        final String recoverySubnet = network.exchange().recovery().address().replaceAll("\\.\\d+$", ".0") + "/" +
            PREFIX_LENGTH;
        return new GuestPort(ns, bridge, tap, GUEST_ADDRESS + "/" + PREFIX_LENGTH, gateway,
            List.of(recoverySubnet + "," + gateway));
    }
}
