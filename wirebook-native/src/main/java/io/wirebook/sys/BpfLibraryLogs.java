package io.wirebook.sys;

import java.lang.System.Logger;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * Sends what libbpf and libxdp print to {@link System.Logger}s instead of stderr, where they print by default:
 * libbpf for the af-xdp path and, with libxdp, under DPDK's net_af_xdp driver. One process has one copy of each
 * library (the soname is the same), so setting the callback once covers every user of it.
 */
public final class BpfLibraryLogs
{
    public static final String LIBBPF = "libbpf.so.1";
    public static final String LIBXDP = "libxdp.so.1";
    public static final String LIBBPF_LOGGER = "io.wirebook.native.libbpf";
    public static final String LIBXDP_LOGGER = "io.wirebook.native.libxdp";

    private static final Set<String> ROUTED = new HashSet<>();

    private BpfLibraryLogs()
    {
    }

    /** Routes libbpf's prints ({@code libbpf_set_print}); true when they now go to {@link #LIBBPF_LOGGER}. */
    public static boolean routeLibbpf()
    {
        return route(LIBBPF, "libbpf_set_print", LIBBPF_LOGGER, "libbpf: ");
    }

    /** Routes libxdp's prints ({@code libxdp_set_print}); true when they now go to {@link #LIBXDP_LOGGER}. */
    public static boolean routeLibxdp()
    {
        return route(LIBXDP, "libxdp_set_print", LIBXDP_LOGGER, "libxdp: ");
    }

    private static synchronized boolean route(
        final String library, final String setter, final String loggerName, final String prefix)
    {
        if (ROUTED.contains(library))
        {
            return true;
        }
        final Logger logger = System.getLogger(loggerName);
        if (!VaListFormatter.supported())
        {
            logger.log(Logger.Level.DEBUG, library + " prints to stderr: its va_list is not handled on " +
                System.getProperty("os.arch"));
            return false;
        }
        final Optional<MemorySegment> set = setter(library, setter);
        if (set.isEmpty())
        {
            return false;
        }
        final MethodHandle setPrint = Libc.LINKER.downcallHandle(set.get(), FunctionDescriptor.of(ADDRESS, ADDRESS));
        try
        {
            // The library's own printer, returned here, wrote to stderr: it is not kept.
            final MemorySegment stderrPrinter = (MemorySegment)setPrint.invokeExact(
                PrintCallback.stub(logger, prefix));
            ROUTED.add(library);
            return true;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(setter, t);
        }
    }

    private static Optional<MemorySegment> setter(final String library, final String setter)
    {
        try
        {
            return SymbolLookup.libraryLookup(library, Arena.global()).find(setter);
        }
        catch (final IllegalArgumentException ex)
        {
            // not installed: nothing of it will print either
            return Optional.empty();
        }
    }
}
