package io.wirebook.rx.xdp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import io.wirebook.sys.BpfLibraryLogs;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libbpf (libbpf.so.1) calls the af-xdp path makes, bound with FFM. libbpf 1.x returns {@code -errno} from
 * the int calls and NULL with errno set from the pointer calls. None of these is called per packet.
 */
final class LibBpf
{
    static final String LIBRARY = BpfLibraryLogs.LIBBPF;

    /** enum bpf_attach_type BPF_XDP (uapi linux/bpf.h). */
    static final int BPF_XDP = 37;
    /** BPF_ANY for bpf_map_update_elem. */
    static final long BPF_ANY = 0;
    /** sizeof(struct bpf_link_create_opts) in libbpf 1.1; libbpf accepts an older, smaller size too. */
    private static final long LINK_CREATE_OPTS_SIZE = 64;
    private static final long LINK_CREATE_OPTS_FLAGS = 8;

    private final MethodHandle objectOpenFile;
    private final MethodHandle objectLoad;
    private final MethodHandle objectClose;
    private final MethodHandle findProgramByName;
    private final MethodHandle programFd;
    private final MethodHandle findMapFdByName;
    private final MethodHandle mapUpdateElem;
    private final MethodHandle mapLookupElem;
    private final MethodHandle linkCreate;
    private final MethodHandle numPossibleCpus;

    private LibBpf(final SymbolLookup lookup)
    {
        final Linker linker = Libc.LINKER;
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        objectOpenFile = linker.downcallHandle(lookup.findOrThrow("bpf_object__open_file"),
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), errno);
        objectLoad = linker.downcallHandle(lookup.findOrThrow("bpf_object__load"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
        objectClose = linker.downcallHandle(lookup.findOrThrow("bpf_object__close"),
            FunctionDescriptor.ofVoid(ADDRESS));
        findProgramByName = linker.downcallHandle(lookup.findOrThrow("bpf_object__find_program_by_name"),
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        programFd = linker.downcallHandle(lookup.findOrThrow("bpf_program__fd"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
        findMapFdByName = linker.downcallHandle(lookup.findOrThrow("bpf_object__find_map_fd_by_name"),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        mapUpdateElem = linker.downcallHandle(lookup.findOrThrow("bpf_map_update_elem"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        mapLookupElem = linker.downcallHandle(lookup.findOrThrow("bpf_map_lookup_elem"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        linkCreate = linker.downcallHandle(lookup.findOrThrow("bpf_link_create"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        numPossibleCpus = linker.downcallHandle(lookup.findOrThrow("libbpf_num_possible_cpus"),
            FunctionDescriptor.of(JAVA_INT));
    }

    /**
     * Binds libbpf for the life of the JVM (the library stays loaded: programs and maps outlive no call), its prints
     * going to the {@value BpfLibraryLogs#LIBBPF_LOGGER} logger.
     *
     * @throws IllegalArgumentException if the library or one of its symbols is missing.
     */
    static LibBpf load()
    {
        final LibBpf bpf = new LibBpf(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
        BpfLibraryLogs.routeLibbpf();
        return bpf;
    }

    /** @return the bpf_object, or throws naming errno. */
    MemorySegment openFile(final String path)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.errnoState(arena);
            final MemorySegment object = (MemorySegment)objectOpenFile.invokeExact(
                state, arena.allocateFrom(path), MemorySegment.NULL);
            if (object.address() == 0)
            {
                throw new NativeException("bpf_object__open_file(" + path + ")", Libc.errno(state));
            }
            return object;
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    void load(final MemorySegment object)
    {
        check("bpf_object__load", invokeInt(objectLoad, object));
    }

    void close(final MemorySegment object)
    {
        try
        {
            objectClose.invokeExact(object);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    int programFd(final MemorySegment object, final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment program = (MemorySegment)findProgramByName.invokeExact(object,
                arena.allocateFrom(name));
            if (program.address() == 0)
            {
                throw new IllegalStateException("XDP object has no program " + name);
            }
            return check("bpf_program__fd(" + name + ")", (int)programFd.invokeExact(program));
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    int mapFd(final MemorySegment object, final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            return check("bpf_object__find_map_fd_by_name(" + name + ")",
                (int)findMapFdByName.invokeExact(object, arena.allocateFrom(name)));
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    void mapUpdate(final int mapFd, final MemorySegment key, final MemorySegment value)
    {
        try
        {
            check("bpf_map_update_elem", (int)mapUpdateElem.invokeExact(mapFd, key, value, BPF_ANY));
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    void mapLookup(final int mapFd, final MemorySegment key, final MemorySegment value)
    {
        try
        {
            check("bpf_map_lookup_elem", (int)mapLookupElem.invokeExact(mapFd, key, value));
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Attaches an XDP program to an interface through a BPF link. The link fd owns the attachment: closing it
     * (or the process dying) detaches the program, whatever thread or namespace does the closing.
     *
     * @return the link fd, or {@code -errno}.
     */
    int linkXdp(final int programFd, final int ifindex, final int xdpFlags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment opts = arena.allocate(LINK_CREATE_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, LINK_CREATE_OPTS_SIZE);
            opts.set(JAVA_INT, LINK_CREATE_OPTS_FLAGS, xdpFlags);
            return (int)linkCreate.invokeExact(programFd, ifindex, BPF_XDP, opts);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    int numPossibleCpus()
    {
        try
        {
            return check("libbpf_num_possible_cpus", (int)numPossibleCpus.invokeExact());
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private static int invokeInt(final MethodHandle handle, final MemorySegment argument)
    {
        try
        {
            return (int)handle.invokeExact(argument);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private static int check(final String call, final int result)
    {
        if (result < 0)
        {
            throw new NativeException(call, -result);
        }
        return result;
    }
}
