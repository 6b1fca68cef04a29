package io.wirebook.rx.uring;

import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.UdpMulticast;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import java.lang.foreign.Arena;

/**
 * Opens the UDP socket one port's channels arrive on: non-blocking (the ring does the waiting), bound to
 * INADDR_ANY:port, joined to each group on the configured interface, with IP_PKTINFO so each datagram names its
 * destination group, and optionally kernel software receive stamps (SO_TIMESTAMPING).
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

    static Opened open(
        final int port, final int[] groups, final int interfaceAddress, final int interfaceIndex,
        final boolean timestamps) throws RxUnavailableException
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
            UdpMulticast.bindAnyAddress(fd, port, arena);
            for (final int group : groups)
            {
                UdpMulticast.join(fd, group, interfaceAddress, interfaceIndex, arena);
            }
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1);
            return new Opened(fd, timestamps && UdpMulticast.enableTimestamps(fd));
        }
        catch (final NativeException ex)
        {
            Libc.close(fd);
            throw new RxUnavailableException("UDP port " + port + ": " + ex.getMessage()
                + "; fix: check the interface name/address and that the port is free", ex);
        }
    }
}
