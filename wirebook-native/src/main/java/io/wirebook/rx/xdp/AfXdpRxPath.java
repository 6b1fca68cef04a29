package io.wirebook.rx.xdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.GroupMembership;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

/**
 * The af-xdp receive path: our XDP program (wirebook_xdp.c) redirects the feed's flows to an AF_XDP socket whose
 * rings Java drives directly, and stamps each frame's arrival at the XDP hook. Everything else goes to the kernel.
 *
 * <pre>
 * open:  libbpf load wirebook_xdp.o → flows into wb_flows → XSK socket (UMEM, fill/RX rings, bind) → wb_xsks[queue]
 *        → attach (native, else skb) → join the groups (IGMP)
 * poll:  RX ring → FrameFilter → handler → frame back to the fill ring
 * close: detach (close the BPF link) → close the socket → unmap
 * </pre>
 *
 * <p>Options: {@code xdp.mode} native|skb (native), {@code xdp.bind} auto|copy|zerocopy (auto),
 * {@code xdp.frames} UMEM frames, a power of two (4096), {@code xdp.frame-size} 2048|4096 (4096),
 * {@code xdp.hugepages} true|false (true), {@code xdp.queue} RX queue (0), {@code xdp.object} path of the
 * compiled program (the class-path resource bpf/wirebook_xdp.o).
 *
 * <p>open() acts in the network namespace of the calling thread: the interface, the attachment and the socket
 * all belong to it. close() may run on any thread once the poll loop has stopped: it unmaps the rings.
 */
public final class AfXdpRxPath implements RxPath
{
    public static final String NAME = "af-xdp";
    static final String INSTALL_LIBS = "apt-get install libbpf1 libxdp1 (scripts/setup.sh)";

    private static final int EBUSY = 16;
    private static final int BIND_ATTEMPTS = 40;
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_BPF = 39;

    private final AtomicBoolean closed = new AtomicBoolean();
    private FrameFilter filter;
    private XdpProgram program;
    private XskSocket socket;
    private GroupMembership membership;
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
        if (socket != null)
        {
            throw new IllegalStateException("af-xdp path already open");
        }
        final boolean native_ = choice(config, "xdp.mode", "native", "native", "skb").equals("native");
        final XskSocket.BindMode bindMode = XskSocket.BindMode.valueOf(
            choice(config, "xdp.bind", "auto", "auto", "copy", "zerocopy").toUpperCase(java.util.Locale.ROOT));
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

        requirePrivileges();
        final LibBpf bpf = bindLibBpf();
        final Path objectFile = XdpProgram.locate(config.option("xdp.object", ""));
        final String interfaceName = config.interfaceName();
        final int ifindex;
        try
        {
            ifindex = Libc.ifNameToIndex(interfaceName);
        }
        catch (final NativeException ex)
        {
            throw new RxUnavailableException("no interface " + interfaceName
                + " in this thread's network namespace; fix: create it or enter its namespace first", ex);
        }

