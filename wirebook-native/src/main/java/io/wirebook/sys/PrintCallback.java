package io.wirebook.sys;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A native library's print callback, {@code int (*)(enum level, const char *format, va_list ap)} as libbpf and
 * libxdp declare it, that hands each line to a {@link Logger}, without the library's own "libbpf: " prefix (the
 * logger's name says it). Their levels are WARN (0), INFO (1) and DEBUG (2); DEBUG goes to TRACE, as these
 * libraries print nothing of it by default and a program load prints hundreds of lines of it. A message the
 * logger would drop is not even formatted.
 */
public final class PrintCallback
{
    static final int LIBRARY_WARN = 0;
    static final int LIBRARY_INFO = 1;
    static final int LIBRARY_DEBUG = 2;

    static final FunctionDescriptor DESCRIPTOR = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final int FORMAT_BUFFER_BYTES = 4096;

    private final Logger logger;
    private final String prefix;
    private final VaListFormatter formatter = new VaListFormatter(FORMAT_BUFFER_BYTES);

    /** @param prefix what the library starts its lines with, e.g. "libbpf: ". */
    PrintCallback(final Logger logger, final String prefix)
    {
        this.logger = logger;
        this.prefix = prefix;
    }

    /** An upcall stub that lives as long as the JVM: the library keeps the pointer for good. */
    static MemorySegment stub(final Logger logger, final String prefix)
    {
        try
        {
            return Libc.LINKER.upcallStub(MethodHandles.lookup().findVirtual(PrintCallback.class, "print",
                MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class))
                .bindTo(new PrintCallback(logger, prefix)), DESCRIPTOR, Arena.global());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** The upcall: it must not throw, or the JVM dies. */
    int print(final int level, final MemorySegment format, final MemorySegment vaList)
    {
        try
        {
            final Level to = level(level);
            if (logger.isLoggable(to))
            {
                final String text = formatter.format(format, vaList);
                NativeLines.log(logger, to, text.startsWith(prefix) ? text.substring(prefix.length()) : text);
            }
        }
        catch (final Throwable ignored)
        {
            // nowhere left to report it: a lost library message must not take the process down
        }
        return 0;
    }

    static Level level(final int libraryLevel)
    {
        return switch (libraryLevel)
        {
            case LIBRARY_WARN -> Level.WARNING;
            case LIBRARY_INFO -> Level.INFO;
            default -> Level.TRACE;
        };
    }
}
