package io.wirebook.rx.uring;

import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import java.lang.foreign.Arena;

/**
 * Opens the UDP socket one port's channels arrive on: bound to INADDR_ANY:port, joined to each group on the
 * configured interface, with IP_PKTINFO so each datagram names its destination group, and optionally kernel
 * software receive stamps (SO_TIMESTAMPING).
 */
final class MulticastReceiveSocket
{
    static final int RECEIVE_BUFFER_BYTES = 8 << 20;
    private static final int SOF_TIMESTAMPING_RX_SOFTWARE = 1 << 3;
    private static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;

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
            fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC,
                Libc.IPPROTO_UDP);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException(ex.getMessage() + "; fix: check ulimit -n", ex);
        }
        try (Arena arena = Arena.ofConfined())
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            setReceiveBuffer(fd);
            Libc.bind(fd, Libc.sockaddrIn(arena, 0, port));
            for (final int group : groups)
            {
                Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP,
                    Libc.ipMreqn(arena, group, interfaceAddress, interfaceIndex));
            }
            Libc.setsockoptInt(fd, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 1);
            return new Opened(fd, timestamps && enableTimestamps(fd));
        }
        catch (final NativeException ex)
        {
            Libc.close(fd);
            throw new RxUnavailableException("UDP port " + port + ": " + ex.getMessage()
                + "; fix: check the interface name/address and that the port is free", ex);
        }
    }

    private static void setReceiveBuffer(final int fd)
    {
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, RECEIVE_BUFFER_BYTES);
        }
        catch (final NativeException ex)
        {
            // Without CAP_NET_ADMIN the size is capped by net.core.rmem_max; take what is allowed.
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        }
    }

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
}
