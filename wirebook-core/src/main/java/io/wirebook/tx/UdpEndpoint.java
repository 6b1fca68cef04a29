package io.wirebook.tx;

import io.wirebook.rx.Channel;

/**
 * Where a datagram goes, or where one came from: an IPv4 address and UDP port, and for the raw-frame paths (af-xdp,
 * dpdk), which write the Ethernet header themselves, the MAC of the next hop. Mutable, so that one preallocated
 * endpoint serves every send on the poll thread; the socket paths ignore the MAC (the kernel resolves it).
 */
public final class UdpEndpoint
{
    /** No MAC known: a raw-frame path refuses to send there. */
    public static final long NO_MAC = -1L;
    private static final int MAC_BYTES = 6;
    private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;

    private int address;
    private int port;
    private long mac = NO_MAC;

    /** Sets address (host order) and port, and forgets the MAC. */
    public UdpEndpoint set(final int address, final int port)
    {
        return set(address, port, NO_MAC);
    }

    /**
     * @param address IPv4, host order.
     * @param port    0 to 65535.
     * @param mac     the next hop's MAC, its first byte in bits 47..40, or {@link #NO_MAC}.
     */
    public UdpEndpoint set(final int address, final int port, final long mac)
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("UDP port out of range: " + port);
        }
        this.address = address;
        this.port = port;
        this.mac = mac == NO_MAC ? NO_MAC : mac & MAC_MASK;
        return this;
    }

    /** Sets the next hop's MAC, keeping address and port. */
    public UdpEndpoint mac(final long mac)
    {
        this.mac = mac == NO_MAC ? NO_MAC : mac & MAC_MASK;
        return this;
    }

    public UdpEndpoint copyFrom(final UdpEndpoint other)
    {
        address = other.address;
        port = other.port;
        mac = other.mac;
        return this;
    }

    /** IPv4 address, host order. */
    public int address()
    {
        return address;
    }

    public int port()
    {
        return port;
    }

    /** The next hop's MAC, or {@link #NO_MAC}. */
    public long mac()
    {
        return mac;
    }

    public boolean hasMac()
    {
        return mac != NO_MAC;
    }

    /** Parses {@code "02:00:00:00:00:01"}. */
    public static long parseMac(final String text)
    {
        final String[] parts = text.trim().split(":");
        if (parts.length != MAC_BYTES)
        {
            throw new IllegalArgumentException("not a MAC address (six hex bytes with colons): " + text);
        }
        long mac = 0;
        for (final String part : parts)
        {
            final int octet = Integer.parseInt(part, 16);
            if (part.length() > 2 || octet < 0)
            {
                throw new IllegalArgumentException("not a MAC address (six hex bytes with colons): " + text);
            }
            mac = (mac << 8) | octet;
        }
        return mac;
    }

    public static String macToString(final long mac)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = MAC_BYTES - 1; i >= 0; i--)
        {
            text.append(String.format("%02x", (mac >>> (i * 8)) & 0xFF));
            if (i > 0)
            {
                text.append(':');
            }
        }
        return text.toString();
    }

    @Override
    public String toString()
    {
        return Channel.toDotted(address) + ":" + port + (mac == NO_MAC ? "" : " via " + macToString(mac));
    }
}