        filter = new FrameFilter(config.channels());
        closed.set(false);
        try
        {
            program = XdpProgram.load(bpf, objectFile);
            program.addFlows(config.channels());
            socket = openSocket(ifindex, queue, frames, frameSize, hugePages, bindMode, interfaceName);
            program.registerSocket(queue, socket.fd());
            program.attach(ifindex, interfaceName, native_);
            membership = GroupMembership.join(config.channels(), config.interfaceAddress(), ifindex);
        }
        catch (final RxUnavailableException ex)
        {
            release(true);
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            release(true);
            throw new RxUnavailableException("af-xdp open failed on " + interfaceName + ": " + ex.getMessage()
                + "; fix: check the interface is up and the kernel log (dmesg)", ex);
        }
        exitHook = new Thread(() -> closeOnce(false), "wirebook-af-xdp-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    @Override
    public int poll(final DatagramHandler handler)
    {
        return socket.poll(filter, handler);
    }

    /** True while the XDP program's metadata stamp reaches us: until a frame arrives without one. */
    @Override
    public boolean hasArrivalStamp()
    {
        return socket != null && (socket.stamped() > 0 || socket.unstamped() == 0);
    }

    /** The mode actually used, e.g. {@code "xdp=native bind=copy umem=hugepages"}; still answers after close. */
    public String describeMode()
    {
        if (socket == null || program == null)
        {
            return "not open";
        }
        return "xdp=" + program.mode() + " bind=" + socket.bindMode() + " umem="
            + (socket.hugePages() ? "hugepages" : "4k-pages");
    }

    /** Live while open; after close() the values at the moment of closing. */
    @Override
    public Map<String, Long> counters()
    {
        if (finalCounters != null)
        {
            return finalCounters;
        }
        if (socket == null || program == null || closed.get())
        {
            return Map.of();
        }
        return counters0();
    }

    private Map<String, Long> counters0()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("rx_descriptors", socket.rxDescriptors());
        final long[] stats = socket.statistics();
        if (stats != null)
        {
            counters.put("rx_dropped", stats[0]);
            counters.put("rx_invalid_descs", stats[1]);
            counters.put("rx_ring_full", stats[3]);
            counters.put("fill_ring_empty", stats[4]);
        }
        counters.put("wakeups", socket.wakeups());
        counters.put("stamped", socket.stamped());
        counters.put("unstamped", socket.unstamped());
        counters.put("frames_accepted", filter.framesAccepted());
        counters.put("frames_ignored", filter.framesIgnored());
        counters.put("frames_malformed", filter.framesMalformed());
        counters.put("prog_redirected", program.counter(XdpProgram.REDIRECTED));
        counters.put("prog_passed", program.counter(XdpProgram.PASSED));
        counters.put("prog_no_socket", program.counter(XdpProgram.NO_SOCKET));
        counters.put("prog_no_stamp", program.counter(XdpProgram.NO_STAMP));
        counters.put("mode_native", "native".equals(program.mode()) ? 1L : 0L);
        counters.put("mode_zerocopy", "zerocopy".equals(socket.bindMode()) ? 1L : 0L);
        counters.put("umem_hugepages", socket.hugePages() ? 1L : 0L);
        for (final Map.Entry<String, Integer> note : socket.refusedOptions().entrySet())
        {
            counters.put("note_" + note.getKey() + "_refused_errno", (long)note.getValue());
        }
        return counters;
    }

    @Override
    public void close()
    {
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
            if (unmap && socket != null && program != null)
            {
                finalCounters = java.util.Collections.unmodifiableMap(counters0());
            }
            release(unmap);
        }
    }

    private void release(final boolean unmap)
    {
        // Detach first so that no frame is redirected to a socket that is going away.
        if (program != null)
        {
            program.close();
        }
        if (membership != null)
        {
            membership.close();
        }
        if (socket != null)
        {
            socket.close(unmap);
        }
    }

    private static XskSocket openSocket(
        final int ifindex, final int queue, final int frames, final int frameSize, final boolean hugePages,
        final XskSocket.BindMode bindMode, final String interfaceName) throws RxUnavailableException
    {
        try
        {
            // A socket closed just before still holds the queue until the kernel's deferred release runs.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return XskSocket.open(ifindex, queue, frames, frameSize, hugePages, bindMode);
                }
                catch (final NativeException ex)
                {
                    if (ex.errno() != EBUSY || attempt == BIND_ATTEMPTS)
                    {
                        throw ex;
                    }
                    sleepBeforeRetry();
                }
            }
        }
        catch (final NativeException ex)
        {
            if (ex.errno() == EBUSY)
            {
                throw new RxUnavailableException("queue " + queue + " of " + interfaceName
                    + " already has an AF_XDP socket; fix: stop the other receiver on it", ex);
            }
            if (ex.errno() == XskSocket.EAFNOSUPPORT)
            {
                throw new RxUnavailableException(
                    "kernel without AF_XDP sockets; fix: use a kernel built with CONFIG_XDP_SOCKETS=y", ex);
            }
            if (bindMode == XskSocket.BindMode.ZEROCOPY && ex.getMessage().startsWith("bind"))
            {
                throw new RxUnavailableException("the driver of " + interfaceName + " refused zero-copy ("
                    + ex.getMessage() + "); fix: xdp.bind=auto or xdp.bind=copy", ex);
            }
            throw new RxUnavailableException("AF_XDP socket on " + interfaceName + " queue " + queue + ": "
                + ex.getMessage() + "; fix: check the queue exists (ethtool -l " + interfaceName + ")", ex);
        }
    }

    private static void sleepBeforeRetry()
    {
        try
        {
            Thread.sleep(50);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening af-xdp", ex);
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
        final String value = config.option(key, defaultValue).trim().toLowerCase(java.util.Locale.ROOT);
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
