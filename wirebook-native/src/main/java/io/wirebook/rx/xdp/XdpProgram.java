package io.wirebook.rx.xdp;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * wirebook_xdp.o (src/main/bpf/wirebook_xdp.c) loaded with libbpf and attached to one interface: it redirects the
 * configured flows to the AF_XDP socket of their RX queue, stamps their arrival, drops frames for their
 * destinations from any other source (counted {@link #WRONG_SOURCE}), and passes everything else.
 */
final class XdpProgram implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(XdpProgram.class.getPackageName());
    private static final ValueLayout.OfInt INT_BE = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    static final String RESOURCE = "/bpf/wirebook_xdp.o";
    static final String NOT_BUILT =
        "XDP object not built: apt-get install clang llvm libbpf-dev (scripts/setup.sh) and rebuild";

    static final int XDP_FLAGS_SKB_MODE = 1 << 1;
    static final int XDP_FLAGS_DRV_MODE = 1 << 2;

    /** Indices of wb_counters, as enum wb_counter in wirebook_xdp.c. */
    static final int REDIRECTED = 0;
    static final int PASSED = 1;
    static final int NO_SOCKET = 2;
    static final int NO_STAMP = 3;
    static final int WRONG_SOURCE = 4;
    static final int COUNTER_COUNT = 5;

    /** wb_flow_value.flow of a destination's wildcard entry when each of its flows names its source. */
    static final int SOURCE_REQUIRED = 0xFFFFFFFF;

    /** struct wb_flow of wirebook_xdp.c: the key of wb_flows, addresses and ports in network order. */
    static final StructLayout FLOW_KEY = MemoryLayout.structLayout(
        INT_BE.withName("daddr"), INT_BE.withName("saddr"), SHORT_BE.withName("dport"), SHORT_BE.withName("pad"));
    /** struct wb_flow_value: the flow's index (or {@link #SOURCE_REQUIRED}) and its UDP source port (0: any). */
    static final StructLayout FLOW_VALUE = MemoryLayout.structLayout(
        JAVA_INT.withName("flow"), SHORT_BE.withName("sport"), SHORT_BE.withName("pad"));
    private static final long KEY_DADDR = FLOW_KEY.byteOffset(PathElement.groupElement("daddr"));
    private static final long KEY_SADDR = FLOW_KEY.byteOffset(PathElement.groupElement("saddr"));
    private static final long KEY_DPORT = FLOW_KEY.byteOffset(PathElement.groupElement("dport"));
    private static final long VALUE_FLOW = FLOW_VALUE.byteOffset(PathElement.groupElement("flow"));
    private static final long VALUE_SPORT = FLOW_VALUE.byteOffset(PathElement.groupElement("sport"));

    private final LibBpf bpf;
    private final MemorySegment object;
    private final int flowsFd;
    private final int xsksFd;
    private final int countersFd;
    private final int cpus;
    /** wb_counters' keys and one lookup's per-CPU values, made once so that reading a counter allocates nothing. */
    private final MemorySegment[] counterKeys = new MemorySegment[COUNTER_COUNT];
    private final MemorySegment counterValues;
    private int linkFd = -1;
    private String mode = "none";
    private boolean closed;

    private XdpProgram(final LibBpf bpf, final MemorySegment object)
    {
        this.bpf = bpf;
        this.object = object;
        this.flowsFd = bpf.mapFd(object, "wb_flows");
        this.xsksFd = bpf.mapFd(object, "wb_xsks");
        this.countersFd = bpf.mapFd(object, "wb_counters");
        this.cpus = bpf.numPossibleCpus();
        final Arena scratch = Arena.ofAuto();
        for (int index = 0; index < COUNTER_COUNT; index++)
        {
            counterKeys[index] = scratch.allocateFrom(JAVA_INT, index);
        }
        counterValues = scratch.allocate(JAVA_LONG, cpus);
    }

    /** Opens and loads (verifies) the program; it is not attached yet. */
    static XdpProgram load(final LibBpf bpf, final Path objectFile)
    {
        final MemorySegment object = bpf.openFile(objectFile.toString());
        try
        {
            bpf.load(object);
            return new XdpProgram(bpf, object);
        }
        catch (final RuntimeException ex)
        {
            bpf.close(object);
            throw ex;
        }
    }

    /**
     * Where the compiled program is: the {@code xdp.object} option if given, else the class-path resource
     * (copied to a temporary file when it sits inside a jar).
     */
    static Path locate(final String explicitPath) throws RxUnavailableException
    {
        if (explicitPath != null && !explicitPath.isEmpty())
        {
            final Path path = Path.of(explicitPath);
            if (!Files.isReadable(path))
            {
                throw new RxUnavailableException("XDP object " + path + " not readable; fix: check xdp.object");
            }
            return path;
        }
        final URL url = XdpProgram.class.getResource(RESOURCE);
        if (url == null)
        {
            throw new RxUnavailableException(NOT_BUILT);
        }
        try
        {
            if ("file".equals(url.getProtocol()))
            {
                return Path.of(url.toURI());
            }
            final Path copy = Files.createTempFile("wirebook_xdp", ".o");
            copy.toFile().deleteOnExit();
            try (InputStream in = url.openStream())
            {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        }
        catch (final IOException | URISyntaxException ex)
        {
            throw new RxUnavailableException("cannot read " + url + ": " + ex.getMessage() + "; " + NOT_BUILT, ex);
        }
    }

    /**
     * Attaches to {@code ifindex} in the calling thread's network namespace. Native (driver) mode falls back to
     * skb (generic) mode with a warning when the driver refuses. A link never replaces a program already attached
     * (the kernel answers EBUSY), so no other receiver's program is ever displaced.
     */
    void attach(final int ifindex, final String interfaceName, final boolean native_) throws RxUnavailableException
    {
        final int programFd = bpf.programFd(object, "wirebook_xdp");
        int result = -1;
        if (native_)
        {
            result = bpf.linkXdp(programFd, ifindex, XDP_FLAGS_DRV_MODE);
            if (result >= 0)
            {
                linkFd = result;
                mode = "native";
                return;
            }
            if (busy(result))
            {
                throw alreadyAttached(interfaceName);
            }
            LOG.log(Level.WARNING, "af-xdp: native XDP refused on " + interfaceName + " ("
                + Libc.strerror(-result) + "), falling back to skb mode (slower: the frame is already an skb)");
        }
        result = bpf.linkXdp(programFd, ifindex, XDP_FLAGS_SKB_MODE);
        if (result < 0)
        {
            if (busy(result))
            {
                throw alreadyAttached(interfaceName);
            }
            throw new RxUnavailableException("cannot attach XDP program to " + interfaceName + ": "
                + Libc.strerror(-result) + "; fix: check the interface is up and the kernel has CONFIG_XDP");
        }
        linkFd = result;
        mode = "skb";
    }

    /**
     * Tells the program which flows of {@code interfaceName} to redirect, each under its index in {@code flows}.
     * Each destination first gets a wildcard entry that only marks it ours-from-named-sources; a flow from any
     * source then takes that entry over, so its destination accepts every source.
     */
    void addFlows(final List<Flow> flows, final String interfaceName)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment key = arena.allocate(FLOW_KEY);
            final MemorySegment value = arena.allocate(FLOW_VALUE);
            for (final Flow flow : flows)
            {
                if (flow.interfaceName().equals(interfaceName))
                {
                    put(key, value, flow.address(), Flow.ANY_SOURCE, SOURCE_REQUIRED, Flow.ANY_PORT);
                }
            }
            for (int i = 0; i < flows.size(); i++)
            {
                final Flow flow = flows.get(i);
                if (flow.interfaceName().equals(interfaceName))
                {
                    put(key, value, flow.address(), flow.source(), i, flow.sourcePort());
                }
            }
        }
    }

    private void put(final MemorySegment key, final MemorySegment value, final Channel destination,
        final int source, final int flowIndex, final int sourcePort)
    {
        key.fill((byte)0);
        key.set(INT_BE, KEY_DADDR, destination.group());
        key.set(INT_BE, KEY_SADDR, source);
        key.set(SHORT_BE, KEY_DPORT, (short)destination.port());
        value.fill((byte)0);
        value.set(JAVA_INT, VALUE_FLOW, flowIndex);
        value.set(SHORT_BE, VALUE_SPORT, (short)sourcePort);
        bpf.mapUpdate(flowsFd, key, value);
    }

    /** Points RX queue {@code queue}'s redirect at the AF_XDP socket {@code xskFd}. */
    void registerSocket(final int queue, final int xskFd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            bpf.mapUpdate(xsksFd, arena.allocateFrom(JAVA_INT, queue), arena.allocateFrom(JAVA_INT, xskFd));
        }
    }

    /** Sum over CPUs of one of the program's counters, or -1 when the map cannot be read (or is closed). */
    long counter(final int index)
    {
        if (closed)
        {
            return -1;
        }
        try
        {
            bpf.mapLookup(countersFd, counterKeys[index], counterValues);
            long sum = 0;
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                sum += counterValues.getAtIndex(JAVA_LONG, cpu);
            }
            return sum;
        }
        catch (final NativeException ex)
        {
            return -1;
        }
    }

    /** "native" (driver hook) or "skb" (generic hook). */
    String mode()
    {
        return mode;
    }

    /** Detaches (closing the link) and unloads. Safe from any thread: the link fd knows its interface. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (linkFd >= 0)
        {
            Libc.close(linkFd);
            linkFd = -1;
        }
        bpf.close(object);
    }

    private static boolean busy(final int result)
    {
        return result == -16 || result == -17; // EBUSY, EEXIST
    }

    private static RxUnavailableException alreadyAttached(final String interfaceName)
    {
        return new RxUnavailableException("another XDP program is attached to " + interfaceName
            + "; fix: ip link set dev " + interfaceName + " xdp off (check no other receiver uses it)");
    }
}
