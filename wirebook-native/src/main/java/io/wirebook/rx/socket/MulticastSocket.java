package io.wirebook.rx.socket;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.rx.Channel;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

/**
 * One UDP socket that receives every channel of one port: bound to INADDR_ANY:port, joined to each group of that
 * port on the configured interface, with IP_PKTINFO on so each datagram says which group it was sent to, and
 * SO_TIMESTAMPING asking the kernel for a software receive stamp. Four groups on one port therefore cost one
 * socket and one receive call, not four.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it.
 */
public final class MulticastSocket implements AutoCloseable
{
    public static final int IP_MULTICAST_ALL = 49;
    public static final int DEFAULT_RECEIVE_BUFFER = 8 << 20;
    public static final int RECEIVE_TIMEOUT_MILLIS = 100;

    private final int fd;
    private final int port;
    private final int[] groups;
    private final int[] channelIndexes;
    private final boolean timestamps;
    private final int receiveBufferBytes;
    private final boolean receiveBufferForced;

    private MulticastSocket(
        final int fd, final int port, final int[] groups, final int[] channelIndexes, final boolean timestamps,
        final int receiveBufferBytes, final boolean receiveBufferForced)
    {
        this.fd = fd;
        this.port = port;
        this.groups = groups;
        this.channelIndexes = channelIndexes;
        this.timestamps = timestamps;
        this.receiveBufferBytes = receiveBufferBytes;
        this.receiveBufferForced = receiveBufferForced;
    }

    /**
     * Opens one socket per distinct port of the configured channels, in the order the ports first appear.
     *
     * @param receiveTimeout whether to set SO_RCVTIMEO so a blocking recvmsg returns within 100 ms.
     */
    public static List<MulticastSocket> openAll(final RxConfig config, final boolean receiveTimeout)
        throws RxUnavailableException
    {
        final int ifindex = interfaceIndex(config.interfaceName());
        final List<MulticastSocket> sockets = new ArrayList<>();
        try
        {
            for (final int port : config.channels().stream().mapToInt(Channel::port).distinct().toArray())
            {
                sockets.add(open(config, port, ifindex, receiveTimeout));
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

    private static int interfaceIndex(final String name) throws RxUnavailableException
    {
        try
        {
            return Libc.ifNameToIndex(name);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("interface " + name + " not found in this thread's network namespace ("
                + ex.getMessage() + "); fix: name the interface the feed arrives on (see `ip -br link`), and open "
                + "the path on a thread inside that interface's namespace", ex);
        }
    }

    private static MulticastSocket open(
        final RxConfig config, final int port, final int ifindex, final boolean receiveTimeout)
        throws RxUnavailableException
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
            final int wanted = Integer.parseInt(config.option("socket.rcvbuf", Integer.toString(DEFAULT_RECEIVE_BUFFER)));
            final boolean forced = UdpMulticast.setReceiveBuffer(fd, wanted);
            final MemorySegment value = arena.allocate(JAVA_INT);
            Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value);
            final int receiveBuffer = value.get(JAVA_INT, 0);

            try
            {
                // Without this, a socket bound to INADDR_ANY:port also gets groups other sockets joined on the host.
                Libc.setsockoptInt(fd, Libc.IPPROTO_IP, IP_MULTICAST_ALL, 0);
            }
            catch (final NativeException ignored)
            {
                // Older kernels: the channel lookup still drops foreign groups.
            }
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1);
            final boolean timestamps = UdpMulticast.enableTimestamps(fd);
            if (receiveTimeout)
            {
                final MemorySegment timeval = arena.allocate(16);
                timeval.set(JAVA_LONG, 0, 0L);
                timeval.set(JAVA_LONG, 8, RECEIVE_TIMEOUT_MILLIS * 1000L);
                Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval);
            }
            bind(fd, port, arena);

            final List<Channel> channels = config.channels();
            final int[] groups = channels.stream().filter(c -> c.port() == port).mapToInt(Channel::group).toArray();
            final int[] indexes = new int[groups.length];
            for (int i = 0, j = 0; i < channels.size(); i++)
            {
                if (channels.get(i).port() == port)
                {
                    indexes[j++] = i;
                }
            }
            for (final int group : groups)
            {
                join(fd, group, config, ifindex, arena);
            }
            return new MulticastSocket(fd, port, groups, indexes, timestamps, receiveBuffer, forced);
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

    private static void join(final int fd, final int group, final RxConfig config, final int ifindex,
        final Arena arena) throws RxUnavailableException
    {
        try
        {
            UdpMulticast.join(fd, group, config.interfaceAddress(), ifindex, arena);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("cannot join " + Channel.toDotted(group) + " on "
                + config.interfaceName() + " (" + ex.getMessage() + "); fix: bring the interface up with multicast on "
                + "(ip link set " + config.interfaceName() + " up multicast on) and check "
                + "net.ipv4.igmp_max_memberships", ex);
        }
    }

    public int fd()
    {
        return fd;
    }

    public int port()
    {
        return port;
    }

    /** The channel index of a destination group on this socket's port, or -1 for a group nobody configured. */
    public int channelOf(final int group)
    {
        for (int i = 0; i < groups.length; i++)
        {
            if (groups[i] == group)
            {
                return channelIndexes[i];
            }
        }
        return -1;
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
