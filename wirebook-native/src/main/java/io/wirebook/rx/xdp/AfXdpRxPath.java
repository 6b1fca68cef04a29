package io.wirebook.rx.xdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;

/**
 * The af-xdp receive path: our XDP program (wirebook_xdp.c) redirects the feed's flows to an AF_XDP socket whose
 * rings Java drives directly, and stamps each frame's arrival at the XDP hook. Frames for the feed's destinations
 * from another source are dropped at the hook. Everything else goes to the kernel.
 *
 * <p>When the flows arrive on two interfaces (line A and line B), each interface gets its own attachment, socket
 * and UMEM ({@link XdpInterface}), with a {@link io.wirebook.rx.FrameFilter} of its own flows, and poll takes one
 * batch from each.
 *
 * <pre>
 * open:  per interface: libbpf load wirebook_xdp.o → its flows into wb_flows → XSK socket (UMEM, fill/RX rings,
 *        bind) → wb_xsks[queue] → attach (native, else skb) → join its groups (IGMP)
 * poll:  per interface: RX ring → descriptor check → FrameFilter → handler → frame back to the fill ring
 * close: per interface: detach (close the BPF link) → close the socket → unmap
 * </pre>
 *
 * <p>Options: {@code xdp.mode} native|skb (native), {@code xdp.bind} auto|copy|zerocopy (auto),
 * {@code xdp.frames} UMEM frames, a power of two (4096), {@code xdp.frame-size} 2048|4096 (4096),
 * {@code xdp.hugepages} true|false (true), {@code xdp.queue} RX queue, on every interface (0),
 * {@code xdp.object} path of the compiled program (the class-path resource bpf/wirebook_xdp.o).
 *
 * <p>open() acts in the network namespace of the calling thread: the interface, the attachment and the socket
 * all belong to it. close() may run on any thread once the poll loop has stopped: it unmaps the rings.
 */
public final class AfXdpRxPath implements RxPath
{
    public static final String NAME = "af-xdp";
    static final String INSTALL_LIBS = "apt-get install libbpf1 libxdp1 (scripts/setup.sh)";

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_BPF = 39;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** From a successful open until close(): the one field poll checks first (closed is for the exit hook). */
    private boolean isOpen;
    private XdpInterface[] interfaces = new XdpInterface[0];
    private PacketCapture capture;
    private Thread exitHook;
    private Map<String, Long> finalCounters;

