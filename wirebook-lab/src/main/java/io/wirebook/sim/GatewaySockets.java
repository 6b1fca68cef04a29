package io.wirebook.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import io.wirebook.rx.socket.MulticastSocket;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The order gateway's kernel sockets: a UDP and a listening TCP socket bound to the exchange's address, each
 * asking for software receive stamps (SO_TIMESTAMPING, as the receive paths do) and with a 100 ms receive timeout so
 * that its thread sees a stop request.
 */
final class GatewaySockets
{
    static final int SOCK_STREAM = 1;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int RECEIVE_TIMEOUT_MICROS = 100_000;

    private static final StructLayout TIMEVAL = MemoryLayout.structLayout(
        JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec"));
    private static final long TV_USEC = TIMEVAL.byteOffset(groupElement("tv_usec"));
    private static final MethodHandle LISTEN = Libc.capturing("listen",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT = Libc.capturing("accept",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle SEND = Libc.plain("send",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final int EAGAIN = Libc.EAGAIN;

    private GatewaySockets()
    {
    }

    /** A UDP socket bound to {@code address:port}, stamping and timing out. */
    static int udp(final int address, final int port)
    {
        return bound(Libc.SOCK_DGRAM, address, port);
    }

    /** A TCP socket listening on {@code address:port}. */
    static int listening(final int address, final int port)
    {
        final int fd = bound(SOCK_STREAM, address, port);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment errno = Libc.errnoState(arena);
            Libc.check("listen", (int)LISTEN.invokeExact(errno, fd, 4), errno);
            return fd;
        }
        catch (final RuntimeException ex)
        {
            Libc.close(fd);
            throw ex;
        }
        catch (final Throwable t)
        {
            Libc.close(fd);
            throw new IllegalStateException(t);
        }
    }

    /**
     * Accepts one connection, stamping and timing out as the listener does.
     *
     * @return its fd, or -1 when none came within the timeout.
     */
    static int accept(final int listener, final MemorySegment errno)
    {
        final int fd;
        try
        {
            fd = (int)ACCEPT.invokeExact(errno, listener, 0L, 0L);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        if (fd < 0)
        {
            final int code = Libc.errno(errno);
            if (code == EAGAIN || code == Libc.EINTR)
            {
                return -1;
            }
            throw new NativeException("accept", code);
        }
        configure(fd);
        Libc.setsockoptInt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
        return fd;
    }

    /** Writes all {@code length} bytes at {@code address} to a connected socket; false if it failed. */
    static boolean sendAll(final int fd, final long address, final int length)
    {
        int done = 0;
        while (done < length)
        {
            final long sent;
            try
            {
                sent = (long)SEND.invokeExact(fd, address + done, (long)(length - done), 0);
            }
            catch (final Throwable t)
            {
                throw new IllegalStateException(t);
            }
            if (sent <= 0)
            {
                return false;
            }
            done += (int)sent;
        }
        return true;
    }

    private static int bound(final int type, final int address, final int port)
    {
        final int fd = Libc.socket(Libc.AF_INET, type | Libc.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined())
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
            configure(fd);
            Libc.bind(fd, Libc.sockaddrIn(arena, address, port));
            return fd;
        }
        catch (final RuntimeException ex)
        {
            Libc.close(fd);
            throw ex;
        }
    }

    private static void configure(final int fd)
    {
        Libc.setsockoptInt(fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPING,
            MulticastSocket.SOF_TIMESTAMPING_RX_SOFTWARE | MulticastSocket.SOF_TIMESTAMPING_SOFTWARE);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment timeval = arena.allocate(TIMEVAL);
            timeval.set(JAVA_LONG, TV_USEC, RECEIVE_TIMEOUT_MICROS);
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval);
        }
    }
}
