package io.wirebook.rx.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.GroupMembership;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Interfaces;
import org.agrona.concurrent.UnsafeBuffer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One DPDK port of the dpdk path: one interface (one line), with the {@link FrameFilter} of that interface's
 * flows, one Rx queue, its PMD receive function, and the kernel's membership of its groups. Find, start, poll and
 * close read as in DPDK's skeleton example. It counts in the path's {@link DpdkCounters}, shared with the other
 * port.
 */
final class DpdkPort
{
    /** All of memory, to read mbuf headers at the addresses the PMD hands back without making segments. */
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final long DRIVER_NAME_OFFSET =
        Dpdk.ETH_DEV_INFO.byteOffset(MemoryLayout.PathElement.groupElement("driver_name"));
    /** Longer than any PMD's name; the string ends at its NUL. */
    private static final long MAX_DRIVER_NAME = 256;

    private final short id;
    private final String interfaceName;
    private final FrameFilter filter;
    private final DpdkCounters counters;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[0]);
    private MethodHandle rxBurst;
    private MemorySegment rxQueue;
    private GroupMembership joins;
    private boolean started;
    private boolean allMulticastSet;
    private boolean promiscuousSet;
    private boolean closed;

    DpdkPort(final short id, final String interfaceName, final FrameFilter filter, final DpdkCounters counters)
    {
        this.id = id;
        this.interfaceName = interfaceName;
        this.filter = filter;
        this.counters = counters;
    }

    /**
     * The id of the port EAL probed for {@code name} (the vdev's name or a PCI address); else the next port in probe
     * order from {@code from}, since a PCI address given without its domain is named in full by DPDK.
     *
     * @param device what the options asked for, for the message when there is no such port.
     */
    static short find(final String name, final String device, final int from) throws RxUnavailableException
    {
        try (Arena arena = Arena.ofConfined())
        {
            if ((short)Dpdk.ETH_DEV_COUNT_AVAIL.invokeExact() == 0)
            {
                throw new RxUnavailableException("DPDK found no port for " + device
                    + "; fix: check the interface exists and is up in this network namespace"
                    + " (ip netns exec NS ...) and that the PMD loaded (--verbose shows DPDK's log)"
                    + DpdkLog.lastProblem());
            }
            final MemorySegment portId = arena.allocate(JAVA_SHORT);
            if ((int)Dpdk.ETH_DEV_GET_PORT_BY_NAME.invokeExact(arena.allocateFrom(name), portId) == 0)
            {
                return portId.get(JAVA_SHORT, 0);
            }
            final short next = (short)Dpdk.ETH_FIND_NEXT.invokeExact((short)from);
            if (next < 0 || next >= Dpdk.MAX_ETHPORTS)
            {
                throw new RxUnavailableException("DPDK found no port named " + name + " for " + device
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

    short id()
    {
        return id;
    }

    /**
     * The name of the PMD that drives this port, {@code rte_eth_dev_info.driver_name} ("net_e1000_em",
     * "net_af_xdp"); null when the driver gives no information.
     */
    String driverName(final Arena arena)
    {
        final MemorySegment info = arena.allocate(Dpdk.ETH_DEV_INFO);
        try
        {
            if ((int)Dpdk.ETH_DEV_INFO_GET.invokeExact(id, info) != 0)
            {
                return null;
            }
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_eth_dev_info_get", t);
        }
        final MemorySegment name = info.get(ADDRESS, DRIVER_NAME_OFFSET);
        return MemorySegment.NULL.equals(name) ? null : name.reinterpret(MAX_DRIVER_NAME).getString(0);
    }

    String interfaceName()
    {
        return interfaceName;
    }

    /** The NUMA socket of the port, else of the calling lcore. */
    int socket()
    {
        try
        {
            final int socket = (int)Dpdk.ETH_DEV_SOCKET_ID.invokeExact(id);
            return socket >= 0 ? socket : (int)Dpdk.SOCKET_ID.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /**
     * As the skeleton example's {@code port_init}: configures one Rx queue on {@code pool} (and the Tx queue the PMDs
     * want), starts, and binds rx burst.
     */
    void start(final Arena arena, final MbufPool pool, final short descriptors, final boolean promiscuous)
        throws RxUnavailableException
    {
        try
        {
            final int socket = socket();
            final MemorySegment ethConf = arena.allocate(Dpdk.ETH_CONF_SIZE, 8);
            check("rte_eth_dev_configure", (int)Dpdk.ETH_DEV_CONFIGURE.invokeExact(id, (short)1, (short)1, ethConf));
            check("rte_eth_rx_queue_setup", (int)Dpdk.ETH_RX_QUEUE_SETUP.invokeExact(
                id, (short)0, descriptors, socket, MemorySegment.NULL, pool.address()));
            // The PMDs used here want a Tx queue to start; nothing is sent on it.
            check("rte_eth_tx_queue_setup", (int)Dpdk.ETH_TX_QUEUE_SETUP.invokeExact(
                id, (short)0, descriptors, socket, MemorySegment.NULL));
            check("rte_eth_dev_start", (int)Dpdk.ETH_DEV_START.invokeExact(id));
            started = true;
            // A NIC DPDK owns (vfio-pci) has no kernel to program its multicast filter from the IGMP joins, so
            // all-multicast is on; on af_xdp/af_packet it sets the kernel netdev's flag, undone at close.
            // Promiscuous only on request: it is not needed for multicast and changes the interface for others.
            if ((int)Dpdk.ETH_ALLMULTICAST_GET.invokeExact(id) == 0)
            {
                allMulticastSet = (int)Dpdk.ETH_ALLMULTICAST_ENABLE.invokeExact(id) == 0;
            }
            if (promiscuous && (int)Dpdk.ETH_PROMISCUOUS_GET.invokeExact(id) == 0)
            {
                promiscuousSet = (int)Dpdk.ETH_PROMISCUOUS_ENABLE.invokeExact(id) == 0;
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
        // The fast-path entries are filled by rte_eth_dev_start.
        final MemorySegment table = Dpdk.fastPathOpsTable();
        rxBurst = FastPathOps.rxBurstHandle(FastPathOps.rxBurstFunction(table, id));
        rxQueue = FastPathOps.rxQueueData(table, id, 0);
    }

    /**
     * The kernel stays a member of the groups so it answers IGMP queries and a switch keeps forwarding them; DPDK
     * owns the packets. (With net_af_xdp the PMD's XDP program redirects the whole queue, IGMP queries included,
     * away from the kernel: on a real network with IGMP snooping the membership then ages out, which is why
     * production set-ups steer only the feed's packets to the XSK.)
     */
    void join(final List<Channel> groups, final int interfaceAddress) throws RxUnavailableException
    {
        joins = GroupMembership.join(groups, interfaceAddress, Interfaces.index(interfaceName));
    }

    /**
     * One burst of up to {@code burst} frames into {@code mbufs}: each checked, read in place and filtered, then
     * the whole burst freed with one {@code rte_pktmbuf_free_bulk}. No allocation. With a capture, each whole frame
     * goes to it as received, whatever the filter made of it, so that what the filter rejects is captured too.
     */
    int poll(final MemorySegment mbufs, final int burst, final PacketCapture capture, final DatagramHandler handler)
    {
        final int received;
        try
        {
            received = (short)rxBurst.invokeExact(rxQueue, mbufs, (short)burst) & 0xFFFF;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rx burst", t);
        }
        if (received == 0)
        {
            return 0;
        }
        counters.framesReceived.getAndAddRelease(received);
        int handed = 0;
        try
        {
            for (int i = 0; i < received; i++)
            {
                final long mbuf = mbufs.getAtIndex(JAVA_LONG, i);
                final int dataOff = MEMORY.get(JAVA_SHORT, mbuf + Mbuf.DATA_OFF) & 0xFFFF;
                final int dataLen = MEMORY.get(JAVA_SHORT, mbuf + Mbuf.DATA_LEN) & 0xFFFF;
                final int bufLen = MEMORY.get(JAVA_SHORT, mbuf + Mbuf.BUF_LEN) & 0xFFFF;
                final long pktLen = MEMORY.get(JAVA_INT, mbuf + Mbuf.PKT_LEN) & 0xFFFF_FFFFL;
                final int nbSegs = MEMORY.get(JAVA_SHORT, mbuf + Mbuf.NB_SEGS) & 0xFFFF;
                if (!Mbuf.isWholeFrame(dataOff, dataLen, bufLen, pktLen, nbSegs))
                {
                    counters.badDescriptors.incrementRelease();
                    continue;
                }
                frame.wrap(MEMORY.get(JAVA_LONG, mbuf + Mbuf.BUF_ADDR) + dataOff, dataLen);
                final boolean verified = Mbuf.checksumsGood(MEMORY.get(JAVA_LONG, mbuf + Mbuf.OL_FLAGS));
                if (filter.onFrame(frame, 0, dataLen, HostClock.NO_STAMP, verified, handler))
                {
                    handed++;
                }
                if (capture != null)
                {
                    // After the books, so the capture adds nothing to this packet's latency; the mbuf is freed
                    // with the burst.
                    capture.frame(frame, 0, dataLen, HostClock.NO_STAMP);
                }
            }
        }
        finally
        {
            freeBurst(mbufs, received);
        }
        return handed;
    }

    /** rte_eth_stats_get into {@code stats}; false when the port is not started or its driver refuses. */
    boolean readStats(final MemorySegment stats)
    {
        if (!started)
        {
            return false;
        }
        try
        {
            return (int)Dpdk.ETH_STATS_GET.invokeExact(id, stats) == 0;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_eth_stats_get", t);
        }
    }

    boolean started()
    {
        return started;
    }

    /** Undoes the multicast flags, stops and closes the port, and leaves its groups. */
    void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        rxBurst = null;
        try
        {
            if (started)
            {
                started = false;
                if (allMulticastSet)
                {
                    final int ignoredAllMulticast = (int)Dpdk.ETH_ALLMULTICAST_DISABLE.invokeExact(id);
                }
                if (promiscuousSet)
                {
                    final int ignoredPromiscuous = (int)Dpdk.ETH_PROMISCUOUS_DISABLE.invokeExact(id);
                }
                final int ignoredStop = (int)Dpdk.ETH_DEV_STOP.invokeExact(id);
            }
            final int ignoredClose = (int)Dpdk.ETH_DEV_CLOSE.invokeExact(id);
        }
        catch (final Throwable ignored)
        {
            // closing anyway
        }
        if (joins != null)
        {
            joins.close();
            joins = null;
        }
    }

    private static void freeBurst(final MemorySegment mbufs, final int count)
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

    private static void check(final String call, final int result) throws RxUnavailableException
    {
        if (result < 0)
        {
            throw new RxUnavailableException("DPDK " + Dpdk.failure(call, result) + DpdkLog.lastProblem()
                + "; fix: see what the driver said (--verbose shows DPDK's log)");
        }
    }
}
