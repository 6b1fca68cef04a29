package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Interfaces;
import io.wirebook.sys.IpMreqSource;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One UDP socket that receives every flow of one port, for every path that reads UDP from the kernel (socket,
 * socket-spin, recvmmsg, io-uring): bound to INADDR_ANY:port, joined to each flow's group on that flow's own
 * interface (lines A and B on their two interfaces; ip_mreqn, or ip_mreq_source with {@code socket.ssm}), only those
 * groups delivered (IP_MULTICAST_ALL off), with IP_PKTINFO on so each datagram says which group it was sent to, and
 * SO_TIMESTAMPING asking the kernel for a software receive stamp. Four groups on one port therefore cost one socket
 * and one receive call, not four, and so do both lines of a channel.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it.
 */
public final class MulticastSocket implements AutoCloseable
{
    public static final int RECEIVE_TIMEOUT_MILLIS = 100;
    public static final int SOF_TIMESTAMPING_RX_SOFTWARE = 1 << 3;
    public static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
    public static final int IP_MULTICAST_ALL = 49;

    /** struct timeval (64-bit), for SO_RCVTIMEO. */
    static final StructLayout TIMEVAL = MemoryLayout.structLayout(
        JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec"));
    private static final long TV_SEC = TIMEVAL.byteOffset(groupElement("tv_sec"));
    private static final long TV_USEC = TIMEVAL.byteOffset(groupElement("tv_usec"));

    /** How a path waits for datagrams on the socket. */
    public enum Waiting
    {
        /** A blocking recvmsg, returning within {@link #RECEIVE_TIMEOUT_MILLIS} (SO_RCVTIMEO). */
        BLOCKING_WITH_TIMEOUT,
        /** Blocking, but the path waits elsewhere (MSG_DONTWAIT, poll(2)). */
        BLOCKING,
        /** O_NONBLOCK: an io_uring does the waiting. */
        NON_BLOCKING
    }

    private final int fd;
    private final PortFlows flows;
    private final boolean timestamps;
    private final int receiveBufferBytes;
    private final boolean receiveBufferForced;

    private MulticastSocket(
        final int fd, final PortFlows flows, final boolean timestamps, final int receiveBufferBytes,
        final boolean receiveBufferForced)
    {
        this.fd = fd;
        this.flows = flows;
        this.timestamps = timestamps;
        this.receiveBufferBytes = receiveBufferBytes;
        this.receiveBufferForced = receiveBufferForced;
    }

    /**
     * Opens one socket per distinct port of the configured flows, in the order the ports first appear, with the
     * receive buffer of {@code socket.rcvbuf} and the joins {@code socket.ssm} asks for.
     *
     * @param timestamps whether to ask for kernel receive stamps.
     */
    public static List<MulticastSocket> openAll(final RxConfig config, final Waiting waiting, final boolean timestamps)
        throws RxUnavailableException
    {
        final List<PortFlows> ports = PortFlows.byPort(config.flows());
        final Map<String, Integer> ifindexes = new HashMap<>();
        for (final String name : config.interfaces())
        {
            ifindexes.put(name, Interfaces.index(name));
        }
        final int receiveBuffer = SocketPathOptions.RECEIVE_BUFFER.from(config);
        final boolean sourceSpecific = SocketPathOptions.SOURCE_SPECIFIC.from(config);
        final List<MulticastSocket> sockets = new ArrayList<>();
        try
        {
            for (final PortFlows port : ports)
            {
                sockets.add(open(port, ifindexes, waiting, timestamps, receiveBuffer, sourceSpecific));
            }
            return sockets;
        }
        catch (final NativeException ex)
        {
            sockets.forEach(MulticastSocket::close);
            throw new RxUnavailableException("UDP socket set-up failed (" + ex.getMessage() + "); fix: run on a Linux "
                + "kernel with IP_PKTINFO and SO_TIMESTAMPING (any since 3.x) as a user allowed to set socket options",
                ex);
        }
        catch (final RxUnavailableException | RuntimeException ex)
        {
            sockets.forEach(MulticastSocket::close);
            throw ex;
        }
    }

    private static MulticastSocket open(
        final PortFlows flows, final Map<String, Integer> ifindexes, final Waiting waiting, final boolean timestamps,
        final int receiveBuffer, final boolean sourceSpecific) throws RxUnavailableException
    {
        final int fd;
        try
        {
            fd = openUdpSocket(waiting == Waiting.NON_BLOCKING ? Libc.SOCK_NONBLOCK : 0);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("cannot create a UDP socket (" + ex.getMessage()
                + "); fix: raise the open-file limit (ulimit -n) or check the process may use sockets", ex);
        }
        try (Arena arena = Arena.ofConfined())
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            final boolean forced = setReceiveBuffer(fd, receiveBuffer);
            final MemorySegment value = arena.allocate(JAVA_INT);
            Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value);
            final int receiveBufferBytes = value.get(JAVA_INT, 0);

            onlyJoinedGroups(fd);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1);
            final boolean stamped = timestamps && enableTimestamps(fd);
            if (waiting == Waiting.BLOCKING_WITH_TIMEOUT)
            {
                final MemorySegment timeval = arena.allocate(TIMEVAL);
                timeval.set(JAVA_LONG, TV_SEC, 0L);
                timeval.set(JAVA_LONG, TV_USEC, RECEIVE_TIMEOUT_MILLIS * 1000L);
                Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval);
            }
            bind(fd, flows.port(), arena);
            for (int i = 0; i < flows.size(); i++)
            {
                if (!flows.flow(i).address().isMulticast())
                {
                    // Sent to this host: the bind to INADDR_ANY:port receives it, there is no group to join.
                    continue;
                }
                join(fd, flows.flow(i), ifindexes.get(flows.flow(i).interfaceName()), sourceSpecific, arena);
            }
            return new MulticastSocket(fd, flows, stamped, receiveBufferBytes, forced);
        }
        catch (final RxUnavailableException | RuntimeException ex)
        {
            Libc.close(fd);
            throw ex;
        }
    }

    /** @param extraTypeFlags added to SOCK_DGRAM | SOCK_CLOEXEC, e.g. SOCK_NONBLOCK (0 for none). */
    static int openUdpSocket(final int extraTypeFlags)
    {
        return Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC | extraTypeFlags, 0);
    }

    /** IP_ADD_MEMBERSHIP with an ip_mreqn: the group, on the interface of that address and index. */
    static void joinGroup(final int fd, final int group, final int interfaceAddress, final int ifindex,
        final Arena arena)
    {
        Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP,
            Libc.ipMreqn(arena, group, interfaceAddress, ifindex));
    }

    /**
     * SO_RCVBUFFORCE, which ignores net.core.rmem_max but needs CAP_NET_ADMIN; without it SO_RCVBUF, which the
     * kernel caps at net.core.rmem_max.
     *
     * @return whether the forced size was allowed.
     */
    private static boolean setReceiveBuffer(final int fd, final int bytes)
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
    private static boolean enableTimestamps(final int fd)
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

    /**
     * Turns IP_MULTICAST_ALL off: without it a socket bound to INADDR_ANY:port also gets the groups other sockets
     * of the host joined on that port, and a group joined on line A's interface arriving on line B's. A kernel
     * without the option is left as it is: the lookup by group still drops foreign groups.
     */
    private static void onlyJoinedGroups(final int fd)
    {
        try
        {
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, IP_MULTICAST_ALL, 0);
        }
        catch (final NativeException ex)
        {
            // Nothing to do: see above.
        }
    }

    /** Binds to INADDR_ANY:port, so one socket receives every group joined on it for that port. */
    private static void bind(final int fd, final int port, final Arena arena) throws RxUnavailableException
    {
        try
        {
            Libc.bind(fd, Libc.sockaddrIn(arena, 0, port));
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("cannot bind UDP port " + port + " (" + ex.getMessage()
                + "); fix: stop whatever holds the port without SO_REUSEADDR (ss -lunp sport = :" + port + ")", ex);
        }
    }

    /**
     * Joins a flow's group on its interface: with {@code sourceSpecific} and a flow that names its source,
     * IP_ADD_SOURCE_MEMBERSHIP (the interface by its address: ip_mreq_source has no index), otherwise any source.
     */
    private static void join(
        final int fd, final Flow flow, final int ifindex, final boolean sourceSpecific, final Arena arena)
        throws RxUnavailableException
    {
        try
        {
            if (sourceSpecific && flow.source() != Flow.ANY_SOURCE)
            {
                Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_SOURCE_MEMBERSHIP,
                    IpMreqSource.allocate(arena, flow.address().group(), flow.interfaceAddress(), flow.source()));
            }
            else
            {
                joinGroup(fd, flow.address().group(), flow.interfaceAddress(), ifindex, arena);
            }
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("cannot join " + flow + " (" + ex.getMessage() + "); fix: bring the "
                + "interface up with multicast on (ip link set " + flow.interfaceName() + " up multicast on), give "
                + "the flow that interface's address, and check net.ipv4.igmp_max_memberships", ex);
        }
    }

    public int fd()
    {
        return fd;
    }

    public int port()
    {
        return flows.port();
    }

    /** The configuration's flow index of a destination group on this socket's port, or -1 for any other. */
    public int flowOf(final int group)
    {
        return flows.flowOf(group);
    }

    /** Whether the kernel accepted SO_TIMESTAMPING for software receive stamps (false when none were asked for). */
    public boolean timestamps()
    {
        return timestamps;
    }

    /** SO_RCVBUF as the kernel reports it (twice what was asked: it counts its own overhead). */
    public int receiveBufferBytes()
    {
        return receiveBufferBytes;
    }

    /** Whether SO_RCVBUFFORCE was allowed (otherwise SO_RCVBUF, capped by net.core.rmem_max). */
    public boolean receiveBufferForced()
    {
        return receiveBufferForced;
    }

    @Override
    public String toString()
    {
        return flows.toString();
    }

    @Override
    public void close()
    {
        Libc.close(fd);
    }
}
