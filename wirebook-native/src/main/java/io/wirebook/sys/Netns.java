package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Moves the calling thread into a named network namespace (one made by {@code ip netns add}). Sockets the thread
 * opens afterwards, NIO's included, belong to that namespace. Used by tests to send from the exchange side.
 */
public final class Netns
{
    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    private static final MethodHandle SETNS =
        Libc.capturing("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Netns()
    {
    }

    public static void enterCurrentThread(final String name)
    {
        enterPath("/var/run/netns/" + name);
    }

    /** Enters the namespace of a file such as /proc/1/ns/net (the host's). */
    public static void enterPath(final String path)
    {
        final int fd = Libc.open(path, O_RDONLY | Libc.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment st = Libc.errnoState(arena);
            try
            {
                Libc.check("setns(" + path + ")", (int)SETNS.invokeExact(st, fd, CLONE_NEWNET), st);
            }
            finally
            {
                Libc.close(fd);
            }
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
}
