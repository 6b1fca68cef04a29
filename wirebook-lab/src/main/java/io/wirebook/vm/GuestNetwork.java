package io.wirebook.vm;

import java.util.List;

import io.wirebook.lab.GuestPort;
import io.wirebook.lab.LabNetwork;

/**
 * Where the guest's NIC plugs in: a tap device that already exists (persistent, up, on a bridge) in a network
 * namespace, the guest's address on it and the unicast routes it needs. The guest routes 224.0.0.0/4 to the NIC
 * too, so a join without an interface picks the wire.
 *
 * @param namespace the namespace qemu runs in, which holds the tap; null for this one.
 * @param tap       the tap's name.
 * @param address   the guest's address with its prefix length, e.g. "198.18.0.4/24".
 * @param routes    unicast routes as "DESTINATION/LEN,GATEWAY", e.g. "198.18.2.0/24,198.18.0.1".
 * @param mac       the NIC's MAC address.
 */
public record GuestNetwork(String namespace, String tap, String address, List<String> routes, String mac)
{
    /** A locally administered MAC (qemu's 52:54:00 prefix) ending in the guest's address on line A, 198.18.0.4. */
    public static final String GUEST_MAC = "52:54:00:12:00:04";

    public GuestNetwork
    {
        routes = List.copyOf(routes);
    }

    /** A guest NIC on line A of this lab network: {@link GuestPort} builds its bridge port and tap. */
    public static GuestNetwork onLineA(final LabNetwork network)
    {
        final GuestPort port = GuestPort.attach(network);
        return new GuestNetwork(port.namespace(), port.tap(), port.address(), port.routes(), GUEST_MAC);
    }

    /** The guest's address without its prefix length, e.g. "198.18.0.4". */
    public String ipv4()
    {
        final int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }
}