    public AfXdpRxPath()
    {
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open(final RxConfig config) throws RxUnavailableException
    {
        if (interfaces.length != 0)
        {
            throw new IllegalStateException("af-xdp path already open");
        }
        final boolean nativeMode = choice(config, "xdp.mode", "native", "native", "skb").equals("native");
        final XskSocket.BindMode bindMode = XskSocket.BindMode.valueOf(
            choice(config, "xdp.bind", "auto", "auto", "copy", "zerocopy").toUpperCase(Locale.ROOT));
        final int frames = intOption(config, "xdp.frames", 4096);
        if (frames < 64 || Integer.bitCount(frames) != 1)
        {
            throw new IllegalArgumentException("xdp.frames must be a power of two >= 64, got " + frames);
        }
        final int frameSize = intOption(config, "xdp.frame-size", 4096);
        if (frameSize != 2048 && frameSize != 4096)
        {
            throw new IllegalArgumentException("xdp.frame-size must be 2048 or 4096, got " + frameSize);
        }
        final boolean hugePages = Boolean.parseBoolean(config.option("xdp.hugepages", "true"));
        final int queue = intOption(config, "xdp.queue", 0);
        final XdpInterface.Settings settings =
            new XdpInterface.Settings(nativeMode, bindMode, queue, frames, frameSize, hugePages);

        requirePrivileges();
        final LibBpf bpf = bindLibBpf();
        final Path objectFile = XdpProgram.locate(config.option("xdp.object", ""));
        closed.set(false);
        final List<XdpInterface> opened = new ArrayList<>();
        try
        {
            for (final String interfaceName : config.interfaces())
            {
                opened.add(XdpInterface.open(bpf, objectFile, config.flows(), interfaceName, settings));
            }
        }
        catch (final RxUnavailableException ex)
        {
            for (final XdpInterface done : opened)
            {
                done.close(true);
            }
            throw ex;
        }
        interfaces = opened.toArray(new XdpInterface[0]);
        capture = config.capture();
        isOpen = true;
        exitHook = new Thread(() -> closeOnce(false), "wirebook-af-xdp-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /** One batch from each interface's socket: the sum of their work. */
    @Override
    public int poll(final DatagramHandler handler)
    {
        if (!isOpen)
        {
            throw new IllegalStateException(closed.get() ? NAME + " is closed" : NAME + " is not open");
        }
        final XdpInterface[] interfaces = this.interfaces;
        int work = 0;
        for (int i = 0; i < interfaces.length; i++)
        {
            work += interfaces[i].poll(handler, capture);
        }
        return work;
    }

    /** True while the XDP program's metadata stamp reaches us on every interface: until a frame comes without. */
    @Override
    public boolean hasArrivalStamp()
    {
        if (interfaces.length == 0)
        {
            return false;
        }
        for (final XdpInterface line : interfaces)
        {
            final XskSocket socket = line.socket();
            if (socket.stamped() == 0 && socket.unstamped() != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The modes actually used, e.g. {@code "xdp=native bind=copy umem=hugepages"}; with two interfaces in different
     * modes each is named ({@code "wbh-a xdp=... , wbh-b xdp=..."}). Still answers after close.
     */
    public String describeMode()
    {
        if (interfaces.length == 0)
        {
            return "not open";
        }
        final String first = interfaces[0].describeMode();
        boolean same = true;
        final StringBuilder each = new StringBuilder();
        for (final XdpInterface line : interfaces)
        {
            same &= line.describeMode().equals(first);
            each.append(each.isEmpty() ? "" : ", ").append(line.interfaceName()).append(' ')
                .append(line.describeMode());
        }
        return same ? first : each.toString();
    }

    /**
     * Live while open; after close() the values at the moment of closing. Counts are summed over the interfaces;
     * {@code rejected.*} are what the path refused: the filters' reasons, {@code rejected.xdp_wrong_source}
     * (dropped by the XDP program) and {@code rejected.bad_descriptor} (RX descriptors outside the UMEM).
     */
    @Override
    public Map<String, Long> counters()
    {
        if (finalCounters != null)
        {
            return finalCounters;
        }
        if (interfaces.length == 0 || closed.get())
        {
            return Map.of();
        }
        return counters0();
    }

    private Map<String, Long> counters0()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        for (final XdpInterface line : interfaces)
        {
            final XskSocket socket = line.socket();
            final XdpProgram program = line.program();
            counters.merge("rx_descriptors", socket.rxDescriptors(), Long::sum);
            final long[] stats = socket.statistics();
            if (stats != null)
            {
                counters.merge("rx_dropped", stats[XskSocket.STAT_RX_DROPPED], Long::sum);
                counters.merge("rx_invalid_descs", stats[XskSocket.STAT_RX_INVALID_DESCS], Long::sum);
                counters.merge("rx_ring_full", stats[XskSocket.STAT_RX_RING_FULL], Long::sum);
                counters.merge("fill_ring_empty", stats[XskSocket.STAT_FILL_RING_EMPTY], Long::sum);
            }
            counters.merge("wakeups", socket.wakeups(), Long::sum);
            counters.merge("stamped", socket.stamped(), Long::sum);
            counters.merge("unstamped", socket.unstamped(), Long::sum);
            line.filter().addCounters(counters);
            counters.merge("rejected.xdp_wrong_source", program.counter(XdpProgram.WRONG_SOURCE), Long::sum);
            counters.merge("rejected.bad_descriptor", socket.badDescriptors(), Long::sum);
            counters.merge("prog_redirected", program.counter(XdpProgram.REDIRECTED), Long::sum);
            counters.merge("prog_passed", program.counter(XdpProgram.PASSED), Long::sum);
            counters.merge("prog_no_socket", program.counter(XdpProgram.NO_SOCKET), Long::sum);
            counters.merge("prog_no_stamp", program.counter(XdpProgram.NO_STAMP), Long::sum);
            counters.merge("mode_native", "native".equals(program.mode()) ? 1L : 0L, Long::sum);
            counters.merge("mode_zerocopy", "zerocopy".equals(socket.bindMode()) ? 1L : 0L, Long::sum);
            counters.merge("umem_hugepages", socket.hugePages() ? 1L : 0L, Long::sum);
            for (final Map.Entry<String, Integer> note : socket.refusedOptions().entrySet())
            {
                counters.put("note_" + note.getKey() + "_refused_errno", (long)note.getValue());
            }
        }
        counters.put("interfaces", (long)interfaces.length);
        return counters;
    }

    @Override
    public void close()
    {
        isOpen = false;
        if (exitHook != null)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            }
            catch (final IllegalStateException ex)
            {
                // The JVM is already exiting: the hook does the work.
            }
        }
        closeOnce(true);
    }

    /** The JVM-exit variant leaves the mappings alone: a poll thread may still be reading them. */
    private void closeOnce(final boolean unmap)
    {
        if (closed.compareAndSet(false, true))
        {
            if (unmap && interfaces.length != 0)
            {
                finalCounters = Collections.unmodifiableMap(counters0());
            }
            for (final XdpInterface line : interfaces)
            {
                line.close(unmap);
            }
        }
    }

    private static LibBpf bindLibBpf() throws RxUnavailableException
    {
        try
        {
            return LibBpf.load();
        }
        catch (final IllegalArgumentException | UnsatisfiedLinkError | java.util.NoSuchElementException ex)
        {
            throw new RxUnavailableException(LibBpf.LIBRARY + " not found or too old (" + ex.getMessage()
                + "); fix: " + INSTALL_LIBS, ex);
        }
    }

    private static void requirePrivileges() throws RxUnavailableException
    {
        final long capabilities = effectiveCapabilities();
        final boolean netAdmin = (capabilities & (1L << CAP_NET_ADMIN)) != 0;
        final boolean netRaw = (capabilities & (1L << CAP_NET_RAW)) != 0;
        final boolean bpf = (capabilities & ((1L << CAP_BPF) | (1L << CAP_SYS_ADMIN))) != 0;
        if (!netAdmin || !netRaw || !bpf)
        {
            throw new RxUnavailableException("af-xdp needs root or CAP_NET_ADMIN, CAP_NET_RAW and CAP_BPF; fix: run"
                + " as root (sudo) or setcap cap_net_admin,cap_net_raw,cap_bpf+ep on the java binary");
        }
    }

    /** CapEff of this process, from /proc/self/status; 0 if it cannot be read. */
    static long effectiveCapabilities()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("CapEff:"))
                {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
        return 0;
    }

    private static String choice(final RxConfig config, final String key, final String defaultValue,
        final String... allowed)
    {
        final String value = config.option(key, defaultValue).trim().toLowerCase(Locale.ROOT);
        for (final String candidate : allowed)
        {
            if (candidate.equals(value))
            {
                return value;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + String.join("|", allowed) + ", got " + value);
    }

    private static int intOption(final RxConfig config, final String key, final int defaultValue)
    {
        final String value = config.option(key, Integer.toString(defaultValue)).trim();
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer, got " + value, ex);
        }
    }
}
