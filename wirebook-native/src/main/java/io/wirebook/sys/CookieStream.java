package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A C {@code FILE *} whose writes come to Java ({@code fopencookie}), for a native library that logs to a stream it
 * is given, as DPDK does with {@code rte_openlog_stream}. The stream and its upcall live as long as the JVM.
 */
public final class CookieStream
{
    /** cookie_io_functions_t of stdio.h: four function pointers, passed by value. */
    static final StructLayout IO_FUNCTIONS = MemoryLayout.structLayout(
        ADDRESS.withName("read"), ADDRESS.withName("write"), ADDRESS.withName("seek"), ADDRESS.withName("close"));
    private static final long IO_WRITE = IO_FUNCTIONS.byteOffset(PathElement.groupElement("write"));
    /** ssize_t write(void *cookie, const char *buf, size_t size). */
    private static final FunctionDescriptor WRITE = FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle FOPENCOOKIE = Libc.plain("fopencookie",
        FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, IO_FUNCTIONS));

    private final Consumer<String> sink;

    private CookieStream(final Consumer<String> sink)
    {
        this.sink = sink;
    }

    /**
     * Opens a write-only stream.
     *
     * @param sink gets the text of each write (what stdio flushes: one fflush, one buffer-full or one line).
     * @return the {@code FILE *}.
     */
    public static MemorySegment open(final Consumer<String> sink)
    {
        final Arena global = Arena.global();
        final MemorySegment functions = global.allocate(IO_FUNCTIONS);
        try
        {
            final MethodHandle write = MethodHandles.lookup().findVirtual(CookieStream.class, "write",
                MethodType.methodType(long.class, MemorySegment.class, MemorySegment.class, long.class))
                .bindTo(new CookieStream(sink));
            functions.set(ADDRESS, IO_WRITE, Libc.LINKER.upcallStub(write, WRITE, global));
            final MemorySegment file = (MemorySegment)FOPENCOOKIE.invokeExact(MemorySegment.NULL,
                global.allocateFrom("w"), functions);
            if (file.address() == 0)
            {
                throw new IllegalStateException("fopencookie failed");
            }
            return file;
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("fopencookie", t);
        }
    }

    /** The upcall: it must not throw, or the JVM dies; it always takes the whole write. */
    long write(final MemorySegment cookie, final MemorySegment buffer, final long size)
    {
        try
        {
            final byte[] bytes = buffer.reinterpret(size).toArray(JAVA_BYTE);
            sink.accept(new String(bytes, StandardCharsets.UTF_8));
        }
        catch (final Throwable ignored)
        {
            // nowhere left to report it: a lost log line must not take the process down
        }
        return size;
    }
}
