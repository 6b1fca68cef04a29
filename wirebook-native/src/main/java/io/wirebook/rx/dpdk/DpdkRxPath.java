package io.wirebook.rx.dpdk;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;
import org.agrona.concurrent.UnsafeBuffer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The {@code dpdk} receive path: DPDK 22.11 from Debian, driven through FFM with no C of our own. It reads like
 * DPDK's skeleton example: init EAL, make an mbuf pool, configure one Rx queue, start, then loop on rx burst.
 *
 * <p>Open: {@code rte_eal_init} (arguments: {@link EalArguments}; {@code --in-memory}, so no hugepage or runtime
 * files), {@code rte_pktmbuf_pool_create}, then per port ({@link DpdkPort}): {@code rte_eth_dev_configure} with
 * one Rx and one Tx queue, queue set-up, {@code rte_eth_dev_start}, all-multicast on (promiscuous on
 * {@code dpdk.promiscuous=true}), and one kernel socket per group so the host stays an IGMP member. Poll, per
 * port: the PMD's receive function, read from {@code rte_eth_fp_ops[port]} as the inline {@code rte_eth_rx_burst}
 * would, fills a native array of 32 mbuf pointers; each mbuf is checked ({@link Mbuf#isWholeFrame}: one segment
 * inside its buffer, else counted {@code rejected.bad_descriptor}), its frame read in place (buf_addr + data_off,
 * data_len) through a re-wrapped {@link UnsafeBuffer} and run through the port's {@link FrameFilter} (which
 * trusts the checksums only where the PMD's ol_flags say both GOOD), and the whole burst is freed with one
 * {@code rte_pktmbuf_free_bulk}. No allocation per poll.
 *
 * <p><b>Two lines.</b> When the flows arrive on two interfaces (line A and line B) the path opens one port per
 * interface, from {@code dpdk.vdev} and {@code dpdk.vdev.b} (or {@code dpdk.device} and {@code dpdk.device.b}),
 * each with the filter of its own flows, and poll takes one burst from each.
 *
 * <p><b>Once per process.</b> DPDK's EAL can be initialised only once in a process, even after
 * {@code rte_eal_cleanup}, so a JVM can open this path once; the lab runs each path in its own receiver JVM.
 * EAL pins the thread that calls {@link #open} to {@code dpdk.lcore} (default: the config's CPU), so open the
 * path on the poll thread; another thread that polls is registered with EAL on its first poll.
 *
 * <p>Counters: see {@link DpdkCounters}, made at open in {@link RxConfig#counters()}; the port statistics are
 * read by {@link #refreshCounters()} and once more as the path closes, before the ports stop.
 *
 * <p>The process must run in the network namespace of the interface ({@code ip netns exec}) and as root, with
 * free 2 MiB hugepages. A receiver killed with SIGKILL cannot clean up: its starter should call
 * {@link DpdkLeftovers#removeFor(long)} (with {@code --in-memory} there is normally nothing to remove).
 */
public final class DpdkRxPath implements RxPath
{
    public static final String NAME = "dpdk";
    static final int BURST = 32;

    private static final AtomicBoolean EAL_INITIALISED = new AtomicBoolean();
    private static final Path HUGEPAGE_SIZES = Paths.get("/sys/kernel/mm/hugepages");
    private static final MethodHandle GETEUID = Libc.plain("geteuid", FunctionDescriptor.of(JAVA_INT));

    private Arena arena;
    private DpdkPort[] ports = new DpdkPort[0];
    private PacketCapture capture;
    private MemorySegment mbufs;
    private MemorySegment stats;
    private MemorySegment pool = MemorySegment.NULL;
    /**
     * The thread that polls, from a successful open until close (null otherwise), so that the poll's one check,
     * for a thread to register with EAL, also refuses a path that is not open.
     */
    private Thread pollThread;
    private boolean closed;
    private Thread shutdownHook;
    private boolean ealUp;
    private DpdkCounters counters;

    public DpdkRxPath()
    {
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public boolean hasArrivalStamp()
    {
        return false;
    }

    @Override
    public void open(final RxConfig config) throws RxUnavailableException
    {
        DpdkOptions.OPTIONS.check(config);
        checkLines(config);
        checkHost();
        if (!EAL_INITIALISED.compareAndSet(false, true))
        {
            throw new RxUnavailableException("DPDK EAL was already initialised in this process and cannot be again;"
                + " fix: run each dpdk receiver in its own JVM (the lab does)");
        }
        arena = Arena.ofShared();
        counters = new DpdkCounters(config.counters());
        try
        {
            DpdkLog.route();
            initEal(EalArguments.of(config, ProcessHandle.current().pid()));
            shutdownHook = new Thread(() -> DpdkLeftovers.removeFor(ProcessHandle.current().pid()), "dpdk-leftovers");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            final List<String> interfaces = config.interfaces();
            final DpdkPort[] found = new DpdkPort[interfaces.size()];
            for (int line = 0; line < found.length; line++)
            {
                final short id = findPort(EalArguments.portName(config, line), EalArguments.vdev(config, line),
                    line == 0 ? 0 : found[line - 1].id() + 1);
                found[line] = new DpdkPort(id, interfaces.get(line),
                    new FrameFilter(config.flows(), interfaces.get(line), counters.filter), counters);
                // Held as soon as found, so that a failure on the next one still closes this one.
                ports = Arrays.copyOf(found, line + 1);
            }
            createPool(config, ports[0].socket());
            final short descriptors = DpdkOptions.RX_DESCRIPTORS.from(config).shortValue();
            final boolean promiscuous = DpdkOptions.PROMISCUOUS.from(config);
            mbufs = arena.allocate(ADDRESS, BURST);
            stats = arena.allocate(Dpdk.ETH_STATS_SIZE, 8);
            for (final DpdkPort port : ports)
            {
                port.start(arena, pool, descriptors, promiscuous);
                port.join(groupsOn(config, port.interfaceName()), interfaceAddressOf(config, port.interfaceName()));
            }
            counters.recordPorts(ports.length);
            capture = config.capture();
            pollThread = Thread.currentThread();
        }
        catch (final RxUnavailableException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** One burst from each port: the sum of their work. */
    @Override
    public int poll(final DatagramHandler handler)
    {
        if (Thread.currentThread() != pollThread)
        {
            registerPollThreadIfOpen();
        }
        final DpdkPort[] ports = this.ports;
        int work = 0;
        for (int i = 0; i < ports.length; i++)
        {
            work += ports[i].poll(mbufs, BURST, capture, handler);
        }
        return work;
    }

    /** rte_eth_stats_get of the ports, summed; after close it does nothing, close having read them last. */
    @Override
    public void refreshCounters()
    {
        if (pollThread != null)
        {
            counters.refresh(ports, stats);
        }
    }

    @Override
    public void close()
    {
        pollThread = null;
        closed = true;
        if (ports.length != 0 && ports[0].started())
        {
            // The ports' last statistics, before they stop.
            counters.refresh(ports, stats);
        }
        for (final DpdkPort port : ports)
        {
            port.close();
        }
        ports = new DpdkPort[0];
        if (pool.address() != 0)
        {
            try
            {
                Dpdk.MEMPOOL_FREE.invokeExact(pool);
            }
            catch (final Throwable ignored)
            {
                // EAL cleanup releases the memory anyway
            }
            pool = MemorySegment.NULL;
        }
        if (ealUp)
        {
            ealUp = false;
            try
            {
                final int ignoredCleanup = (int)Dpdk.EAL_CLEANUP.invokeExact();
            }
            catch (final Throwable ignored)
            {
                // the leftovers are removed below
            }
            DpdkLeftovers.removeFor(ProcessHandle.current().pid());
        }
        if (shutdownHook != null)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (final IllegalStateException ignored)
            {
                // already shutting down: the hook runs anyway
            }
            shutdownHook = null;
        }
        if (arena != null)
        {
            arena.close();
            arena = null;
        }
    }

    /** Frames the PMD handed over, before filtering. */
    public long framesReceived()
    {
        return counters == null ? 0 : counters.framesReceived.get();
    }

    /**
     * Two interfaces at most (line A and line B), each its own port: fails before EAL is touched when the options
     * would give both the same one.
     */
    private static void checkLines(final RxConfig config) throws RxUnavailableException
    {
        final List<String> interfaces = config.interfaces();
        if (interfaces.size() > 2)
        {
            throw new RxUnavailableException("dpdk receives on at most two interfaces (line A and line B), but the"
                + " flows arrive on " + interfaces + "; fix: give each line one interface");
        }
        if (interfaces.size() == 2 && EalArguments.portName(config, 0).equals(EalArguments.portName(config, 1)))
        {
            throw new RxUnavailableException("dpdk would open one port (" + EalArguments.portName(config, 0)
                + ") for both " + interfaces + "; fix: name line B's port apart with dpdk.vdev.b (for example"
                + " net_af_xdp1,iface=" + interfaces.get(1) + ") or dpdk.device.b");
        }
    }

    private static List<Channel> groupsOn(final RxConfig config, final String interfaceName)
    {
        final List<Channel> groups = new ArrayList<>();
        for (final Flow flow : config.flows())
        {
            if (flow.interfaceName().equals(interfaceName))
            {
                groups.add(flow.address());
            }
        }
        return groups;
    }

    private static int interfaceAddressOf(final RxConfig config, final String interfaceName)
    {
        for (final Flow flow : config.flows())
        {
            if (flow.interfaceName().equals(interfaceName))
            {
                return flow.interfaceAddress();
            }
        }
        throw new IllegalArgumentException("no flow on " + interfaceName);
    }

    private void registerPollThreadIfOpen()
    {
        if (pollThread == null)
        {
            // The mbuf array and the ports are released once closed, and EAL is not up before open.
            throw new IllegalStateException(closed ? NAME + " is closed" : NAME + " is not open");
        }
        // A thread EAL did not create has no lcore id, so the mempool's per-lcore cache would be bypassed.
        try
        {
            final int ignored = (int)Dpdk.THREAD_REGISTER.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_thread_register", t);
        }
        pollThread = Thread.currentThread();
    }

    static boolean isRoot()
    {
        try
        {
            return (int)GETEUID.invokeExact() == 0;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private static void checkHost() throws RxUnavailableException
    {
        Dpdk.requireLibraries();
        if (!isRoot())
        {
            throw new RxUnavailableException("dpdk needs root (hugepages, AF_XDP/raw sockets, netns);"
                + " fix: run as root");
        }
        if (freeHugepages() == 0)
        {
            throw new RxUnavailableException("no free 2 MiB hugepages; fix: scripts/setup.sh"
                + " (reserves 512 and mounts hugetlbfs)");
        }
    }

    /** Free hugepages of any size. */
    static long freeHugepages()
    {
        long free = 0;
        if (!Files.isDirectory(HUGEPAGE_SIZES))
        {
            return 0;
        }
        try (DirectoryStream<Path> sizes = Files.newDirectoryStream(HUGEPAGE_SIZES, "hugepages-*"))
        {
            for (final Path size : sizes)
            {
                free += Long.parseLong(Files.readString(size.resolve("free_hugepages")).trim());
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return free;
        }
        return free;
    }

    private void initEal(final List<String> args) throws RxUnavailableException
    {
        final MemorySegment argv = arena.allocate(ADDRESS, args.size() + 1L);
        for (int i = 0; i < args.size(); i++)
        {
            argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args.get(i)));
        }
        final int result;
        try
        {
            result = (int)Dpdk.EAL_INIT.invokeExact(args.size(), argv);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_eal_init", t);
        }
        if (result < 0)
        {
            throw new RxUnavailableException(Dpdk.failure("DPDK rte_eal_init", Dpdk.rteErrno())
                + " with " + String.join(" ", args.subList(1, args.size()))
                + DpdkLog.lastProblem() + "; fix: free hugepages, no other EAL with the same --file-prefix "
                + "(--verbose shows DPDK's log)");
        }
        ealUp = true;
    }

    private short findPort(final String name, final String vdev, final int from) throws RxUnavailableException
    {
        try
        {
            if ((short)Dpdk.ETH_DEV_COUNT_AVAIL.invokeExact() == 0)
            {
                throw new RxUnavailableException("DPDK found no port for " + vdev
                    + "; fix: check the interface exists and is up in this network namespace"
                    + " (ip netns exec NS ...) and that the PMD loaded (--verbose shows DPDK's log)"
                    + DpdkLog.lastProblem());
            }
            final MemorySegment portId = arena.allocate(JAVA_SHORT);
            if ((int)Dpdk.ETH_DEV_GET_PORT_BY_NAME.invokeExact(arena.allocateFrom(name), portId) == 0)
            {
                return portId.get(JAVA_SHORT, 0);
            }
            // A PCI address given without its domain is named in full by DPDK: take the next port in probe order.
            final short next = (short)Dpdk.ETH_FIND_NEXT.invokeExact((short)from);
            if (next < 0 || next >= Dpdk.MAX_ETHPORTS)
            {
                throw new RxUnavailableException("DPDK found no port named " + name + " for " + vdev
                    + DpdkLog.lastProblem() + "; fix: check dpdk.vdev.b or dpdk.device.b");
            }
            return next;
        }
        catch (final RxUnavailableException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    private void createPool(final RxConfig config, final int socket) throws RxUnavailableException
    {
        final int mbufCount = DpdkOptions.MBUFS.from(config);
        // Per-lcore cache: at most RTE_MEMPOOL_CACHE_MAX_SIZE (512) and mbufs / 1.5.
        final int cache = Math.min(256, mbufCount * 2 / 3);
        try
        {
            pool = (MemorySegment)Dpdk.PKTMBUF_POOL_CREATE.invokeExact(arena.allocateFrom("wirebook_rx"),
                mbufCount, cache, (short)0, (short)Dpdk.MBUF_DEFAULT_BUF_SIZE, socket);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        if (pool.address() == 0)
        {
            throw new RxUnavailableException(Dpdk.failure("rte_pktmbuf_pool_create(" + mbufCount + " mbufs)",
                Dpdk.rteErrno()) + "; fix: reserve more hugepages (scripts/setup.sh) or lower dpdk.mbufs");
        }
    }
}
