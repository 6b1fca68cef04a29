package io.wirebook.vm;

import java.util.List;

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
    public GuestNetwork
    {
        routes = List.copyOf(routes);
    }

    /** The guest's address without its prefix length, e.g. "198.18.0.4". */
    public String ipv4()
    {
        final int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }
}
