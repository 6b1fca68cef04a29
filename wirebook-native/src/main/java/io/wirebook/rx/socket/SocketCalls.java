package io.wirebook.rx.socket;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;
import org.agrona.UnsafeApi;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The socket calls the socket paths make per poll and per flush, bound once. Pointers are passed as {@code long}
 * addresses of memory the path allocated at open, so a call costs no segment checks and allocates nothing.
 *
 * <p>The non-blocking calls are {@linkplain Linker.Option#critical(boolean) critical} (no thread-state
 * transition, the cheapest downcall). Calls that may block (blocking recvmsg, poll(2)) are not: a critical call
 * would hold off the JVM's safepoints. None of the per-poll calls captures errno: -1 there nearly always means
 * EAGAIN, the normal "nothing yet" (or SO_RCVTIMEO/poll timeout), so callers read errno straight from libc's
 * thread-local with {@link #errno()}, trust only EAGAIN from it, and confirm anything else with a capturing
 * call, which may allocate 40 bytes until the JIT compiles it, so it stays off the normal path.
 */
public final class SocketCalls
{
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_CTRUNC = 0x08;
    public static final int POLLIN = 0x1;
    /** struct pollfd { int fd; short events; short revents; } */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
        JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    public static final int POLLFD_SIZE = (int)POLLFD.byteSize();
    public static final int POLLFD_FD = (int)POLLFD.byteOffset(groupElement("fd"));
    public static final int POLLFD_EVENTS = (int)POLLFD.byteOffset(groupElement("events"));
    public static final int POLLFD_REVENTS = (int)POLLFD.byteOffset(groupElement("revents"));

    private static final FunctionDescriptor RECVMSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final FunctionDescriptor RECVMMSG =
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final FunctionDescriptor SENDMSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final FunctionDescriptor SENDMMSG =
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor POLL = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);

    private static final MethodHandle RECVMSG_NOWAIT = critical("recvmsg", RECVMSG);
    private static final MethodHandle RECVMMSG_NOWAIT = critical("recvmmsg", RECVMMSG);
    private static final MethodHandle SENDMSG_NOWAIT = critical("sendmsg", SENDMSG);
    private static final MethodHandle SENDMMSG_NOWAIT = critical("sendmmsg", SENDMMSG);
    private static final MethodHandle RECVMSG_PLAIN = Libc.plain("recvmsg", RECVMSG);
    private static final MethodHandle POLL_PLAIN = Libc.plain("poll", POLL);
    private static final MethodHandle RECVMSG_CAPTURING = Libc.capturing("recvmsg", RECVMSG);
    private static final MethodHandle RECVMMSG_CAPTURING = Libc.capturing("recvmmsg", RECVMMSG);
    private static final MethodHandle POLL_CAPTURING = Libc.capturing("poll", POLL);
    private static final MethodHandle ERRNO_LOCATION = critical("__errno_location", FunctionDescriptor.of(JAVA_LONG));

    private SocketCalls()
    {
    }

    private static MethodHandle critical(final String name, final FunctionDescriptor descriptor)
    {
        return Libc.LINKER.downcallHandle(Libc.LIBC.findOrThrow(name), descriptor, Linker.Option.critical(false));
    }

    /** recvmsg(fd, msghdr, MSG_DONTWAIT | flags): bytes received, or -1 (nearly always EAGAIN; errno not kept). */
    public static long recvmsgNoWait(final int fd, final long msghdr)
    {
        try
        {
            return (long)RECVMSG_NOWAIT.invokeExact(fd, msghdr, Libc.MSG_DONTWAIT);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** sendmsg(fd, msghdr, MSG_DONTWAIT): bytes sent, or -1 (see {@link #errno()}). */
    public static long sendmsgNoWait(final int fd, final long msghdr)
    {
        try
        {
            return (long)SENDMSG_NOWAIT.invokeExact(fd, msghdr, Libc.MSG_DONTWAIT);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** sendmmsg(fd, mmsghdr[vlen], vlen, MSG_DONTWAIT): datagrams sent, or -1 (see {@link #errno()}). */
    public static int sendmmsgNoWait(final int fd, final long mmsghdr, final int vlen)
    {
        try
        {
            return (int)SENDMMSG_NOWAIT.invokeExact(fd, mmsghdr, vlen, Libc.MSG_DONTWAIT);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** recvmsg that may block (SO_RCVTIMEO bounds it): bytes received, or -1 (see {@link #errno()}). */
    public static long recvmsgBlocking(final int fd, final long msghdr)
    {
        try
        {
            return (long)RECVMSG_PLAIN.invokeExact(fd, msghdr, 0);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /**
     * poll(2) over {@code count} struct pollfd at {@code fds}: ready count, 0 on timeout, -1 (see {@link #errno()}).
     */
    public static int poll(final long fds, final int count, final int timeoutMillis)
    {
        try
        {
            return (int)POLL_PLAIN.invokeExact(fds, (long)count, timeoutMillis);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** recvmsg with errno captured into {@code errnoState}: the confirming slow path. */
    public static long recvmsg(final MemorySegment errnoState, final int fd, final long msghdr, final int flags)
    {
        try
        {
            return (long)RECVMSG_CAPTURING.invokeExact(errnoState, fd, msghdr, flags);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** recvmmsg(fd, mmsghdr[vlen], vlen, MSG_DONTWAIT, NULL): datagrams received, or -1 (nearly always EAGAIN). */
    public static int recvmmsgNoWait(final int fd, final long mmsghdr, final int vlen)
    {
        try
        {
            return (int)RECVMMSG_NOWAIT.invokeExact(fd, mmsghdr, vlen, Libc.MSG_DONTWAIT, 0L);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    public static int recvmmsg(
        final MemorySegment errnoState, final int fd, final long mmsghdr, final int vlen, final int flags)
    {
        try
        {
            return (int)RECVMMSG_CAPTURING.invokeExact(errnoState, fd, mmsghdr, vlen, flags, 0L);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** poll(2) with errno captured into {@code errnoState}: the confirming slow path. */
    public static int poll(final MemorySegment errnoState, final long fds, final int count, final int timeoutMillis)
    {
        try
        {
            return (int)POLL_CAPTURING.invokeExact(errnoState, fds, (long)count, timeoutMillis);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /**
     * errno as the last downcall of this thread left it, read from libc's thread-local. The JVM seldom touches
     * errno between a downcall's return and this read, but it can (a safepoint in between, the way back from a
     * non-critical call): trust only EAGAIN from here and confirm any other value with a capturing call. Unlike a
     * capturing call, this allocates nothing even when interpreted, so it can run on every empty poll.
     */
    public static int errno()
    {
        try
        {
            return UnsafeApi.getInt((long)ERRNO_LOCATION.invokeExact());
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** EAGAIN (nothing queued, or SO_RCVTIMEO expired) and EINTR are the normal "no datagram" outcomes. */
    public static boolean isNoData(final int errno)
    {
        return errno == Libc.EAGAIN || errno == Libc.EINTR;
    }

    /** A receive call failed for a reason other than "nothing yet": the socket is unusable. */
    public static NativeException failure(final String call, final int errno)
    {
        return new NativeException(call, errno);
    }
}
