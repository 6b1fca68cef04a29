package io.wirebook.rx.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.UnsafeBuffer;

import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.GroupMembership;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Libc;

/**
 * The {@code dpdk} receive path: DPDK 22.11 from Debian, driven through FFM with no C of our own. It reads like
 * DPDK's skeleton example: init EAL, make an mbuf pool, configure one Rx queue, start, then loop on rx burst.
 *
 * <p>Open: {@code rte_eal_init} (arguments: {@link EalArguments}; {@code --in-memory}, so no hugepage or runtime
 * files), {@code rte_pktmbuf_pool_create}, {@code rte_eth_dev_configure} with one Rx and one Tx queue, queue
 * set-up, {@code rte_eth_dev_start}, all-multicast on (promiscuous on {@code dpdk.promiscuous=true}), and one kernel socket per group so the
 * host stays an IGMP member. Poll: the PMD's receive function, read from {@code rte_eth_fp_ops[port]} as the
 * inline {@code rte_eth_rx_burst} would, fills a native array of 32 mbuf pointers; each frame is read in place
 * (buf_addr + data_off, data_len) through a re-wrapped {@link UnsafeBuffer}, run through the {@link FrameFilter},
 * and the whole burst is freed with one {@code rte_pktmbuf_free_bulk}. No allocation per poll.
 *
 * <p><b>Once per process.</b> DPDK's EAL can be initialised only once in a process, even after
 * {@code rte_eal_cleanup}, so a JVM can open this path once; the lab runs each path in its own receiver JVM.
 * EAL pins the thread that calls {@link #open} to {@code dpdk.lcore} (default: the config's CPU), so open the
 * path on the poll thread; another thread that polls is registered with EAL on its first poll.
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

    /** All of memory, to read mbuf headers at the addresses the PMD hands back without making segments. */
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final long MBUF_BUF_ADDR = 0;
    private static final long MBUF_DATA_OFF = 16;
    private static final long MBUF_DATA_LEN = 40;

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[0]);
    private Arena arena;
    private FrameFilter filter;
    private GroupMembership joins;
    private MethodHandle rxBurst;
    private MemorySegment rxQueue;
    private MemorySegment mbufs;
    private MemorySegment stats;
    private MemorySegment pool = MemorySegment.NULL;
    private Thread pollThread;
    private Thread shutdownHook;
    private short port = -1;
    private boolean ealUp;
    private boolean started;
    private boolean allMulticastSet;
    private boolean promiscuousSet;
    private long framesReceived;
    private Map<String, Long> lastStats = Map.of();

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
        checkHost();
        if (!EAL_INITIALISED.compareAndSet(false, true))
        {
            throw new RxUnavailableException("DPDK EAL was already initialised in this process and cannot be again;"
                + " fix: run each dpdk receiver in its own JVM (the lab does)");
        }
        arena = Arena.ofShared();
        filter = new FrameFilter(config.flows(), config.interfaceName());
        try
        {
            initEal(EalArguments.of(config, ProcessHandle.current().pid()));
            shutdownHook = new Thread(() -> DpdkLeftovers.removeFor(ProcessHandle.current().pid()), "dpdk-leftovers");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            port = findPort(EalArguments.portName(config), EalArguments.vdev(config));
            startPort(config);
            final MemorySegment table = Dpdk.fastPathOpsTable();
            rxBurst = FastPathOps.rxBurstHandle(FastPathOps.rxBurstFunction(table, port));
            rxQueue = FastPathOps.rxQueueData(table, port, 0);
            mbufs = arena.allocate(ADDRESS, BURST);
            stats = arena.allocate(Dpdk.ETH_STATS_SIZE, 8);
            // The kernel stays a member of the groups so it answers IGMP queries and a switch keeps forwarding
            // them; DPDK owns the packets. (With net_af_xdp the PMD's XDP program redirects the whole queue, IGMP
            // queries included, away from the kernel: on a real network with IGMP snooping the membership then
            // ages out, which is why production set-ups steer only the feed's packets to the XSK.)
            joins = GroupMembership.join(config.channels(), config.interfaceAddress(),
                Libc.ifNameToIndex(config.interfaceName()));
            pollThread = Thread.currentThread();
        }
        catch (final RxUnavailableException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    @Override
    public int poll(final DatagramHandler handler)
    {
        if (Thread.currentThread() != pollThread)
        {
            registerPollThread();
        }
        final int received;
        try
        {
            received = (short)rxBurst.invokeExact(rxQueue, mbufs, (short)BURST) & 0xFFFF;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rx burst", t);
        }
        if (received == 0)
        {
            return 0;
        }
        framesReceived += received;
        int handed = 0;
        try
        {
            for (int i = 0; i < received; i++)
            {
                final long mbuf = mbufs.getAtIndex(JAVA_LONG, i);
                final long data = MEMORY.get(JAVA_LONG, mbuf + MBUF_BUF_ADDR)
                    + (MEMORY.get(JAVA_SHORT, mbuf + MBUF_DATA_OFF) & 0xFFFF);
                final int length = MEMORY.get(JAVA_SHORT, mbuf + MBUF_DATA_LEN) & 0xFFFF;
                frame.wrap(data, length);
                if (filter.onFrame(frame, 0, length, HostClock.NO_STAMP, handler))
                {
                    handed++;
                }
            }
        }
        finally
        {
            freeBurst(received);
        }
        return handed;
    }

    /**
     * rte_eth_stats_get of the port (read now while open, or as read at close), plus what the filter dropped.
     */
    @Override
    public Map<String, Long> counters()
    {
        if (started)
        {
            lastStats = readStats();
        }
        return lastStats;
    }

    @Override
    public void close()
    {
        if (started)
        {
            lastStats = readStats();
            started = false;
            try
            {
                if (allMulticastSet)
                {
                    final int ignoredAllMulticast = (int)Dpdk.ETH_ALLMULTICAST_DISABLE.invokeExact(port);
                }
                if (promiscuousSet)
                {
                    final int ignoredPromiscuous = (int)Dpdk.ETH_PROMISCUOUS_DISABLE.invokeExact(port);
                }
                final int ignoredStop = (int)Dpdk.ETH_DEV_STOP.invokeExact(port);
            }
            catch (final Throwable ignored)
            {
                // closing anyway
            }
        }
        if (port >= 0)
        {
            try
            {
                final int ignoredClose = (int)Dpdk.ETH_DEV_CLOSE.invokeExact(port);
            }
            catch (final Throwable ignored)
            {
                // closing anyway
            }
            port = -1;
        }
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
        if (joins != null)
        {
            joins.close();
            joins = null;
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
        rxBurst = null;
        if (arena != null)
        {
            arena.close();
            arena = null;
        }
    }

    /** Frames the PMD handed over, before filtering. */
    public long framesReceived()
    {
        return framesReceived;
    }

    private void freeBurst(final int count)
    {
        try
        {
            Dpdk.PKTMBUF_FREE_BULK.invokeExact(mbufs, count);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_pktmbuf_free_bulk", t);
        }
    }

    private void registerPollThread()
    {
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
                + "; fix: see the EAL lines above (free hugepages, no other EAL with the same --file-prefix)");
        }
        ealUp = true;
    }

    private short findPort(final String name, final String vdev) throws RxUnavailableException
    {
        try
        {
            if ((short)Dpdk.ETH_DEV_COUNT_AVAIL.invokeExact() == 0)
            {
                throw new RxUnavailableException("DPDK found no port for " + vdev
                    + "; fix: check the interface exists and is up in this network namespace"
                    + " (ip netns exec NS ...) and that the PMD loaded (EAL lines above)");
            }
            final MemorySegment portId = arena.allocate(JAVA_SHORT);
            if ((int)Dpdk.ETH_DEV_GET_PORT_BY_NAME.invokeExact(arena.allocateFrom(name), portId) == 0)
            {
                return portId.get(JAVA_SHORT, 0);
            }
            // A PCI address given without its domain is named in full by DPDK: take the first port.
            return (short)Dpdk.ETH_FIND_NEXT.invokeExact((short)0);
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

    private void startPort(final RxConfig config) throws RxUnavailableException
    {
        final int mbufCount = Integer.parseInt(config.option("dpdk.mbufs", "8191"));
        final short descriptors = (short)Integer.parseInt(config.option("dpdk.rxdesc", "1024"));
        try
        {
            int socket = (int)Dpdk.ETH_DEV_SOCKET_ID.invokeExact(port);
            if (socket < 0)
            {
                socket = (int)Dpdk.SOCKET_ID.invokeExact();
            }
            // Per-lcore cache: at most RTE_MEMPOOL_CACHE_MAX_SIZE (512) and mbufs / 1.5.
            final int cache = Math.min(256, mbufCount * 2 / 3);
            pool = (MemorySegment)Dpdk.PKTMBUF_POOL_CREATE.invokeExact(arena.allocateFrom("wirebook_rx"),
                mbufCount, cache, (short)0, (short)Dpdk.MBUF_DEFAULT_BUF_SIZE, socket);
            if (pool.address() == 0)
            {
                throw new RxUnavailableException(Dpdk.failure("rte_pktmbuf_pool_create(" + mbufCount + " mbufs)",
                    Dpdk.rteErrno()) + "; fix: reserve more hugepages (scripts/setup.sh) or lower dpdk.mbufs");
            }
            final MemorySegment ethConf = arena.allocate(Dpdk.ETH_CONF_SIZE, 8);
            check("rte_eth_dev_configure", (int)Dpdk.ETH_DEV_CONFIGURE.invokeExact(port, (short)1, (short)1, ethConf));
            check("rte_eth_rx_queue_setup", (int)Dpdk.ETH_RX_QUEUE_SETUP.invokeExact(
                port, (short)0, descriptors, socket, MemorySegment.NULL, pool));
            // The PMDs used here want a Tx queue to start; nothing is sent on it.
            check("rte_eth_tx_queue_setup", (int)Dpdk.ETH_TX_QUEUE_SETUP.invokeExact(
                port, (short)0, descriptors, socket, MemorySegment.NULL));
            check("rte_eth_dev_start", (int)Dpdk.ETH_DEV_START.invokeExact(port));
            started = true;
            // A NIC DPDK owns (vfio-pci) has no kernel to program its multicast filter from the IGMP joins, so
            // all-multicast is on; on af_xdp/af_packet it sets the kernel netdev's flag, undone at close.
            // Promiscuous only on request: it is not needed for multicast and changes the interface for others.
            if ((int)Dpdk.ETH_ALLMULTICAST_GET.invokeExact(port) == 0)
            {
                allMulticastSet = (int)Dpdk.ETH_ALLMULTICAST_ENABLE.invokeExact(port) == 0;
            }
            if (Boolean.parseBoolean(config.option("dpdk.promiscuous", "false"))
                && (int)Dpdk.ETH_PROMISCUOUS_GET.invokeExact(port) == 0)
            {
                promiscuousSet = (int)Dpdk.ETH_PROMISCUOUS_ENABLE.invokeExact(port) == 0;
            }
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

    private static void check(final String call, final int result) throws RxUnavailableException
    {
        if (result < 0)
        {
            throw new RxUnavailableException("DPDK " + Dpdk.failure(call, result)
                + "; fix: see the PMD lines above");
        }
    }

    private Map<String, Long> readStats()
    {
        final Map<String, Long> figures = new LinkedHashMap<>();
        try
        {
            if ((int)Dpdk.ETH_STATS_GET.invokeExact(port, stats) == 0)
            {
                figures.put("rx_packets", stats.get(JAVA_LONG, Dpdk.STATS_IPACKETS));
                figures.put("rx_bytes", stats.get(JAVA_LONG, Dpdk.STATS_IBYTES));
                figures.put("imissed", stats.get(JAVA_LONG, Dpdk.STATS_IMISSED));
                figures.put("ierrors", stats.get(JAVA_LONG, Dpdk.STATS_IERRORS));
                figures.put("rx_nombuf", stats.get(JAVA_LONG, Dpdk.STATS_RX_NOMBUF));
            }
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_eth_stats_get", t);
        }
        figures.put("frames_received", framesReceived);
        filter.addCounters(figures);
        return figures;
    }
}
