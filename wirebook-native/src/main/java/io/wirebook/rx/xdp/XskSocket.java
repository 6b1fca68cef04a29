package io.wirebook.rx.xdp;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.FrameFilter;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;
import io.wirebook.tx.FrameTxRing;
import io.wirebook.tx.UdpEndpoint;
import io.wirebook.tx.UdpFrameBuilder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One AF_XDP socket bound to one RX queue, with its own UMEM, fill ring and RX ring, and the TX ring and
 * completion ring on the same UMEM, driven directly on the mmapped rings: no system call per packet. Layouts and
 * constants are those of linux/if_xdp.h.
 *
 * <p>Ring protocol (as xsk.c in libxdp): the producer index is read with acquire and published with release;
 * descriptors are plain memory between the two. The fill ring holds as many slots as there are frames, so a
 * frame consumed from the RX ring (or completed on TX) always has a slot to go back to and the fill ring's
 * consumer need never be read.
 *
 * <p>TX: a few frames of the UMEM ({@link #txFrames}) never go to the fill ring but wait on a free list, for sends
 * that copy; a reply turns the received frame around in place and puts that very frame on the TX ring instead of
 * back on the fill ring. Completed frames go back to the free list while it is short, else to the fill ring. The
 * kernel is kicked (a zero-length sendto) only when it set XDP_RING_NEED_WAKEUP on the TX ring.
 */
final class XskSocket implements AutoCloseable
{
    static final int SOL_XDP = 283;
    static final int XDP_MMAP_OFFSETS = 1;
    static final int XDP_RX_RING = 2;
    static final int XDP_TX_RING = 3;
    static final int XDP_UMEM_REG = 4;
    static final int XDP_UMEM_FILL_RING = 5;
    static final int XDP_UMEM_COMPLETION_RING = 6;
    static final int XDP_STATISTICS = 7;
    static final int XDP_OPTIONS = 8;
    static final int XDP_OPTIONS_ZEROCOPY = 1;
    static final int XDP_COPY = 1 << 1;
    static final int XDP_ZEROCOPY = 1 << 2;
    static final int XDP_USE_NEED_WAKEUP = 1 << 3;
    static final int XDP_RING_NEED_WAKEUP = 1;
    static final long XDP_PGOFF_RX_RING = 0;
    static final long XDP_PGOFF_TX_RING = 0x80000000L;
    static final long XDP_UMEM_PGOFF_FILL_RING = 0x100000000L;
    static final long XDP_UMEM_PGOFF_COMPLETION_RING = 0x180000000L;
    static final int EAFNOSUPPORT = 97;
    static final long HUGE_PAGE = 2L << 20;

    /** struct xdp_umem_reg { u64 addr; u64 len; u32 chunk_size; u32 headroom; u32 flags; u32 tx_metadata_len; } */
    static final StructLayout UMEM_REG = MemoryLayout.structLayout(JAVA_LONG.withName("addr"),
        JAVA_LONG.withName("len"), JAVA_INT.withName("chunk_size"), JAVA_INT.withName("headroom"),
        JAVA_INT.withName("flags"), JAVA_INT.withName("tx_metadata_len"));
    /** struct xdp_ring_offset { u64 producer; u64 consumer; u64 desc; u64 flags; } */
    static final StructLayout RING_OFFSET = MemoryLayout.structLayout(JAVA_LONG.withName("producer"),
        JAVA_LONG.withName("consumer"), JAVA_LONG.withName("desc"), JAVA_LONG.withName("flags"));
    /** struct xdp_mmap_offsets { struct xdp_ring_offset rx, tx, fr, cr; } */
    static final StructLayout MMAP_OFFSETS = MemoryLayout.structLayout(RING_OFFSET.withName("rx"),
        RING_OFFSET.withName("tx"), RING_OFFSET.withName("fr"), RING_OFFSET.withName("cr"));
    /** struct sockaddr_xdp { u16 sxdp_family; u16 sxdp_flags; u32 sxdp_ifindex; u32 sxdp_queue_id; u32 ...fd; } */
    static final StructLayout SOCKADDR_XDP = MemoryLayout.structLayout(JAVA_SHORT.withName("sxdp_family"),
        JAVA_SHORT.withName("sxdp_flags"), JAVA_INT.withName("sxdp_ifindex"), JAVA_INT.withName("sxdp_queue_id"),
        JAVA_INT.withName("sxdp_shared_umem_fd"));
    /** struct xdp_statistics */
    static final StructLayout STATISTICS = MemoryLayout.structLayout(JAVA_LONG.withName("rx_dropped"),
        JAVA_LONG.withName("rx_invalid_descs"), JAVA_LONG.withName("tx_invalid_descs"),
        JAVA_LONG.withName("rx_ring_full"), JAVA_LONG.withName("rx_fill_ring_empty_descs"),
        JAVA_LONG.withName("tx_ring_empty_descs"));
    /** struct xdp_desc { u64 addr; u32 len; u32 options; }: an RX ring entry. */
    static final StructLayout DESC = MemoryLayout.structLayout(JAVA_LONG.withName("addr"), JAVA_INT.withName("len"),
        JAVA_INT.withName("options"));
    /** struct xdp_options { u32 flags; } */
    static final StructLayout OPTIONS = MemoryLayout.structLayout(JAVA_INT.withName("flags"));

    private static final long UMEM_REG_ADDR = offset(UMEM_REG, "addr");
    private static final long UMEM_REG_LEN = offset(UMEM_REG, "len");
    private static final long UMEM_REG_CHUNK_SIZE = offset(UMEM_REG, "chunk_size");
    private static final long UMEM_REG_HEADROOM = offset(UMEM_REG, "headroom");
    private static final long RX_PRODUCER = offset(MMAP_OFFSETS, "rx", "producer");
    private static final long RX_CONSUMER = offset(MMAP_OFFSETS, "rx", "consumer");
    private static final long RX_DESC = offset(MMAP_OFFSETS, "rx", "desc");
    private static final long FILL_PRODUCER = offset(MMAP_OFFSETS, "fr", "producer");
    private static final long FILL_DESC = offset(MMAP_OFFSETS, "fr", "desc");
    private static final long FILL_FLAGS = offset(MMAP_OFFSETS, "fr", "flags");
    private static final long TX_PRODUCER = offset(MMAP_OFFSETS, "tx", "producer");
    private static final long TX_CONSUMER = offset(MMAP_OFFSETS, "tx", "consumer");
    private static final long TX_DESC = offset(MMAP_OFFSETS, "tx", "desc");
    private static final long TX_FLAGS = offset(MMAP_OFFSETS, "tx", "flags");
    private static final long COMPLETION_PRODUCER = offset(MMAP_OFFSETS, "cr", "producer");
    private static final long COMPLETION_CONSUMER = offset(MMAP_OFFSETS, "cr", "consumer");
    private static final long COMPLETION_DESC = offset(MMAP_OFFSETS, "cr", "desc");
    private static final long OPTIONS_FLAGS = offset(OPTIONS, "flags");
    private static final long SXDP_FAMILY = offset(SOCKADDR_XDP, "sxdp_family");
    private static final long SXDP_FLAGS = offset(SOCKADDR_XDP, "sxdp_flags");
    private static final long SXDP_IFINDEX = offset(SOCKADDR_XDP, "sxdp_ifindex");
    private static final long SXDP_QUEUE_ID = offset(SOCKADDR_XDP, "sxdp_queue_id");

    /** Fields of struct xdp_statistics, for {@link #statistic}. */
    static final long STAT_RX_DROPPED = offset(STATISTICS, "rx_dropped");
    static final long STAT_RX_INVALID_DESCS = offset(STATISTICS, "rx_invalid_descs");
    static final long STAT_RX_RING_FULL = offset(STATISTICS, "rx_ring_full");
    static final long STAT_FILL_RING_EMPTY = offset(STATISTICS, "rx_fill_ring_empty_descs");

    private static final long DESC_SIZE = DESC.byteSize();
    private static final long DESC_ADDR = offset(DESC, "addr");
    private static final long DESC_LEN = offset(DESC, "len");
    private static final long DESC_OPTIONS = offset(DESC, "options");
    /** A fill (and completion) ring entry: the u64 UMEM address of a frame. */
    private static final long FILL_DESC_SIZE = JAVA_LONG.byteSize();
    /** The XDP program's metadata: the u64 arrival stamp just before the frame. */
    private static final int STAMP_SIZE = 8;
    /** TX and completion ring entries: every frame that can be in flight at once has a completion slot. */
    private static final int TX_RING_SIZE = 256;
    /** Frames held back from the fill ring for sends that copy, at most; a quarter of a small UMEM. */
    private static final int MAX_TX_FRAMES = 128;
    /**
     * Where a copied send's frame starts in its UMEM frame: past the headroom the kernel leaves in front of a
     * received frame (XDP_PACKET_HEADROOM), so the XDP program's stamp slot just below it stays clear.
     */
    static final int TX_FRAME_OFFSET = 256;
    private static final int BATCH = 64;

    private static final VarHandle RING_INDEX = JAVA_INT.varHandle();
    private static final MethodHandle RECVFROM = Libc.plain("recvfrom",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    /** The TX kick: a zero-length sendto, non-blocking, that never waits on the JVM (critical: no transition). */
    private static final MethodHandle SENDTO = Libc.LINKER.downcallHandle(Libc.LIBC.findOrThrow("sendto"),
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT),
        Linker.Option.critical(false));
    /** Without errno capture: a refused read of the statistics keeps the last values, whatever the reason. */
    private static final MethodHandle GETSOCKOPT = Libc.plain("getsockopt",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** How the socket was bound, from the xdp.bind option. */
    enum BindMode
    {
        AUTO, COPY, ZEROCOPY
    }

    private final int fd;
    /** Whether an empty poll busy-polls the interface's NAPI (xdp.busy-poll) rather than only waking it. */
    private final boolean busyPoll;
    private final int frameSize;
    private final long umemLength;
    private final MemorySegment umem;
    private final UnsafeBuffer frames;
    private final boolean hugePages;
    private final AfXdpCounters counters;
    private final Map<String, Integer> refusedOptions = new LinkedHashMap<>();
    /** struct xdp_statistics and its length, for getsockopt: made once, so reading them allocates nothing. */
    private final MemorySegment statistics;
    private final MemorySegment statisticsLength;

    private MemorySegment rxRing;
    private long rxProducer;
    private long rxConsumerAt;
    private long rxDescs;
    private int rxMask;
    private MemorySegment fillRing;
    private long fillProducerAt;
    private long fillFlags;
    private long fillDescs;
    private int fillMask;
    private MemorySegment completionRing;
    private long completionProducerAt;
    private long completionConsumerAt;
    private long completionDescs;
    private MemorySegment txRing;
    private long txProducerAt;
    private long txConsumerAt;
    private long txDescs;
    private long txFlags;
    private String bindMode = "unbound";

    /** Frames held back for copied sends, and the free ones among them (a stack of UMEM addresses). */
    private int txFrames;
    private final long[] freeFrames = new long[MAX_TX_FRAMES];
    private int freeCount;
    private int txProducer;
    private int txConsumerSeen;
    private int completionConsumer;
    /** The RX frame being handed to the handler, and whether a reply took it for TX; -1 outside a handler call. */
    private long currentFrame = -1;
    private boolean currentInPlace;
    private boolean currentTaken;
    private int txPending;
    private int lastCompleted;

    private int rxConsumer;
    private int fillProducer;
    private boolean closed;

    private XskSocket(
        final int fd, final int frameSize, final long umemLength, final MemorySegment umem, final boolean hugePages,
        final boolean busyPoll, final AfXdpCounters counters)
    {
        this.fd = fd;
        this.busyPoll = busyPoll;
        this.frameSize = frameSize;
        this.umemLength = umemLength;
        this.umem = umem;
        this.hugePages = hugePages;
        this.counters = counters;
        final Arena scratch = Arena.ofAuto();
        statistics = scratch.allocate(STATISTICS);
        statisticsLength = scratch.allocate(JAVA_INT);
        // One wrap for the life of the socket: every frame is an offset into the same UMEM.
        this.frames = new UnsafeBuffer(umem.address(), Math.toIntExact(umem.byteSize()));
    }

    /**
     * Creates the socket and its UMEM and rings and binds it to {@code queue} of {@code ifindex} (in the calling
     * thread's network namespace). It counts its work in {@code counters}, shared with the path's other sockets.
     *
     * @throws NativeException with errno {@link #EAFNOSUPPORT} if the kernel has no AF_XDP.
     */
    static XskSocket open(
        final int ifindex, final int queue, final int frameCount, final int frameSize, final boolean tryHugePages,
        final BindMode bindMode, final boolean busyPoll, final AfXdpCounters counters)
    {
        final int fd = Libc.socket(Libc.AF_XDP, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        XskSocket socket = null;
        try
        {
            final long umemLength = (long)frameCount * frameSize;
            MemorySegment umem = null;
            boolean huge = false;
            if (tryHugePages)
            {
                try
                {
                    umem = Libc.mmap(roundUp(umemLength, HUGE_PAGE), Libc.PROT_READ | Libc.PROT_WRITE,
                        Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_POPULATE | Libc.MAP_HUGETLB, -1, 0);
                    huge = true;
                }
                catch (final NativeException ex)
                {
                    System.getLogger(XskSocket.class.getPackageName()).log(Level.WARNING, "af-xdp: no 2 MiB hugepages"
                        + " for the UMEM (" + ex.getMessage() + "), using 4 KiB pages; fix: echo 64 > "
                        + "/proc/sys/vm/nr_hugepages");
                }
            }
            if (umem == null)
            {
                umem = Libc.mmap(umemLength, Libc.PROT_READ | Libc.PROT_WRITE,
                    Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_POPULATE, -1, 0);
            }
            socket = new XskSocket(fd, frameSize, umemLength, umem, huge, busyPoll, counters);
            socket.registerUmem(umemLength);
            socket.createRings(frameCount);
            socket.fillAll(frameCount);
            socket.holdTxFrames();
            socket.preferBusyPoll();
            socket.bind(ifindex, queue, bindMode);
            return socket;
        }
        catch (final RuntimeException ex)
        {
            if (socket != null)
            {
                socket.close();
            }
            else
            {
                Libc.close(fd);
            }
            throw ex;
        }
    }

    private void registerUmem(final long length)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment reg = arena.allocate(UMEM_REG);
            reg.set(JAVA_LONG, UMEM_REG_ADDR, umem.address());
            reg.set(JAVA_LONG, UMEM_REG_LEN, length);
            reg.set(JAVA_INT, UMEM_REG_CHUNK_SIZE, frameSize);
            reg.set(JAVA_INT, UMEM_REG_HEADROOM, 0);
            Libc.setsockopt(fd, SOL_XDP, XDP_UMEM_REG, reg);
        }
    }

    private void createRings(final int frameCount)
    {
        Libc.setsockoptInt(fd, SOL_XDP, XDP_UMEM_FILL_RING, frameCount);
        Libc.setsockoptInt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, TX_RING_SIZE);
        Libc.setsockoptInt(fd, SOL_XDP, XDP_RX_RING, frameCount);
        Libc.setsockoptInt(fd, SOL_XDP, XDP_TX_RING, TX_RING_SIZE);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment offsets = arena.allocate(MMAP_OFFSETS);
            Libc.getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, offsets);
            rxDescs = offsets.get(JAVA_LONG, RX_DESC);
            rxProducer = offsets.get(JAVA_LONG, RX_PRODUCER);
            rxConsumerAt = offsets.get(JAVA_LONG, RX_CONSUMER);
            rxMask = frameCount - 1;
            rxRing = mapRing(rxDescs + frameCount * DESC_SIZE, XDP_PGOFF_RX_RING);
            fillDescs = offsets.get(JAVA_LONG, FILL_DESC);
            fillProducerAt = offsets.get(JAVA_LONG, FILL_PRODUCER);
            fillFlags = offsets.get(JAVA_LONG, FILL_FLAGS);
            fillMask = frameCount - 1;
            fillRing = mapRing(fillDescs + frameCount * FILL_DESC_SIZE, XDP_UMEM_PGOFF_FILL_RING);
            completionDescs = offsets.get(JAVA_LONG, COMPLETION_DESC);
            completionProducerAt = offsets.get(JAVA_LONG, COMPLETION_PRODUCER);
            completionConsumerAt = offsets.get(JAVA_LONG, COMPLETION_CONSUMER);
            completionRing = mapRing(completionDescs + TX_RING_SIZE * FILL_DESC_SIZE, XDP_UMEM_PGOFF_COMPLETION_RING);
            txDescs = offsets.get(JAVA_LONG, TX_DESC);
            txProducerAt = offsets.get(JAVA_LONG, TX_PRODUCER);
            txConsumerAt = offsets.get(JAVA_LONG, TX_CONSUMER);
            txFlags = offsets.get(JAVA_LONG, TX_FLAGS);
            txRing = mapRing(txDescs + TX_RING_SIZE * DESC_SIZE, XDP_PGOFF_TX_RING);
        }
    }

    /** Maps one of the socket's rings: {@code length} bytes (its header and its entries) at the ring's page offset. */
    private MemorySegment mapRing(final long length, final long pageOffset)
    {
        return Libc.mmap(length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_POPULATE, fd,
            pageOffset);
    }

    /**
     * Hands every frame but the TX ones to the kernel before binding, so the first packets have somewhere to land.
     */
    private void fillAll(final int frameCount)
    {
        txFrames = Math.min(MAX_TX_FRAMES, frameCount / 4);
        final int rxFrames = frameCount - txFrames;
        for (int i = 0; i < rxFrames; i++)
        {
            fillRing.set(JAVA_LONG, fillDescs + i * FILL_DESC_SIZE, (long)i * frameSize);
        }
        fillProducer = rxFrames;
        RING_INDEX.setRelease(fillRing, fillProducerAt, fillProducer);
    }

    /** The last {@link #txFrames} frames of the UMEM wait on the free list for copied sends. */
    private void holdTxFrames()
    {
        final int frameCount = (int)(umemLength / frameSize);
        for (int i = frameCount - txFrames; i < frameCount; i++)
        {
            freeFrames[freeCount++] = (long)i * frameSize;
        }
    }

    /** Busy-poll options where the kernel accepts them; a refusal is a note for the report, not a failure. */
    private void preferBusyPoll()
    {
        trySocketOption("SO_PREFER_BUSY_POLL", Libc.SO_PREFER_BUSY_POLL, 1);
        trySocketOption("SO_BUSY_POLL", Libc.SO_BUSY_POLL, 20);
        trySocketOption("SO_BUSY_POLL_BUDGET", Libc.SO_BUSY_POLL_BUDGET, BATCH);
    }

    private void trySocketOption(final String name, final int option, final int value)
    {
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_SOCKET, option, value);
        }
        catch (final NativeException ex)
        {
            refusedOptions.put(name, ex.errno());
        }
    }

    private void bind(final int ifindex, final int queue, final BindMode mode)
    {
        // No copy/zero-copy flag lets the kernel try zero-copy and fall back to copy by itself.
        final int modeFlag = switch (mode)
        {
            case AUTO -> 0;
            case COPY -> XDP_COPY;
            case ZEROCOPY -> XDP_ZEROCOPY;
        };
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment address = arena.allocate(SOCKADDR_XDP);
            address.set(JAVA_SHORT, SXDP_FAMILY, (short)Libc.AF_XDP);
            address.set(JAVA_SHORT, SXDP_FLAGS, (short)(XDP_USE_NEED_WAKEUP | modeFlag));
            address.set(JAVA_INT, SXDP_IFINDEX, ifindex);
            address.set(JAVA_INT, SXDP_QUEUE_ID, queue);
            Libc.bind(fd, address);

            final MemorySegment options = arena.allocate(OPTIONS);
            Libc.getsockopt(fd, SOL_XDP, XDP_OPTIONS, options);
            bindMode = (options.get(JAVA_INT, OPTIONS_FLAGS) & XDP_OPTIONS_ZEROCOPY) != 0 ? "zerocopy" : "copy";
        }
    }

    /**
     * Hands up to one batch of received frames to the filter, then gives the frames back to the fill ring. With a
     * capture, each frame goes to it as received, whatever the filter made of it, so that what the filter rejects is
     * captured too.
     *
     * @return the number of datagrams the filter handed to the handler.
     */
    int poll(final FrameFilter filter, final PacketCapture capture, final DatagramHandler handler)
    {
        final MemorySegment rx = rxRing;
        final int available = (int)RING_INDEX.getAcquire(rx, rxProducer) - rxConsumer;
        if (available == 0)
        {
            if (busyPoll)
            {
                busyPollOnce();
            }
            else
            {
                wakeIfNeeded();
            }
            return 0;
        }
        final int count = Math.min(available, BATCH);
        final UnsafeBuffer frames = this.frames;
        final MemorySegment fill = fillRing;
        final AfXdpCounters counters = this.counters;
        int handed = 0;
        int done = 0;
        int refilled = 0;
        try
        {
            while (done < count)
            {
                final long desc = rxDescs + ((rxConsumer + done) & rxMask) * DESC_SIZE;
                final long address = rx.get(JAVA_LONG, desc + DESC_ADDR);
                final int length = rx.get(JAVA_INT, desc + DESC_LEN);
                done++;
                if (!descriptorFits(address, length, umemLength, frameSize))
                {
                    counters.badDescriptors.incrementRelease();
                    // A frame we can name goes back to the kernel; one we cannot is lost, never guessed at.
                    if (address >= 0 && address < umemLength)
                    {
                        fill.set(JAVA_LONG, fillDescs + ((fillProducer + refilled) & fillMask) * FILL_DESC_SIZE,
                            address & -(long)frameSize);
                        refilled++;
                    }
                    continue;
                }
                final int frame = (int)address;
                final int stampAt = frame - STAMP_SIZE;
                final long stamp = frames.getLong(stampAt);
                final long arrival;
                if (stamp != 0)
                {
                    arrival = stamp;
                    counters.stamped.incrementRelease();
                }
                else
                {
                    arrival = HostClock.NO_STAMP;
                    counters.unstamped.incrementRelease();
                }
                // Cleared so that a stale stamp can never pass for this frame's next packet.
                frames.putLong(stampAt, 0L);
                currentFrame = address;
                // With a capture, no reply turns the frame around: the capture must get it as it was received.
                currentInPlace = capture == null;
                currentTaken = false;
                if (filter.onFrame(frames, frame, length, arrival, handler))
                {
                    handed++;
                }
                if (capture != null)
                {
                    // After the books, so the capture adds nothing to this packet's latency; the frame stays ours
                    // until the batch is committed.
                    capture.frame(frames, frame, length, arrival);
                }
                if (!currentTaken)
                {
                    fill.set(JAVA_LONG, fillDescs + ((fillProducer + refilled) & fillMask) * FILL_DESC_SIZE,
                        address & -(long)frameSize);
                    refilled++;
                }
            }
        }
        finally
        {
            currentFrame = -1;
            // Commit only after the handler is done with the frames: the kernel may overwrite them at once.
            rxConsumer += done;
            RING_INDEX.setRelease(rx, rxConsumerAt, rxConsumer);
            fillProducer += refilled;
            RING_INDEX.setRelease(fill, fillProducerAt, fillProducer);
            counters.rxDescriptors.getAndAddRelease(done);
        }
        wakeIfNeeded();
        return handed;
    }

    /**
     * One preferred busy poll: with SO_PREFER_BUSY_POLL set, a non-blocking recvfrom on the socket runs its
     * interface's NAPI here, on the poll thread's CPU, for up to SO_BUSY_POLL_BUDGET packets (and kicks the fill
     * ring as the need-wakeup call would).
     */
    private void busyPollOnce()
    {
        counters.busyPolls.incrementRelease();
        receiveNothing();
    }

    private void wakeIfNeeded()
    {
        if (((int)RING_INDEX.getAcquire(fillRing, fillFlags) & XDP_RING_NEED_WAKEUP) != 0)
        {
            counters.wakeups.incrementRelease();
            receiveNothing();
        }
    }

    /** A non-blocking, zero-length recvfrom: how an AF_XDP socket asks the kernel to run its RX side. */
    private void receiveNothing()
    {
        try
        {
            final long ignored = (long)RECVFROM.invokeExact(fd, MemorySegment.NULL, 0L, Libc.MSG_DONTWAIT,
                MemorySegment.NULL, MemorySegment.NULL);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** The longest payload a copied send takes. */
    int maxTxPayload()
    {
        return frameSize - TX_FRAME_OFFSET - UdpFrameBuilder.HEADERS_LENGTH;
    }

    /**
     * Writes the source of the frame being handed to the handler into {@code into}.
     *
     * @return false outside a handler call.
     */
    boolean currentSource(final UdpEndpoint into)
    {
        if (currentFrame < 0)
        {
            return false;
        }
        UdpFrameBuilder.source(frames, (int)currentFrame, into);
        return true;
    }

    /**
     * Queues a reply that reuses the frame being handed to the handler, when {@code payload} is that frame's own
     * payload and nothing else took the frame: turned around in place, it goes on the TX ring instead of back to
     * the fill ring.
     *
     * @return {@link FrameTxRing#QUEUED}, {@link FrameTxRing#RING_FULL}, or {@link FrameTxRing#NOT_IN_PLACE} when the
     *         caller must copy.
     */
    int replyInPlace(final UdpFrameBuilder builder, final DirectBuffer payload, final int offset, final int length)
    {
        if (currentFrame < 0 || currentTaken || !currentInPlace || payload != frames)
        {
            return FrameTxRing.NOT_IN_PLACE;
        }
        final int frame = (int)currentFrame;
        final int frameEnd = (int)(currentFrame & -(long)frameSize) + frameSize;
        if (offset != UdpFrameBuilder.payloadOffset(frames, frame) || offset + length > frameEnd)
        {
            return FrameTxRing.NOT_IN_PLACE;
        }
        if (!txSlotFree())
        {
            return FrameTxRing.RING_FULL;
        }
        pushTx(currentFrame, builder.turnAround(frames, frame, length));
        currentTaken = true;
        return FrameTxRing.QUEUED;
    }

    /**
     * Queues a send in a frame of its own: the payload is copied behind headers for {@code to}.
     *
     * @return false when no TX frame is free or the TX ring is full.
     */
    boolean sendCopy(
        final UdpFrameBuilder builder, final UdpEndpoint to, final DirectBuffer payload, final int offset,
        final int length)
    {
        if (freeCount == 0)
        {
            reapCompletions();
        }
        if (freeCount == 0 || !txSlotFree())
        {
            return false;
        }
        final long frame = freeFrames[--freeCount] + TX_FRAME_OFFSET;
        frames.putBytes((int)frame + UdpFrameBuilder.HEADERS_LENGTH, payload, offset, length);
        pushTx(frame, builder.write(frames, (int)frame, to, length));
        return true;
    }

    /**
     * Publishes the queued TX descriptors, kicks the kernel if it asked to be (XDP_RING_NEED_WAKEUP on the TX ring),
     * and takes back completed frames.
     *
     * @return the number of datagrams published; {@link #lastCompleted()} says how many completed.
     */
    int flushTx()
    {
        final int published = txPending;
        if (published != 0)
        {
            RING_INDEX.setRelease(txRing, txProducerAt, txProducer);
            txPending = 0;
        }
        if (published != 0 || txProducer != txConsumerSeen)
        {
            if (((int)RING_INDEX.getAcquire(txRing, txFlags) & XDP_RING_NEED_WAKEUP) != 0)
            {
                counters.txWakeups.incrementRelease();
                kick();
            }
        }
        reapCompletions();
        return published;
    }

    /** Frames whose transmission completed at the last reaping. */
    int lastCompleted()
    {
        return lastCompleted;
    }

    private boolean txSlotFree()
    {
        if (txProducer - txConsumerSeen < TX_RING_SIZE)
        {
            return true;
        }
        txConsumerSeen = (int)RING_INDEX.getAcquire(txRing, txConsumerAt);
        return txProducer - txConsumerSeen < TX_RING_SIZE;
    }

    private void pushTx(final long address, final int length)
    {
        final long desc = txDescs + (txProducer & (TX_RING_SIZE - 1)) * DESC_SIZE;
        txRing.set(JAVA_LONG, desc + DESC_ADDR, address);
        txRing.set(JAVA_INT, desc + DESC_LEN, length);
        txRing.set(JAVA_INT, desc + DESC_OPTIONS, 0);
        txProducer++;
        txPending++;
    }

    /** Completed frames back to the free list while it is short of its TX frames, else to the fill ring. */
    private void reapCompletions()
    {
        final MemorySegment completions = completionRing;
        final int available = (int)RING_INDEX.getAcquire(completions, completionProducerAt) - completionConsumer;
        lastCompleted = available;
        if (available == 0)
        {
            return;
        }
        int refilled = 0;
        for (int i = 0; i < available; i++)
        {
            final long frame = completions.get(JAVA_LONG,
                completionDescs + ((completionConsumer + i) & (TX_RING_SIZE - 1)) * FILL_DESC_SIZE) & -(long)frameSize;
            if (freeCount < txFrames)
            {
                freeFrames[freeCount++] = frame;
            }
            else
            {
                fillRing.set(JAVA_LONG, fillDescs + ((fillProducer + refilled) & fillMask) * FILL_DESC_SIZE, frame);
                refilled++;
            }
        }
        completionConsumer += available;
        RING_INDEX.setRelease(completions, completionConsumerAt, completionConsumer);
        if (refilled != 0)
        {
            fillProducer += refilled;
            RING_INDEX.setRelease(fillRing, fillProducerAt, fillProducer);
        }
    }

    /** A non-blocking, zero-length sendto: how an AF_XDP socket asks the kernel to run its TX side. */
    private void kick()
    {
        try
        {
            final long ignored = (long)SENDTO.invokeExact(fd, 0L, 0L, Libc.MSG_DONTWAIT, 0L, 0);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    int fd()
    {
        return fd;
    }

    /** "copy" or "zerocopy", as the kernel reports it after bind. */
    String bindMode()
    {
        return bindMode;
    }

    boolean hugePages()
    {
        return hugePages;
    }

    /**
     * Whether an RX descriptor the kernel handed back can be read: its frame lies inside the UMEM and inside one
     * frame (the kernel never splits one), with room before it in that frame for the XDP program's stamp.
     */
    static boolean descriptorFits(final long address, final int length, final long umemLength, final int frameSize)
    {
        if (address < 0 || address >= umemLength || length <= 0)
        {
            return false;
        }
        final long inFrame = address & (frameSize - 1);
        return inFrame >= STAMP_SIZE && inFrame + length <= frameSize;
    }

    /** Socket options the kernel refused (name → errno): a note for the report. */
    Map<String, Integer> refusedOptions()
    {
        return refusedOptions;
    }

    /**
     * Reads struct xdp_statistics (rx_dropped, rx_invalid_descs, tx_invalid_descs, rx_ring_full,
     * rx_fill_ring_empty_descs, tx_ring_empty_descs) for {@link #statistic}; false, keeping the last values, if the
     * socket is closed or the kernel refuses. Allocates nothing.
     */
    boolean readStatistics()
    {
        if (closed)
        {
            return false;
        }
        statisticsLength.set(JAVA_INT, 0, (int)statistics.byteSize());
        try
        {
            return (int)GETSOCKOPT.invokeExact(fd, SOL_XDP, XDP_STATISTICS, statistics, statisticsLength) == 0;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** One field of the statistics last read, {@link #STAT_RX_DROPPED} ... */
    long statistic(final long field)
    {
        return statistics.get(JAVA_LONG, field);
    }

    /** Closes the socket; unmaps the rings and UMEM only if {@code unmap} (not while a poll may run). */
    void close(final boolean unmap)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        Libc.close(fd);
        if (unmap)
        {
            for (final MemorySegment segment : new MemorySegment[] {rxRing, fillRing, completionRing, txRing, umem})
            {
                if (segment != null)
                {
                    Libc.munmap(segment);
                }
            }
        }
    }

    @Override
    public void close()
    {
        close(true);
    }

    /** The offset of a field, or of a field of a nested struct ({@code "rx", "desc"}). */
    private static long offset(final StructLayout layout, final String... path)
    {
        final MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++)
        {
            elements[i] = MemoryLayout.PathElement.groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }

    private static long roundUp(final long value, final long multiple)
    {
        return (value + multiple - 1) / multiple * multiple;
    }
}
