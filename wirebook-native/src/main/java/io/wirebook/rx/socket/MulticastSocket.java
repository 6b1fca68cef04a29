package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Interfaces;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One UDP socket that receives every flow of one port: bound to INADDR_ANY:port, joined to each flow's group on
 * that flow's own interface (lines A and B on their two interfaces), with IP_PKTINFO on so each datagram says which
 * group it was sent to, and SO_TIMESTAMPING asking the kernel for a software receive stamp. Four groups on one
 * port therefore cost one socket and one receive call, not four, and so do both lines of a channel.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it.
 */
public final class MulticastSocket implements AutoCloseable
{
    public static final int DEFAULT_RECEIVE_BUFFER = 8 << 20;
    public static final int RECEIVE_TIMEOUT_MILLIS = 100;

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
     * Opens one socket per distinct port of the configured flows, in the order the ports first appear.
     *
     * @param receiveTimeout whether to set SO_RCVTIMEO so a blocking recvmsg returns within 100 ms.
     */
    public static List<MulticastSocket> openAll(final RxConfig config, final boolean receiveTimeout)
        throws RxUnavailableException
    {
        final List<PortFlows> ports = PortFlows.byPort(config.flows());
        final Map<String, Integer> ifindexes = new HashMap<>();
        for (final String name : config.interfaces())
        {
            ifindexes.put(name, Interfaces.index(name));
        }
        final List<MulticastSocket> sockets = new ArrayList<>();
        try
        {
            for (final PortFlows port : ports)
            {
                sockets.add(open(config, port, ifindexes, receiveTimeout));
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
        final RxConfig config, final PortFlows flows, final Map<String, Integer> ifindexes,
        final boolean receiveTimeout) throws RxUnavailableException
    {
        final int fd;
        try
        {
            fd = UdpMulticast.openSocket(0);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("cannot create a UDP socket (" + ex.getMessage()
                + "); fix: raise the open-file limit (ulimit -n) or check the process may use sockets", ex);
        }
        try (Arena arena = Arena.ofConfined())
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            final int wanted =
                Integer.parseInt(config.option("socket.rcvbuf", Integer.toString(DEFAULT_RECEIVE_BUFFER)));
            final boolean forced = UdpMulticast.setReceiveBuffer(fd, wanted);
            final MemorySegment value = arena.allocate(JAVA_INT);
            Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value);
            final int receiveBuffer = value.get(JAVA_INT, 0);

            UdpMulticast.onlyJoinedGroups(fd);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1);
            final boolean timestamps = UdpMulticast.enableTimestamps(fd);
            if (receiveTimeout)
            {
                final MemorySegment timeval = arena.allocate(16);
                timeval.set(JAVA_LONG, 0, 0L);
                timeval.set(JAVA_LONG, 8, RECEIVE_TIMEOUT_MILLIS * 1000L);
                Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval);
            }
            bind(fd, flows.port(), arena);

            final boolean sourceSpecific = UdpMulticast.sourceSpecific(config);
            for (int i = 0; i < flows.size(); i++)
            {
                join(fd, flows.flow(i), ifindexes.get(flows.flow(i).interfaceName()), sourceSpecific, arena);
            }
            return new MulticastSocket(fd, flows, timestamps, receiveBuffer, forced);
        }
        catch (final RxUnavailableException | RuntimeException ex)
        {
            Libc.close(fd);
            throw ex;
        }
    }

    private static void bind(final int fd, final int port, final Arena arena) throws RxUnavailableException
    {
        try
        {
            UdpMulticast.bindAnyAddress(fd, port, arena);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("cannot bind UDP port " + port + " (" + ex.getMessage()
                + "); fix: stop whatever holds the port without SO_REUSEADDR (ss -lunp sport = :" + port + ")", ex);
        }
    }

    private static void join(
        final int fd, final Flow flow, final int ifindex, final boolean sourceSpecific, final Arena arena)
        throws RxUnavailableException
    {
        try
        {
            UdpMulticast.join(fd, flow, ifindex, sourceSpecific, arena);
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

    /** Whether the kernel accepted SO_TIMESTAMPING for software receive stamps. */
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
    public void close()
    {
        Libc.close(fd);
    }
}
