package io.wirebook.rx.uring;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import io.wirebook.sys.Libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * io_uring_setup, io_uring_enter and io_uring_register through libc's variadic {@code syscall(2)}: glibc exports
 * no wrappers for them, and liburing is not needed at run time. Every argument after the syscall number is
 * variadic, so each is passed as a full 64-bit long or pointer, as syscall(2) reads them. setup and register return
 * the kernel's result, or -errno (read from the capture segment the caller owns), like the raw syscall.
 */
final class IoUringSyscalls
{
    private static final MethodHandle SYSCALL_2 = bind(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final MethodHandle SYSCALL_4 = bind(
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));

    /**
     * io_uring_enter for the poll loop: no errno capture (a capturing call keeps its 40-byte state buffer on the
     * heap until C2 has compiled its caller, and a send's submit runs too seldom to get there soon) and critical,
     * since with min_complete 0 the call never waits.
     */
    private static final MethodHandle ENTER_NO_CAPTURE = Libc.LINKER.downcallHandle(
        Libc.LIBC.findOrThrow("syscall"),
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
        Linker.Option.firstVariadicArg(1), Linker.Option.critical(false));

    private IoUringSyscalls()
    {
    }

    private static MethodHandle bind(final FunctionDescriptor descriptor)
    {
        return Libc.LINKER.downcallHandle(Libc.LIBC.findOrThrow("syscall"), descriptor,
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    /** @return the ring fd, or -errno. */
    static int setup(final MemorySegment errnoState, final int entries, final MemorySegment params)
    {
        try
        {
            final long result = (long)SYSCALL_2.invokeExact(errnoState, IoUringAbi.SYS_IO_URING_SETUP,
                (long)entries, params);
            return result < 0 ? -Libc.errno(errnoState) : (int)result;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /**
     * io_uring_enter without waiting (min_complete 0) and without errno capture: the number of SQEs consumed, or
     * -1, with errno left in libc's thread-local ({@code SocketCalls.errno()} reads it).
     */
    static int enterNoWait(final int fd, final int toSubmit, final int flags)
    {
        try
        {
            return (int)(long)ENTER_NO_CAPTURE.invokeExact((long)IoUringAbi.SYS_IO_URING_ENTER, (long)fd,
                (long)toSubmit, 0L, (long)flags, MemorySegment.NULL, 0L);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** @return the kernel's result, or -errno. */
    static int register(
        final MemorySegment errnoState, final int fd, final int opcode, final MemorySegment arg, final int nrArgs)
    {
        try
        {
            final long result = (long)SYSCALL_4.invokeExact(errnoState, IoUringAbi.SYS_IO_URING_REGISTER, (long)fd,
                (long)opcode, arg, (long)nrArgs);
            return result < 0 ? -Libc.errno(errnoState) : (int)result;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }
}
