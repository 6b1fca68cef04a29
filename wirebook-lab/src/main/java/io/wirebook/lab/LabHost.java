package io.wirebook.lab;

import io.wirebook.rx.Channel;

/**
 * One of the lab's two hosts: its network namespace (null on loopback) and its ends of line A, line B and the
 * recovery link (where the exchange's request and snapshot servers listen and the receiver's requests leave).
 */
public record LabHost(String namespace, LineEnd lineA, LineEnd lineB, LineEnd recovery)
{
    /** One host's end of one link: its interface and the IPv4 address on it, dotted. */
    public record LineEnd(String interfaceName, String address)
    {
        /** The address as a host-order int (most significant byte first when written big-endian). */
        public int ipv4()
        {
            return Channel.parseIpv4(address);
        }
    }

    /** The exchange of the lab network with this prefix: netns {@code <prefix>-exch}, veths {@code <prefix>x-a}... */
    static LabHost exchange(final String prefix)
    {
        return of(prefix + "-exch", prefix + "x-", LabLink.EXCHANGE_HOST_NUMBER);
    }

    /** The trading host of the lab network with this prefix: netns {@code <prefix>-host}, veths {@code <prefix>h-a}. */
    static LabHost tradingHost(final String prefix)
    {
        return of(prefix + "-host", prefix + "h-", LabLink.TRADING_HOST_NUMBER);
    }

    /** This host's end of a link. */
    LineEnd end(final LabLink link)
    {
        if (LabLink.LINE_A.equals(link))
        {
            return lineA;
        }
        return LabLink.LINE_B.equals(link) ? lineB : recovery;
    }

    private static LabHost of(final String namespace, final String interfacePrefix, final int hostNumber)
    {
        return new LabHost(namespace, LabLink.LINE_A.end(interfacePrefix, hostNumber),
            LabLink.LINE_B.end(interfacePrefix, hostNumber), LabLink.RECOVERY.end(interfacePrefix, hostNumber));
    }
}
