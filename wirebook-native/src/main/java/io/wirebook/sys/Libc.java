package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls wirebook makes, bound with the FFM API. Calls that can fail capture errno so that the message
 * names the real cause. Nothing here is called per packet except where a path says so.
 */
public final class Libc
{
    public static final int AF_INET = 2;
    public static final int AF_PACKET = 17;
    public static final int AF_XDP = 44;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_UDP = 17;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_TIMESTAMPING = 37;
    public static final int SO_BUSY_POLL = 46;
    public static final int SO_PREFER_BUSY_POLL = 69;
    public static final int SO_BUSY_POLL_BUDGET = 70;
    public static final int IP_PKTINFO = 8;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_ADD_SOURCE_MEMBERSHIP = 39;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_WAITFORONE = 0x10000;
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_HUGETLB = 0x40000;
    public static final int O_RDWR = 2;
    public static final int O_CLOEXEC = 0x80000;
    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final long MAP_FAILED = -1L;

    public static final Linker LINKER = Linker.nativeLinker();
    public static final SymbolLookup LIBC = LINKER.defaultLookup();

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** struct timespec */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"),
        JAVA_LONG.withName("tv_nsec"));

    private static final MethodHandle SOCKET =
        capturing("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = capturing("setsockopt",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = capturing("getsockopt",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle BIND =
        capturing("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle OPEN =
        capturing("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** int ioctl(int fd, unsigned long request, ...): the argument is a pointer, passed as the first variadic. */
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LIBC.findOrThrow("ioctl"),
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2),
        CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = capturing("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MMAP = capturing("mmap",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = capturing("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SCHED_SETAFFINITY = capturing("sched_setaffinity",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETAFFINITY = capturing("sched_getaffinity",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle IF_NAMETOINDEX =
        capturing("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CLOCK_GETTIME =
        plain("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle STRERROR = plain("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** sizeof(cpu_set_t) of glibc: 1024 CPUs. */
    private static final long CPU_SET_BYTES = 128;

    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;

    private Libc()
    {
    }

    /** Binds a libc function whose errno the caller wants: the handle takes the capture segment first. */
    public static MethodHandle capturing(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, CAPTURE_ERRNO);
    }

    public static MethodHandle plain(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor);
    }

    /** A segment to pass as the first argument of a {@link #capturing} handle. */
    public static MemorySegment errnoState(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    public static int errno(final MemorySegment state)
    {
        return (int)ERRNO.get(state, 0L);
    }

    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment s = (MemorySegment)STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        }
        catch (final Throwable t)
        {
            return "errno " + errno;
        }
    }

    /**
     * A call through a {@link #capturing} handle: {@code errnoState} goes first, {@code arena} holds what the call
     * needs only while it runs.
     */
    @FunctionalInterface
    private interface ErrnoCall
    {
        int call(Arena arena, MemorySegment errnoState) throws Throwable;
    }

    /**
     * Runs {@code call} with a fresh errno capture; a negative result throws {@link NativeException} naming
     * {@code name} and errno. For the control-path calls: it allocates.
     */
    private static int checked(final String name, final ErrnoCall call)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment st = errnoState(arena);
            return check(name, call.call(arena, st), st);
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** Throws {@link NativeException} "call: strerror (errno N)" when {@code result} is negative. */
    public static int check(final String call, final int result, final MemorySegment state)
    {
        if (result < 0)
        {
            final int errno = errno(state);
            throw new NativeException(call, errno);
        }
        return result;
    }

    public static int socket(final int domain, final int type, final int protocol)
    {
        return checked("socket", (arena, st) -> (int)SOCKET.invokeExact(st, domain, type, protocol));
    }

    public static void setsockopt(final int fd, final int level, final int option, final MemorySegment value)
    {
        checked("setsockopt(" + level + "," + option + ")",
            (arena, st) -> (int)SETSOCKOPT.invokeExact(st, fd, level, option, value, (int)value.byteSize()));
    }

    public static void setsockoptInt(final int fd, final int level, final int option, final int value)
    {
        try (Arena arena = Arena.ofConfined())
        {
            setsockopt(fd, level, option, arena.allocateFrom(JAVA_INT, value));
        }
    }

    /** getsockopt into {@code value}; returns the length the kernel wrote. */
    public static int getsockopt(final int fd, final int level, final int option, final MemorySegment value)
    {
        return checked("getsockopt(" + level + "," + option + ")", (arena, st) ->
        {
            final MemorySegment len = arena.allocateFrom(JAVA_INT, (int)value.byteSize());
            final int result = (int)GETSOCKOPT.invokeExact(st, fd, level, option, value, len);
            return result < 0 ? result : len.get(JAVA_INT, 0);
        });
    }

    public static void bind(final int fd, final MemorySegment address)
    {
        checked("bind", (arena, st) -> (int)BIND.invokeExact(st, fd, address, (int)address.byteSize()));
    }

    /** struct sockaddr_in for an IPv4 address (host order int) and port. */
    public static MemorySegment sockaddrIn(final Arena arena, final int address, final int port)
    {
        final MemorySegment sa = arena.allocate(16);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short)AF_INET);
        sa.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short)port);
        sa.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4, address);
        return sa;
    }

    /** struct ip_mreqn for IP_ADD_MEMBERSHIP: group, local interface address, interface index. */
    public static MemorySegment ipMreqn(final Arena arena, final int group, final int localAddress, final int ifindex)
    {
        final MemorySegment m = arena.allocate(12);
        m.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0, group);
        m.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4, localAddress);
        m.set(JAVA_INT, 8, ifindex);
        return m;
    }

    /** open(2) of a file or device; throws {@link NativeException} naming the path and errno. */
    public static int open(final String path, final int flags)
    {
        return checked("open(" + path + ")", (arena, st) -> (int)OPEN.invokeExact(st, arena.allocateFrom(path), flags));
    }

    /**
     * ioctl(2) with a pointer argument; throws {@link NativeException} naming {@code name} and errno. For the
     * control path: it allocates.
     */
    public static int ioctl(final int fd, final String name, final long request, final MemorySegment argument)
    {
        return checked("ioctl(" + name + ")", (arena, st) -> (int)IOCTL.invokeExact(st, fd, request, argument));
    }

    public static void close(final int fd)
    {
        if (fd < 0)
        {
            return;
        }
        try (Arena arena = Arena.ofConfined())
        {
            final int ignored = (int)CLOSE.invokeExact(errnoState(arena), fd);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** mmap; returns a segment of {@code length} bytes. */
    public static MemorySegment mmap(
        final long length, final int prot, final int flags, final int fd, final long offset)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment st = errnoState(arena);
            final MemorySegment p = (MemorySegment)MMAP.invokeExact(st, MemorySegment.NULL, length, prot, flags, fd,
                offset);
            if (p.address() == MAP_FAILED)
            {
                throw new NativeException("mmap(" + length + " bytes)", errno(st));
            }
            return p.reinterpret(length);
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    public static void munmap(final MemorySegment segment)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int ignored = (int)MUNMAP.invokeExact(errnoState(arena), segment, segment.byteSize());
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** Pins the calling thread to one CPU. */
    public static void pinCurrentThread(final int cpu)
    {
        checked("sched_setaffinity(cpu " + cpu + ")", (arena, st) ->
        {
            final MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            mask.set(JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            return (int)SCHED_SETAFFINITY.invokeExact(st, 0, CPU_SET_BYTES, mask);
        });
    }

    /** The CPUs (up to 64) a thread may run on, as a bit mask; {@code tid} 0 is the calling thread. */
    public static long affinity(final int tid)
    {
        final long[] cpus = new long[1];
        checked("sched_getaffinity(" + tid + ")", (arena, st) ->
        {
            final MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            final int result = (int)SCHED_GETAFFINITY.invokeExact(st, tid, CPU_SET_BYTES, mask);
            cpus[0] = mask.get(JAVA_LONG, 0);
            return result;
        });
        return cpus[0];
    }

    /** Sets the CPUs (up to 64) a thread may run on. */
    public static void setAffinity(final int tid, final long cpus)
    {
        checked("sched_setaffinity(" + tid + ")", (arena, st) ->
        {
            final MemorySegment mask = arena.allocate(CPU_SET_BYTES);
            mask.set(JAVA_LONG, 0, cpus);
            return (int)SCHED_SETAFFINITY.invokeExact(st, tid, CPU_SET_BYTES, mask);
        });
    }

    /** @return the interface index, or throws naming the interface. */
    public static int ifNameToIndex(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment st = errnoState(arena);
            final int index = (int)IF_NAMETOINDEX.invokeExact(st, arena.allocateFrom(name));
            if (index == 0)
            {
                throw new NativeException("if_nametoindex(" + name + ")", errno(st));
            }
            return index;
        }
        catch (final NativeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    public static long clockGettime(final int clock, final MemorySegment timespec)
    {
        try
        {
            final int ignored = (int)CLOCK_GETTIME.invokeExact(clock, timespec);
            return timespec.get(JAVA_LONG, 0) * 1_000_000_000L + timespec.get(JAVA_LONG, 8);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /**
     * CLOCK_MONOTONIC minus CLOCK_REALTIME, measured with the tightest bracket of a few tries: add it to a kernel
     * CLOCK_REALTIME stamp (SO_TIMESTAMPING) to put that stamp on the host clock.
     */
    public static long realtimeToMonotonicOffset()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment ts = arena.allocate(TIMESPEC);
            long bestWidth = Long.MAX_VALUE;
            long offset = 0;
            for (int i = 0; i < 64; i++)
            {
                final long before = clockGettime(CLOCK_MONOTONIC, ts);
                final long real = clockGettime(CLOCK_REALTIME, ts);
                final long after = clockGettime(CLOCK_MONOTONIC, ts);
                if (after - before < bestWidth)
                {
                    bestWidth = after - before;
                    offset = before + (after - before) / 2 - real;
                }
            }
            return offset;
        }
    }
}
