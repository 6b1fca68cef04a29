package io.wirebook.rx.uring;

import java.lang.foreign.Arena;
import java.util.Map;

import io.wirebook.rx.Flow;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.PortFlows;
import io.wirebook.rx.socket.UdpMulticast;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

/**
 * Opens the UDP socket one port's flows arrive on: non-blocking (the ring does the waiting), bound to
 * INADDR_ANY:port, joined to each flow's group on that flow's own interface (lines A and B on their two), only
 * those groups delivered (IP_MULTICAST_ALL off), with IP_PKTINFO so each datagram names its destination group,
 * and optionally kernel software receive stamps (SO_TIMESTAMPING).
 */
final class MulticastReceiveSocket
{
    static final int RECEIVE_BUFFER_BYTES = 8 << 20;

    /** An open socket, and whether the kernel agreed to stamp its datagrams. */
    record Opened(int fd, boolean stamped)
    {
    }

    private MulticastReceiveSocket()
    {
    }

    /**
     * @param ifindexes      each flow interface's index, by name.
     * @param sourceSpecific join flows that name their source with IP_ADD_SOURCE_MEMBERSHIP.
     */
    static Opened open(
        final PortFlows flows, final Map<String, Integer> ifindexes, final boolean timestamps,
        final boolean sourceSpecific) throws RxUnavailableException
    {
        final int fd;
        try
        {
            fd = UdpMulticast.openSocket(Libc.SOCK_NONBLOCK);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException(ex.getMessage() + "; fix: check ulimit -n", ex);
        }
        try (Arena arena = Arena.ofConfined())
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            UdpMulticast.setReceiveBuffer(fd, RECEIVE_BUFFER_BYTES);
            UdpMulticast.onlyJoinedGroups(fd);
            UdpMulticast.bindAnyAddress(fd, flows.port(), arena);
            for (int i = 0; i < flows.size(); i++)
            {
                final Flow flow = flows.flow(i);
                UdpMulticast.join(fd, flow, ifindexes.get(flow.interfaceName()), sourceSpecific, arena);
            }
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1);
            return new Opened(fd, timestamps && UdpMulticast.enableTimestamps(fd));
        }
        catch (final NativeException ex)
        {
            Libc.close(fd);
            throw new RxUnavailableException(flows + ": " + ex.getMessage()
                + "; fix: check each flow's interface name and address and that the port is free", ex);
        }
    }
}
