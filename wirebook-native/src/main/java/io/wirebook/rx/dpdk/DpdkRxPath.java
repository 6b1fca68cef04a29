package io.wirebook.rx.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.HugePages;
import io.wirebook.sys.Privileges;
import io.wirebook.tx.RawFrameTransmitter;
import io.wirebook.tx.TxPath;
import org.agrona.concurrent.UnsafeBuffer;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * The {@code dpdk} receive path: DPDK 22.11 from Debian, driven through FFM with no C of our own. It reads like
 * DPDK's skeleton example: init EAL, make an mbuf pool, configure one Rx queue, start, then loop on rx burst.
 *
 * <p>Open: {@code rte_eal_init} ({@link Eal}, arguments: {@link EalArguments}; {@code --in-memory}, so no hugepage
 * or runtime files), {@code rte_pktmbuf_pool_create} ({@link MbufPool}), then per port ({@link DpdkPort}), as the
 * example's {@code port_init}: {@code rte_eth_dev_configure} with one Rx and one Tx queue, queue set-up,
 * {@code rte_eth_dev_start}, all-multicast on (promiscuous on {@code dpdk.promiscuous=true}), and one kernel socket
 * per group so the host stays an IGMP member. Poll, per
 * port: the PMD's receive function, read from {@code rte_eth_fp_ops[port]} as the inline {@code rte_eth_rx_burst}
 * would, fills a native array of 32 mbuf pointers; each mbuf is checked ({@link Mbuf#isWholeFrame}: one segment
 * inside its buffer, else counted {@code rejected.bad_descriptor}), its frame read in place (buf_addr + data_off,
 * data_len) through a re-wrapped {@link UnsafeBuffer} and run through the port's {@link FrameFilter} (which
 * trusts the checksums only where the PMD's ol_flags say both GOOD), and the whole burst is freed with one
 * {@code rte_pktmbuf_free_bulk} (but for the mbufs a reply took for TX). No allocation per poll. TX: see
 * {@link #transmitter()}.
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
    /** The longest frame a copied send builds: a standard Ethernet frame without its FCS. */
    static final int TX_FRAME_ROOM = 1514;

    private Arena arena;
    private Eal eal;
    private DpdkPort[] ports = new DpdkPort[0];
    private PacketCapture capture;
    private MemorySegment mbufs;
    private MemorySegment stats;
    private MbufPool pool;
    /**
     * The thread that polls, from a successful open until close (null otherwise), so that the poll's one check,
     * for a thread to register with EAL, also refuses a path that is not open.
     */
    private Thread pollThread;
    private boolean closed;
    private DpdkCounters counters;
    private RawFrameTransmitter transmitter;
    private String pmds;

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
        eal = Eal.init(EalArguments.of(config, ProcessHandle.current().pid()));
        try
        {
            arena = Arena.ofShared();
            counters = new DpdkCounters(config.counters());
            final List<String> interfaces = config.interfaces();
            final DpdkPort[] found = new DpdkPort[interfaces.size()];
            for (int line = 0; line < found.length; line++)
            {
                final short id = DpdkPort.find(EalArguments.portName(config, line), EalArguments.vdev(config, line),
                    line == 0 ? 0 : found[line - 1].id() + 1);
                found[line] = new DpdkPort(id, interfaces.get(line),
                    new FrameFilter(config.flows(), interfaces.get(line), counters.filter), counters);
                // Held as soon as found, so that a failure on the next one still closes this one.
                ports = Arrays.copyOf(found, line + 1);
            }
            pool = MbufPool.create(DpdkOptions.MBUFS.from(config), ports[0].socket());
            final short descriptors = DpdkOptions.RX_DESCRIPTORS.from(config).shortValue();
            final boolean promiscuous = DpdkOptions.PROMISCUOUS.from(config);
            mbufs = arena.allocate(ADDRESS, BURST);
            stats = arena.allocate(Dpdk.ETH_STATS);
            final List<String> drivers = new ArrayList<>();
            for (int line = 0; line < ports.length; line++)
            {
                final DpdkPort port = ports[line];
                port.start(arena, pool, descriptors, promiscuous);
                drivers.add(String.valueOf(port.driverName(arena)));
                // A PCI NIC bound to uio/vfio has no kernel netdev left to be a member on: nothing to join.
                if (EalArguments.device(config, line).isEmpty())
                {
                    port.join(groupsOn(config, port.interfaceName()),
                        interfaceAddressOf(config, port.interfaceName()));
                }
                port.prepareTx(arena, pool, interfaceAddressOf(config, port.interfaceName()),
                    firstPortOn(config, port.interfaceName()), TX_FRAME_ROOM);
            }
            pmds = String.join(",", drivers);
            transmitter = new RawFrameTransmitter(NAME, ports, config.counters());
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

    /** {@code pmd}: the PMD of each port as rte_eth_dev_info names it, comma separated ("net_e1000_em"). */
    @Override
    public Map<String, String> describe()
    {
        return null == pmds ? Map.of() : Map.of("pmd", pmds);
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
            transmitter.polling(i);
            work += ports[i].poll(mbufs, BURST, capture, handler);
        }
        return work;
    }

    /**
     * A {@link RawFrameTransmitter} over each port's Tx queue 0, through the PMD's transmit function read from
     * {@code rte_eth_fp_ops} like the receive one: a reply goes back in the mbuf it came in, a send in an mbuf of the
     * port's pool ({@link DpdkPort}).
     */
    @Override
    public TxPath transmitter()
    {
        if (pollThread == null)
        {
            throw new UnsupportedOperationException(NAME + " cannot transmit: " + NAME
                + (closed ? " is closed" : " is not open"));
        }
        return transmitter;
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
        if (pool != null)
        {
            pool.close();
            pool = null;
        }
        if (eal != null)
        {
            eal.close();
            eal = null;
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

    private static int firstPortOn(final RxConfig config, final String interfaceName)
    {
        for (final Flow flow : config.flows())
        {
            if (flow.interfaceName().equals(interfaceName))
            {
                return flow.address().port();
            }
        }
        throw new IllegalArgumentException("no flow on " + interfaceName);
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
        Eal.registerThread();
        pollThread = Thread.currentThread();
    }

    /** Why this process may not run EAL (root, free hugepages), with the fix; null when it may. */
    public static String privilegesOrHugepagesMissing()
    {
        if (!Privileges.isRoot())
        {
            return "dpdk needs root (hugepages, AF_XDP/raw sockets, netns); fix: run as root";
        }
        if (HugePages.system().freeOfAnySize() == 0)
        {
            return "no free 2 MiB hugepages; fix: scripts/setup.sh (reserves 512 and mounts hugetlbfs)";
        }
        return null;
    }

    private static void checkHost() throws RxUnavailableException
    {
        Dpdk.requireLibraries();
        final String missing = privilegesOrHugepagesMissing();
        if (missing != null)
        {
            throw new RxUnavailableException(missing);
        }
    }
}
