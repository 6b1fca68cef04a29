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
import io.wirebook.tx.FrameTxRing;
import io.wirebook.tx.UdpEndpoint;
import io.wirebook.tx.UdpFrameBuilder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One DPDK port of the dpdk path: one interface (one line), with the {@link FrameFilter} of that interface's
 * flows, one Rx queue, its PMD receive function, and the kernel's membership of its groups. Find, start, poll and
 * close read as in DPDK's skeleton example. It counts in the path's {@link DpdkCounters}, shared with the other
 * port.
 */
final class DpdkPort implements FrameTxRing
{
    /** All of memory, to read mbuf headers at the addresses the PMD hands back without making segments. */
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final int MAC_BYTES = 6;
    private static final int CACHE_LINE = 64;

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
    private MethodHandle txBurst;
    private MemorySegment txQueue;
    /** The mbufs queued for the next tx burst, as the PMD takes them: a native array of pointers. */
    private MemorySegment txMbufs;
    private int txQueued;
    private int txCapacity;
    private UdpFrameBuilder frameBuilder;
    private int localPort;
    /**
     * A stand-in rte_mbuf (two zeroed cache lines, one segment) over {@link #templateData}: a send writes its frame
     * there, and rte_pktmbuf_copy takes a real mbuf from the pool with that frame in it.
     */
    private MemorySegment templateMbuf;
    private UnsafeBuffer templateData;
    private long poolAddress;
    /** The received mbuf being handed to the handler (0 outside a handler call), and whether a reply took it. */
    private long currentMbuf;
    private boolean currentTaken;
    private final boolean[] taken = new boolean[DpdkRxPath.BURST];
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
        txBurst = FastPathOps.txBurstHandle(FastPathOps.txBurstFunction(table, id));
        txQueue = FastPathOps.txQueueData(table, id, 0);
    }

    /**
     * Makes what sending needs, once started: the tx array, the frame builder (the port's MAC, the interface's
     * address, the port of its first flow) and the stand-in mbuf sends are copied from.
     *
     * @param frameRoom the longest frame a send builds.
     */
    void prepareTx(final Arena arena, final MbufPool pool, final int sourceAddress, final int sourcePort,
        final int frameRoom)
    {
        txCapacity = DpdkRxPath.BURST;
        txMbufs = arena.allocate(ADDRESS, txCapacity);
        final MemorySegment mac = arena.allocate(MAC_BYTES);
        try
        {
            check("rte_eth_macaddr_get", (int)Dpdk.ETH_MACADDR_GET.invokeExact(id, mac));
        }
        catch (final RxUnavailableException ex)
        {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        long sourceMac = 0;
        for (int i = 0; i < MAC_BYTES; i++)
        {
            sourceMac = (sourceMac << 8) | (mac.get(JAVA_BYTE, i) & 0xFF);
        }
        localPort = sourcePort;
        frameBuilder = new UdpFrameBuilder(sourceMac, sourceAddress, sourcePort);
        final MemorySegment data = arena.allocate(frameRoom, CACHE_LINE);
        templateData = new UnsafeBuffer(data.address(), frameRoom);
        templateMbuf = arena.allocate(Mbuf.SIZE, CACHE_LINE);
        templateMbuf.set(JAVA_LONG, Mbuf.BUF_ADDR, data.address());
        templateMbuf.set(JAVA_SHORT, Mbuf.BUF_LEN, (short)frameRoom);
        templateMbuf.set(JAVA_SHORT, Mbuf.NB_SEGS, (short)1);
        templateMbuf.set(JAVA_SHORT, Mbuf.REFCNT, (short)1);
        templateMbuf.set(JAVA_LONG, Mbuf.NEXT, 0L);
        poolAddress = pool.address().address();
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
        boolean anyTaken = false;
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
                frame.wrap(MEMORY.get(JAVA_LONG, mbuf + Mbuf.BUF_ADDR) + dataOff, bufLen - dataOff);
                final boolean verified = Mbuf.checksumsGood(MEMORY.get(JAVA_LONG, mbuf + Mbuf.OL_FLAGS));
                // With a capture, no reply turns the frame around: the capture must get it as it was received.
                currentMbuf = capture == null ? mbuf : 0;
                currentTaken = false;
                if (filter.onFrame(frame, 0, dataLen, HostClock.NO_STAMP, verified, handler))
                {
                    handed++;
                }
                if (currentTaken)
                {
                    taken[i] = true;
                    anyTaken = true;
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
            currentMbuf = 0;
            freeBurst(mbufs, anyTaken ? keepUntaken(mbufs, received) : received);
        }
        return handed;
    }

    /** Moves the mbufs no reply took to the front of the burst, for freeing; returns how many there are. */
    private int keepUntaken(final MemorySegment mbufs, final int received)
    {
        int kept = 0;
        for (int i = 0; i < received; i++)
        {
            if (taken[i])
            {
                taken[i] = false;
            }
            else
            {
                mbufs.setAtIndex(JAVA_LONG, kept++, mbufs.getAtIndex(JAVA_LONG, i));
            }
        }
        return kept;
    }

    /**
     * Queues a reply that reuses the received mbuf being handed to the handler, when {@code payload} is its frame's
     * own payload: the frame is turned around in place and the mbuf goes to the tx burst instead of being freed.
     *
     * @return {@link #QUEUED}, {@link #RING_FULL}, or {@link #NOT_IN_PLACE} when the caller must copy.
     */
    @Override
    public int replyInPlace(final DirectBuffer payload, final int offset, final int length)
    {
        if (currentMbuf == 0 || currentTaken || payload != frame)
        {
            return NOT_IN_PLACE;
        }
        if (offset != UdpFrameBuilder.payloadOffset(frame, 0) || offset + length > frame.capacity())
        {
            return NOT_IN_PLACE;
        }
        if (txQueued == txCapacity)
        {
            return RING_FULL;
        }
        final int frameLength = frameBuilder.turnAround(frame, 0, length);
        MEMORY.set(JAVA_SHORT, currentMbuf + Mbuf.DATA_LEN, (short)frameLength);
        MEMORY.set(JAVA_INT, currentMbuf + Mbuf.PKT_LEN, frameLength);
        // The receive flags (checksums checked) mean nothing on the way out; no transmit offload is asked for.
        MEMORY.set(JAVA_LONG, currentMbuf + Mbuf.OL_FLAGS, 0L);
        txMbufs.setAtIndex(JAVA_LONG, txQueued++, currentMbuf);
        currentTaken = true;
        return QUEUED;
    }

    /**
     * Queues a send in an mbuf of its own from the pool: the frame is built in the stand-in mbuf and copied.
     *
     * @return false when the tx burst is full or the pool has no mbuf.
     */
    @Override
    public boolean sendCopy(final UdpEndpoint to, final DirectBuffer payload, final int offset, final int length)
    {
        if (txQueued == txCapacity)
        {
            return false;
        }
        templateData.putBytes(UdpFrameBuilder.HEADERS_LENGTH, payload, offset, length);
        final int frameLength = frameBuilder.write(templateData, 0, to, length);
        templateMbuf.set(JAVA_SHORT, Mbuf.DATA_LEN, (short)frameLength);
        templateMbuf.set(JAVA_INT, Mbuf.PKT_LEN, frameLength);
        final long mbuf;
        try
        {
            mbuf = (long)Dpdk.PKTMBUF_COPY.invokeExact(templateMbuf.address(), poolAddress, 0, frameLength);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_pktmbuf_copy", t);
        }
        if (mbuf == 0)
        {
            return false;
        }
        txMbufs.setAtIndex(JAVA_LONG, txQueued++, mbuf);
        return true;
    }

    /**
     * One tx burst of the queued mbufs; those the PMD did not take stay queued, at the front, for the next.
     *
     * @return the number the PMD took.
     */
    @Override
    public int flushTx()
    {
        if (txQueued == 0)
        {
            return 0;
        }
        final int sent;
        try
        {
            sent = (short)txBurst.invokeExact(txQueue, txMbufs, (short)txQueued) & 0xFFFF;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("tx burst", t);
        }
        if (sent < txQueued)
        {
            MemorySegment.copy(txMbufs, (long)sent * Long.BYTES, txMbufs, 0, (long)(txQueued - sent) * Long.BYTES);
        }
        txQueued -= sent;
        return sent;
    }

    /**
     * Writes the source of the frame being handed to the handler into {@code into}.
     *
     * @return false outside a handler call.
     */
    @Override
    public boolean currentSource(final UdpEndpoint into)
    {
        if (currentMbuf == 0)
        {
            return false;
        }
        UdpFrameBuilder.source(frame, 0, into);
        return true;
    }

    /** A tx burst hands mbufs to the PMD, which says nothing of their completion. */
    @Override
    public int lastCompleted()
    {
        return 0;
    }

    /** The longest payload a copied send takes. */
    @Override
    public int maxTxPayload()
    {
        return templateData.capacity() - UdpFrameBuilder.HEADERS_LENGTH;
    }

    /** The UDP port this port's frames leave from: its interface's first flow's. */
    @Override
    public int localPort()
    {
        return localPort;
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
        txBurst = null;
        if (txQueued != 0)
        {
            // Mbufs queued but never sent go back to the pool before it is freed.
            freeBurst(txMbufs, txQueued);
            txQueued = 0;
        }
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
