package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.util.Arrays;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.sys.IpMreqSource;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

/**
 * The kernel side of receiving multicast, shared by every path: an AF_INET UDP socket, its receive buffer and
 * software receive stamps, the bind to INADDR_ANY:port and the group joins (ip_mreqn, or ip_mreq_source for a
 * source-specific join), each on its flow's interface. Each socket call throws the {@link NativeException} as it
 * comes, so the caller can say what to fix in its own terms.
 */
public final class UdpMulticast
{
    public static final int SOF_TIMESTAMPING_RX_SOFTWARE = 1 << 3;
    public static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
    public static final int IP_MULTICAST_ALL = 49;

    /**
     * Option {@code socket.ssm} (default false), for every kernel-socket path: join each flow that names its
     * source with IP_ADD_SOURCE_MEMBERSHIP, so the kernel drops datagrams from any other address before the path
     * sees them. Those are then not counted as {@code rejected.wrong_source}: the count no longer shows forgeries.
     * The path checks source address and port itself either way (the kernel does not filter ports).
     */
    public static final String SSM_OPTION = "socket.ssm";

    private UdpMulticast()
    {
    }

    /** @param extraTypeFlags added to SOCK_DGRAM | SOCK_CLOEXEC, e.g. SOCK_NONBLOCK (0 for none). */
    public static int openSocket(final int extraTypeFlags)
    {
        return Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC | extraTypeFlags, 0);
    }

    /**
     * SO_RCVBUFFORCE, which ignores net.core.rmem_max but needs CAP_NET_ADMIN; without it SO_RCVBUF, which the
     * kernel caps at net.core.rmem_max.
     *
     * @return whether the forced size was allowed.
     */
    public static boolean setReceiveBuffer(final int fd, final int bytes)
    {
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, bytes);
            return true;
        }
        catch (final NativeException ex)
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, bytes);
            return false;
        }
    }

    /** Asks for software receive stamps (SO_TIMESTAMPING); returns whether the kernel accepted. */
    public static boolean enableTimestamps(final int fd)
    {
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPING,
                SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE);
            return true;
        }
        catch (final NativeException ex)
        {
            return false;
        }
    }

    /** Binds to INADDR_ANY:port, so one socket receives every group joined on it for that port. */
    public static void bindAnyAddress(final int fd, final int port, final Arena arena)
    {
        Libc.bind(fd, Libc.sockaddrIn(arena, 0, port));
    }

    /** IP_ADD_MEMBERSHIP with an ip_mreqn: the group, on the interface of that address and index. */
    public static void join(
        final int fd, final int group, final int interfaceAddress, final int ifindex, final Arena arena)
    {
        Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP,
            Libc.ipMreqn(arena, group, interfaceAddress, ifindex));
    }

    /** Whether {@link #SSM_OPTION} asks for source-specific joins. */
    public static boolean sourceSpecific(final RxConfig config)
    {
        return Boolean.parseBoolean(config.option(SSM_OPTION, "false"));
    }

    /**
     * Joins a flow's group on its interface: with {@code sourceSpecific} and a flow that names its source,
     * IP_ADD_SOURCE_MEMBERSHIP (the interface by its address: ip_mreq_source has no index), otherwise any source.
     */
    public static void join(
        final int fd, final Flow flow, final int ifindex, final boolean sourceSpecific, final Arena arena)
    {
        if (sourceSpecific && flow.source() != Flow.ANY_SOURCE)
        {
            Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_SOURCE_MEMBERSHIP,
                IpMreqSource.allocate(arena, flow.address().group(), flow.interfaceAddress(), flow.source()));
        }
        else
        {
            join(fd, flow.address().group(), flow.interfaceAddress(), ifindex, arena);
        }
    }

    /**
     * Turns IP_MULTICAST_ALL off: without it a socket bound to INADDR_ANY:port also gets the groups other sockets
     * of the host joined on that port, and a group joined on line A's interface arriving on line B's.
     *
     * @return false on a kernel without the option, where the path's lookup by group still drops foreign groups.
     */
    public static boolean onlyJoinedGroups(final int fd)
    {
        try
        {
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, IP_MULTICAST_ALL, 0);
            return true;
        }
        catch (final NativeException ex)
        {
            return false;
        }
    }

    /** The groups of {@code channels}, each once, in the order they first appear. */
    public static int[] distinctGroups(final Iterable<Channel> channels)
    {
        int[] groups = new int[0];
        for (final Channel channel : channels)
        {
            if (Arrays.stream(groups).noneMatch(g -> g == channel.group()))
            {
                groups = Arrays.copyOf(groups, groups.length + 1);
                groups[groups.length - 1] = channel.group();
            }
        }
        return groups;
    }
}
