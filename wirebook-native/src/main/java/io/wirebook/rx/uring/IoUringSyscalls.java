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
 * variadic, so each is passed as a full 64-bit long or pointer, as syscall(2) reads them. Each call returns the
 * kernel's result, or -errno (read from the capture segment the caller owns), like the raw syscall.
 */
final class IoUringSyscalls
{
    private static final MethodHandle SYSCALL_2 = bind(FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final MethodHandle SYSCALL_4 = bind(
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));
    private static final MethodHandle SYSCALL_6 = bind(
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG));

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

    /** @return the number of SQEs consumed, or -errno. */
    static int enter(
        final MemorySegment errnoState, final int fd, final int toSubmit, final int minComplete, final int flags)
    {
        try
        {
            final long result = (long)SYSCALL_6.invokeExact(errnoState, IoUringAbi.SYS_IO_URING_ENTER, (long)fd,
                (long)toSubmit, (long)minComplete, (long)flags, MemorySegment.NULL, 0L);
            return result < 0 ? -Libc.errno(errnoState) : (int)result;
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
