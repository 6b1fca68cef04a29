package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Formats a C {@code printf} format and its {@code va_list}, as a native library hands them to its print callback,
 * with libc's {@code vsnprintf} into a buffer allocated once. Not per packet: native libraries print while they
 * set up and tear down.
 *
 * <p>x86-64 System V only: there {@code va_list} is an array of one {@code __va_list_tag}, so a {@code va_list}
 * parameter arrives as a pointer and {@code va_copy} is a copy of the 24-byte tag. The copy lets a message longer
 * than the buffer be formatted a second time into a bigger one.
 */
public final class VaListFormatter
{
    /** sizeof(__va_list_tag): gp_offset, fp_offset (4 bytes each), overflow_arg_area, reg_save_area. */
    static final long VA_LIST_TAG_SIZE = 24;
    /** Messages longer than this (a verifier log can be megabytes) are cut. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    static final String TRUNCATED = " [truncated]";

    private static final MethodHandle VSNPRINTF = Libc.plain("vsnprintf",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    private final MemorySegment buffer;
    private final MemorySegment vaListCopy;

    /** @param capacity bytes of the buffer most messages fit in, NUL included. */
    public VaListFormatter(final int capacity)
    {
        final Arena arena = Arena.ofAuto();
        this.buffer = arena.allocate(capacity);
        this.vaListCopy = arena.allocate(VA_LIST_TAG_SIZE, 8);
    }

    /** Whether this ABI's va_list is handled (x86-64 Linux). */
    public static boolean supported()
    {
        final String arch = System.getProperty("os.arch", "");
        return (arch.equals("amd64") || arch.equals("x86_64")) && System.getProperty("os.name", "").equals("Linux");
    }

    /**
     * @param format a NUL-terminated C format string.
     * @param vaList the va_list pointer the library passed; it is consumed, as by any v*printf.
     * @return the formatted text, cut at {@link #MAX_MESSAGE_BYTES}.
     */
    public synchronized String format(final MemorySegment format, final MemorySegment vaList)
    {
        MemorySegment.copy(vaList.reinterpret(VA_LIST_TAG_SIZE), 0, vaListCopy, 0, VA_LIST_TAG_SIZE);
        final int length = vsnprintf(buffer, format, vaList);
        if (length < 0)
        {
            return "(unformattable message: " + format.reinterpret(Integer.MAX_VALUE).getString(0) + ")";
        }
        if (length < buffer.byteSize())
        {
            return buffer.getString(0);
        }
        final int size = Math.min(length, MAX_MESSAGE_BYTES) + 1;
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment larger = arena.allocate(size);
            vsnprintf(larger, format, vaListCopy);
            return length < size ? larger.getString(0) : larger.getString(0) + TRUNCATED;
        }
    }

    private static int vsnprintf(final MemorySegment into, final MemorySegment format, final MemorySegment vaList)
    {
        try
        {
            return (int)VSNPRINTF.invokeExact(into, into.byteSize(), format, vaList);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("vsnprintf", t);
        }
    }
}
