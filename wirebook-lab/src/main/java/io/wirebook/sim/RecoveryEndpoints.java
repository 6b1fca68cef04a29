package io.wirebook.sim;

import java.net.InetSocketAddress;

/**
 * Where the lab's recovery servers listen, on the exchange host: the MoldUDP64 request server of channel c
 * (0-based) on UDP port {@code 12400 + c} and the GLIMPSE-style snapshot server of channel c on TCP port
 * {@code 12500 + c}, both on the exchange's end of the recovery link, 198.18.2.1 (127.0.0.1 on loopback runs).
 *
 * <p>Not on the feed's lines: a bypass path (AF_XDP, DPDK) takes every frame of the feed's interfaces away from
 * the kernel, so replies and the snapshot's TCP there would never reach the receiver's kernel sockets. The
 * trading host reaches the servers from its end of the link, 198.18.2.2.
 */
public final class RecoveryEndpoints
{
    /** The exchange's end of the recovery link, where both servers of every channel listen. */
    public static final String EXCHANGE_ADDRESS = "198.18.2.1";
    /** Where the servers listen on a loopback run (no lab network). */
    public static final String LOOPBACK_ADDRESS = "127.0.0.1";
    public static final int REQUEST_SERVER_BASE_PORT = 12400;
    public static final int SNAPSHOT_SERVER_BASE_PORT = 12500;

    private RecoveryEndpoints()
    {
    }

    /** UDP port of channel {@code channel}'s request server. */
    public static int requestServerPort(final int channel)
    {
        return REQUEST_SERVER_BASE_PORT + checked(channel);
    }

    /** TCP port of channel {@code channel}'s snapshot server. */
    public static int snapshotServerPort(final int channel)
    {
        return SNAPSHOT_SERVER_BASE_PORT + checked(channel);
    }

    /** 198.18.2.1 and channel {@code channel}'s request server port. */
    public static InetSocketAddress requestServer(final int channel)
    {
        return new InetSocketAddress(EXCHANGE_ADDRESS, requestServerPort(channel));
    }

    /** 198.18.2.1 and channel {@code channel}'s snapshot server port. */
    public static InetSocketAddress snapshotServer(final int channel)
    {
        return new InetSocketAddress(EXCHANGE_ADDRESS, snapshotServerPort(channel));
    }

    /** Channel {@code channel}'s request server on {@code address}. */
    public static InetSocketAddress requestServer(final String address, final int channel)
    {
        return new InetSocketAddress(address, requestServerPort(channel));
    }

    /** Channel {@code channel}'s snapshot server on {@code address}. */
    public static InetSocketAddress snapshotServer(final String address, final int channel)
    {
        return new InetSocketAddress(address, snapshotServerPort(channel));
    }

    private static int checked(final int channel)
    {
        if (channel < 0 || channel > 99)
        {
            throw new IllegalArgumentException("channel index must be 0..99: " + channel);
        }
        return channel;
    }
}
