package io.wirebook.vm;

import java.util.List;

import io.wirebook.lab.GuestPort;
import io.wirebook.lab.LabNetwork;

/**
 * Where the guest's NICs plug in: tap devices that already exist (persistent, up, on a bridge) in a network
 * namespace, the guest's addresses on them and the unicast routes it needs. The feed NIC is eth0 at
 * 0000:00:04.0; the guest routes 224.0.0.0/4 to it, so a join without an interface picks the wire. The recovery
 * NIC, if any, is eth1 at 0000:00:10.0 (the same model), on the lab's recovery link.
 *
 * @param namespace       the namespace qemu runs in, which holds the taps; null for this one.
 * @param tap             the feed NIC's tap.
 * @param address         the guest's address on it with its prefix length, e.g. "198.18.0.4/24".
 * @param routes          unicast routes as "DESTINATION/LEN,GATEWAY", e.g. "198.18.2.0/24,198.18.0.1".
 * @param mac             the feed NIC's MAC address.
 * @param recoveryTap     the recovery NIC's tap, or null for no recovery NIC.
 * @param recoveryAddress the guest's address on the recovery link with its prefix length, or null.
 */
public record GuestNetwork(String namespace, String tap, String address, List<String> routes, String mac,
    String recoveryTap, String recoveryAddress)
{
    /** A locally administered MAC (qemu's 52:54:00 prefix) ending in the guest's address on line A, 198.18.0.4. */
    public static final String GUEST_MAC = "52:54:00:12:00:04";
    /** The recovery NIC's, ending in 198.18.2.4. */
    public static final String RECOVERY_MAC = "52:54:00:12:02:04";

    public GuestNetwork
    {
        routes = List.copyOf(routes);
    }

    /** One NIC, no recovery NIC. */
    public GuestNetwork(final String namespace, final String tap, final String address, final List<String> routes,
        final String mac)
    {
        this(namespace, tap, address, routes, mac, null, null);
    }

    /**
     * The guest on this lab network: its feed NIC on line A, its recovery NIC on the recovery link
     * ({@link GuestPort} builds their bridge ports and taps).
     */
    public static GuestNetwork onLineA(final LabNetwork network)
    {
        final GuestPort port = GuestPort.attach(network);
        return new GuestNetwork(port.namespace(), port.tap(), port.address(), List.of(), GUEST_MAC,
            port.recoveryTap(), port.recoveryAddress());
    }

    /** The guest's feed address without its prefix length, e.g. "198.18.0.4". */
    public String ipv4()
    {
        return withoutPrefixLength(address);
    }

    /** The guest's recovery address without its prefix length, e.g. "198.18.2.4"; null without a recovery NIC. */
    public String recoveryIpv4()
    {
        return null == recoveryAddress ? null : withoutPrefixLength(recoveryAddress);
    }

    private static String withoutPrefixLength(final String cidr)
    {
        final int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
