package io.wirebook.rx;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One feed channel: an IPv4 multicast group and UDP port. Its index in the channel list is the channel number
 * that receive paths hand to the handler. A flow sent to one host rather than a group (a request or echo flow)
 * names that host's own unicast address instead: paths join only groups ({@link #isMulticast()}).
 */
public record Channel(int group, int port)
{
    public Channel
    {
        if (group == 0 || group == -1)
        {
            throw new IllegalArgumentException("not a group or host address: " + toDotted(group));
        }
        if (port <= 0 || port > 65535)
        {
            throw new IllegalArgumentException("UDP port out of range: " + port);
        }
    }

    /** Parses {@code "239.1.1.1:12345"}. */
    public static Channel parse(final String groupAndPort)
    {
        final int colon = groupAndPort.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("channel must be GROUP:PORT, got " + groupAndPort);
        }
        return new Channel(parseIpv4(groupAndPort.substring(0, colon)),
            Integer.parseInt(groupAndPort.substring(colon + 1)));
    }

    public static Channel of(final String group, final int port)
    {
        return new Channel(parseIpv4(group), port);
    }

    /** Whether {@link #group()} is an IPv4 multicast group (224.0.0.0/4), rather than a host's address. */
    public boolean isMulticast()
    {
        return (group >>> 28) == 0xE;
    }

    public InetAddress groupAddress()
    {
        try
        {
            return InetAddress.getByAddress(new byte[] {
                (byte)(group >>> 24), (byte)(group >>> 16), (byte)(group >>> 8), (byte)group });
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public String groupString()
    {
        return toDotted(group);
    }

    @Override
    public String toString()
    {
        return toDotted(group) + ":" + port;
    }

    public static int parseIpv4(final String dotted)
    {
        final String[] parts = dotted.trim().split("\\.");
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int value = 0;
        for (final String part : parts)
        {
            final int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255)
            {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static int toInt(final Inet4Address address)
    {
        final byte[] b = address.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    public static String toDotted(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
            + (address & 0xFF);
    }
}
