package io.wirebook.rx.uring;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wirebook.capture.PacketCapture;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.ControlMessages;
import io.wirebook.rx.socket.PortFlows;
import io.wirebook.rx.socket.SourceCheck;
import io.wirebook.rx.socket.UdpMulticast;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Interfaces;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;
import io.wirebook.sys.SockaddrIn;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import static io.wirebook.rx.uring.IoUringAbi.ENOBUFS;
import static io.wirebook.rx.uring.IoUringAbi.IORING_CQE_BUFFER_SHIFT;
import static io.wirebook.rx.uring.IoUringAbi.IORING_CQE_F_BUFFER;
import static io.wirebook.rx.uring.IoUringAbi.IORING_CQE_F_MORE;
import static io.wirebook.rx.uring.IoUringAbi.MSGHDR_CONTROLLEN;
import static io.wirebook.rx.uring.IoUringAbi.MSGHDR_NAMELEN;
import static io.wirebook.rx.uring.IoUringAbi.MSGHDR_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The io-uring receive path: one UDP socket per port, each flow joined on its own interface (lines A and B on
 * theirs), each socket with a multishot recvmsg that picks buffers from one provided-buffer ring, and completions
 * reaped straight from the mapped CQ ring. A datagram's flow is its destination group (IP_PKTINFO) on the socket's
 * port; its source address and port (the recvmsg name) must be the flow's ({@link SourceCheck}). A completion
 * whose buffer id or lengths do not fit the buffer ring is counted as {@code rejected.bad_descriptor} and skipped.
 *
 * <p>Options (all optional):
 * <ul>
 * <li>{@code uring.sqpoll} (false): a kernel SQ thread submits, so re-arming needs no syscall while it is awake.</li>
 * <li>{@code uring.sqpoll.cpu} (unpinned): the CPU of that thread.</li>
 * <li>{@code uring.sqpoll.idle.ms} (1000): how long it spins before it sleeps.</li>
 * <li>{@code uring.buffers} (256, a power of two) and {@code uring.buffer.size} (2048): the buffer ring.</li>
 * <li>{@code uring.timestamps} (true): kernel software receive stamps, converted to {@link HostClock}.</li>
 * <li>{@code socket.ssm} (false): source-specific joins, see {@link UdpMulticast#SSM_OPTION}.</li>
 * <li>{@code uring.taskrun} (defer | coop | ipi, default {@link #DEFAULT_TASK_RUN}; ignored with SQPOLL): how the
 * poll thread gets to run the task work that posts completions, see {@link TaskRunMode}. A kernel that refuses
 * the flags gets the next mode (defer, coop, ipi), with a one-line warning and {@code taskrun_fallback} = 1.</li>
 * </ul>
 *
 * <p>Without SQPOLL the kernel completes the multishot request as task work of the thread that submitted it. In
 * ipi mode the kernel interrupts that thread to run it even while it spins in user space, so a CQE appears with
 * no syscall, at the cost of an IPI per completion batch; in defer mode the work waits until the poll thread
 * enters the kernel, which it does once per empty poll. The request is therefore armed from the first
 * {@link #poll} rather than from {@link #open}, so it belongs to the poll thread (a request owned by a thread that
 * exits is cancelled, and is then re-armed here). In defer mode the ring belongs to the thread that opened it, so
 * open and poll must run on one thread.
 *
 * <p>Counters, in the handler's ({@link RxConfig#counters()}, each {@code path.NAME}), made at open: what the
 * completions were ({@code datagrams} handed over, {@code rearms}, {@code enobufs}, {@code cqe_errors},
 * {@code truncated}, {@code unmatched}, {@code rejected.bad_descriptor}, {@code cq_overflow_flushes}), the
 * {@link SourceCheck}'s, the ring's
 * ({@link IoUringRing}) and the mode it runs ({@code taskrun_mode}: {@link TaskRunMode#code()};
 * {@code taskrun_fallback}: 1 when the kernel refused the mode asked for), set once.
 */
public final class IoUringRxPath implements RxPath
{
    /** msg_namelen of the armed msghdr: room for the source's sockaddr_in, which the source check reads. */
    static final int NAME_CAPACITY = SockaddrIn.SIZE;
    static final int CONTROL_CAPACITY_PKTINFO = 32;
    static final int CONTROL_CAPACITY_STAMPED = 128;
    static final String BAD_DESCRIPTOR = "rejected.bad_descriptor";
    private static final int BUFFER_GROUP = 0;
    /**
     * DEFER_TASKRUN runs the completion work on the poll thread when it enters the ring, so no inter-processor
     * interrupt reaches the poll CPU for each completion; the ipi mode interrupts it for every one, coop batches
     * less predictably.
     */
    static final TaskRunMode DEFAULT_TASK_RUN = TaskRunMode.DEFER;

    private RecvMsgOut out;
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private UnsafeBuffer bufferView;

    private Arena arena;
    private IoUringRing ring;
    private ProvidedBufferRing buffers;
    private int[] socketFds = new int[0];
    private MemorySegment[] msghdrs;
    private boolean[] needsArm;
    private boolean armWork;
    private PortFlows[] socketFlows;
    private SourceCheck sourceCheck;
    private PacketCapture capture;
    private int controlCapacity;
    private long buffersAddress;
    private boolean stamped;
    private long realtimeOffset;
    private boolean opened;
    /** From a successful open until close: the one field poll checks first. */
    private boolean isOpen;
    private boolean closed;
    private Thread owner;

    private AtomicCounter rearms;
    private AtomicCounter enobufs;
    private AtomicCounter cqeErrors;
    private AtomicCounter truncated;
    private AtomicCounter unmatched;
    private AtomicCounter datagrams;
    private AtomicCounter badDescriptors;
    private AtomicCounter overflowFlushes;

    public IoUringRxPath()
    {
    }

    @Override
    public String name()
    {
        return "io-uring";
    }

    @Override
    public void open(final RxConfig config) throws RxUnavailableException
    {
        if (opened)
        {
            throw new IllegalStateException("io-uring path already opened");
        }
        opened = true;
        checkKernel();

        final boolean sqPoll = Boolean.parseBoolean(config.option("uring.sqpoll", "false"));
        final int sqPollCpu = intOption(config, "uring.sqpoll.cpu", -1);
        final int sqIdleMillis = intOption(config, "uring.sqpoll.idle.ms", 1000);
        final int bufferCount = intOption(config, "uring.buffers", 256);
        final int bufferSize = intOption(config, "uring.buffer.size", 2048);
        final boolean timestamps = Boolean.parseBoolean(config.option("uring.timestamps", "true"));
        final String taskRunOption = config.option("uring.taskrun", DEFAULT_TASK_RUN.optionValue());
        final TaskRunMode taskRun = TaskRunMode.parse(taskRunOption);
        if (taskRun == null)
        {
            throw new RxUnavailableException("uring.taskrun=" + taskRunOption + " is not a mode; "
                + "fix: use defer, coop or ipi");
        }
        controlCapacity = timestamps ? CONTROL_CAPACITY_STAMPED : CONTROL_CAPACITY_PKTINFO;
        if (bufferSize < RecvMsgOut.HEADER_LENGTH + NAME_CAPACITY + controlCapacity + 64)
        {
            throw new RxUnavailableException("uring.buffer.size=" + bufferSize + " leaves no room for payload; "
                + "fix: use uring.buffer.size=2048");
        }

        final boolean sourceSpecific = UdpMulticast.sourceSpecific(config);
        final List<PortFlows> ports = PortFlows.byPort(config.flows());
        final HandlerCounters counters = config.counters();
        openCounters(counters);
        sourceCheck = new SourceCheck(config.flows(), counters);
        out = new RecvMsgOut(new ControlMessages(counters.path("malformed_control")));
        capture = config.capture();

        try
        {
            arena = Arena.ofShared();
            final int sqEntries = Math.max(8, Integer.highestOneBit(Math.max(1, ports.size() * 2) - 1) << 1);
            final int cqEntries = Math.max(1024, bufferCount * 4);
            ring = IoUringRing.open(
                sqEntries, cqEntries, sqPoll, sqPollCpu, sqIdleMillis, taskRun, counters, arena);
            counters.path("taskrun_mode").setRelease(ring.taskRun().code());
            counters.path("taskrun_fallback").setRelease(ring.taskRunFallback() == null ? 0 : 1);
            owner = Thread.currentThread();
            if (ring.taskRunFallback() != null)
            {
                System.getLogger(IoUringRxPath.class.getPackageName()).log(Level.WARNING, "io-uring: "
                    + ring.taskRunFallback() + "; running uring.taskrun=" + ring.taskRun().optionValue());
            }
            buffers = ProvidedBufferRing.register(ring, BUFFER_GROUP, bufferCount, bufferSize, arena);
            final MemorySegment memory = buffers.memory();
            buffersAddress = memory.address();
            bufferView = new UnsafeBuffer(buffersAddress, Math.toIntExact(memory.byteSize()));

            final Map<String, Integer> ifindexes = new HashMap<>();
            for (final String name : config.interfaces())
            {
                ifindexes.put(name, Interfaces.index(name));
            }
            socketFds = new int[ports.size()];
            Arrays.fill(socketFds, -1);
            socketFlows = ports.toArray(new PortFlows[0]);
            msghdrs = new MemorySegment[ports.size()];
            needsArm = new boolean[ports.size()];
            stamped = timestamps;
            for (int s = 0; s < ports.size(); s++)
            {
                final MulticastReceiveSocket.Opened socket =
                    MulticastReceiveSocket.open(socketFlows[s], ifindexes, timestamps, sourceSpecific);
                socketFds[s] = socket.fd();
                stamped &= socket.stamped();
                msghdrs[s] = msghdr(arena, NAME_CAPACITY, controlCapacity);
                needsArm[s] = true;
            }
            armWork = true;
            realtimeOffset = stamped ? Libc.realtimeToMonotonicOffset() : 0;
            isOpen = true;
        }
        catch (final RxUnavailableException ex)
        {
            close();
            throw ex;
        }
        catch (final NativeException | IllegalStateException ex)
        {
            close();
            throw new RxUnavailableException("io-uring: " + ex.getMessage()
                + "; fix: check the interface and the locked-memory limit (ulimit -l)", ex);
        }
    }

    private void openCounters(final HandlerCounters counters)
    {
        rearms = counters.path("rearms");
        enobufs = counters.path("enobufs");
        cqeErrors = counters.path("cqe_errors");
        truncated = counters.path("truncated");
        unmatched = counters.path("unmatched");
        datagrams = counters.path("datagrams");
        badDescriptors = counters.path(BAD_DESCRIPTOR);
        overflowFlushes = counters.path("cq_overflow_flushes");
    }

    /** The msghdr a multishot recvmsg is armed with: only the name and control sizes matter to the kernel. */
    static MemorySegment msghdr(final Arena arena, final int nameCapacity, final int controlCapacity)
    {
        final MemorySegment msghdr = arena.allocate(MSGHDR_SIZE, 8);
        msghdr.set(JAVA_INT, MSGHDR_NAMELEN, nameCapacity);
        msghdr.set(JAVA_LONG, MSGHDR_CONTROLLEN, controlCapacity);
        return msghdr;
    }

    private static int intOption(final RxConfig config, final String key, final int defaultValue)
        throws RxUnavailableException
    {
        final String value = config.option(key, null);
        if (value == null)
        {
            return defaultValue;
        }
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new RxUnavailableException(key + "=" + value + " is not an integer; fix: pass a number", ex);
        }
    }

    /** Multishot recvmsg arrived in 6.0; provided buffer rings in 5.19. */
    private static void checkKernel() throws RxUnavailableException
    {
        final String release;
        try
        {
            release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        }
        catch (final IOException ex)
        {
            return;
        }
        if (!kernelAtLeast(release, 6, 0))
        {
            throw new RxUnavailableException("kernel " + release + " is too old for multishot recvmsg with "
                + "provided buffer rings; fix: use a 6.0+ kernel");
        }
    }

    static boolean kernelAtLeast(final String release, final int major, final int minor)
    {
        final Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find())
        {
            return true;
        }
        final int relMajor = Integer.parseInt(m.group(1));
        final int relMinor = Integer.parseInt(m.group(2));
        return relMajor > major || (relMajor == major && relMinor >= minor);
    }

    @Override
    public int poll(final DatagramHandler handler)
    {
        if (!isOpen)
        {
            // The rings are unmapped once closed: reading them would read freed memory.
            throw new IllegalStateException(closed ? "io-uring is closed" : "io-uring is not open");
        }
        if (armWork)
        {
            arm();
        }
        final IoUringRing ring = this.ring;
        int tail = ring.cqTail();
        int head = ring.cqHead();
        if (head == tail)
        {
            ring.runTaskWork();
            tail = ring.cqTail();
        }
        if (head == tail)
        {
            if (ring.cqOverflowed())
            {
                overflowFlushes.incrementRelease();
                ring.flushOverflow();
            }
            return 0;
        }

        int delivered = 0;
        try
        {
            while (head != tail)
            {
                final long socket = ring.cqeUserData(head);
                final int res = ring.cqeRes(head);
                final int flags = ring.cqeFlags(head);
                head++;
                delivered += complete(socket, res, flags, handler);
            }
        }
        finally
        {
            ring.advanceCq(head);
            buffers.publish();
        }
        if (armWork)
        {
            arm();
        }
        return delivered;
    }

    /**
     * Takes one completion of a socket's multishot recvmsg: re-arms the socket when the request ended, hands the
     * datagram in its buffer on, and gives the buffer back. Nothing in the completion is trusted: a buffer id
     * beyond the ring, or a length beyond the buffer, is counted as {@link #BAD_DESCRIPTOR} and skipped (the
     * buffer given back when its id is one of the ring's).
     *
     * @return 1 if a datagram was handed on, else 0.
     */
    int complete(final long socket, final int res, final int flags, final DatagramHandler handler)
    {
        if (res < 0)
        {
            if (res == -ENOBUFS)
            {
                enobufs.incrementRelease();
            }
            else
            {
                cqeErrors.incrementRelease();
            }
        }
        boolean hasBuffer = (flags & IORING_CQE_F_BUFFER) != 0;
        final int bid = flags >>> IORING_CQE_BUFFER_SHIFT;
        if (hasBuffer && bid >= buffers.count())
        {
            // No buffer of ours to read or to give back.
            badDescriptors.incrementRelease();
            hasBuffer = false;
        }
        if (socket < 0 || socket >= needsArm.length)
        {
            cqeErrors.incrementRelease();
            if (hasBuffer)
            {
                buffers.recycle(bid);
            }
            return 0;
        }
        if ((flags & IORING_CQE_F_MORE) == 0)
        {
            rearms.incrementRelease();
            needsArm[(int)socket] = true;
            armWork = true;
        }
        if (!hasBuffer)
        {
            return 0;
        }
        try
        {
            if (res > buffers.bufferSize())
            {
                badDescriptors.incrementRelease();
                return 0;
            }
            return res > 0 ? deliver((int)socket, bid, res, handler) : 0;
        }
        finally
        {
            buffers.recycle(bid);
        }
    }

    private int deliver(final int socket, final int bid, final int used, final DatagramHandler handler)
    {
        final RecvMsgOut out = this.out;
        if (!out.wrap(bufferView, (int)buffers.bufferOffset(bid), used, NAME_CAPACITY, controlCapacity)
            || !out.wellFormed())
        {
            badDescriptors.incrementRelease();
            return 0;
        }
        if (out.truncated())
        {
            truncated.incrementRelease();
            return 0;
        }
        final long realtime = out.realtimeNanos();
        final long arrival = realtime == RecvMsgOut.NO_REALTIME ? HostClock.NO_STAMP : realtime + realtimeOffset;
        final int length = out.payloadLength();
        payload.wrap(buffersAddress + out.payloadOffset(), length);
        final int handed = handOver(socket, length, arrival, handler);
        if (capture != null)
        {
            // As received, whatever the destination and source checks made of it; after the books, so the capture
            // adds nothing to this packet's latency. The buffer goes back to the ring only after this.
            capture.datagram(out.sourceAddress(), out.sourcePort(), out.hasDestination() ? out.destination() : 0,
                socketFlows[socket].port(), payload, 0, length, arrival);
        }
        return handed;
    }

    private int handOver(final int socket, final int length, final long arrival, final DatagramHandler handler)
    {
        final int flow = out.hasDestination() ? socketFlows[socket].flowOf(out.destination()) : -1;
        if (flow < 0)
        {
            unmatched.incrementRelease();
            return 0;
        }
        if (!sourceCheck.accepts(flow, out.sourceAddress(), out.sourcePort()))
        {
            return 0;
        }
        datagrams.incrementRelease();
        handler.onDatagram(flow, payload, 0, length, arrival);
        return 1;
    }

    private void arm()
    {
        if (ring.taskRun() == TaskRunMode.DEFER && Thread.currentThread() != owner)
        {
            // The kernel would refuse every enter from this thread (EEXIST) and nothing would ever arrive.
            throw new IllegalStateException("io-uring with uring.taskrun=defer must be polled on the thread that "
                + "opened it (" + owner.getName() + "), not " + Thread.currentThread().getName()
                + "; fix: open on the poll thread or use uring.taskrun=coop");
        }
        boolean pending = false;
        for (int s = 0; s < needsArm.length; s++)
        {
            if (needsArm[s])
            {
                if (ring.queueMultishotRecvmsg(socketFds[s], msghdrs[s], BUFFER_GROUP, s))
                {
                    needsArm[s] = false;
                }
                else
                {
                    pending = true;
                }
            }
        }
        ring.submit();
        // Submission can fail transiently (EAGAIN, EBUSY); keep trying from the next poll.
        armWork = pending || ring.needsSubmit();
    }

    /** The task-run mode the ring runs (after any fallback), or null before open. */
    String taskRunMode()
    {
        return ring == null ? null : ring.taskRun().optionValue();
    }

    /** The ring's indexes and flags, for diagnosing a stall; "closed" once closed. */
    String describeRing()
    {
        return closed || ring == null ? "closed" : ring.describe();
    }

    /**
     * True when the kernel agreed to stamp receives (SO_TIMESTAMPING, software). The kernel turns stamping on
     * asynchronously, so the first datagrams after open may still come with NO_STAMP. The realtime-to-host-clock
     * offset is measured once at open; a step of CLOCK_REALTIME afterwards would shift the stamps.
     */
    @Override
    public boolean hasArrivalStamp()
    {
        return stamped;
    }

    @Override
    public boolean spins()
    {
        return true;
    }

    /** The kernel's drop and overflow counts in the rings; the rest are counted as they happen. */
    @Override
    public void refreshCounters()
    {
        if (isOpen)
        {
            ring.refreshCounters();
        }
    }

    @Override
    public void close()
    {
        isOpen = false;
        if (closed)
        {
            return;
        }
        closed = true;
        if (ring != null)
        {
            // The last of the kernel's counts, while the rings are still mapped.
            ring.refreshCounters();
        }
        // The kernel must stop using the buffers (unregister, then ring teardown) before they are unmapped.
        if (buffers != null)
        {
            buffers.close();
        }
        if (ring != null)
        {
            ring.close();
        }
        for (final int fd : socketFds)
        {
            Libc.close(fd);
        }
        if (buffers != null)
        {
            buffers.unmap();
        }
        if (arena != null)
        {
            arena.close();
        }
    }
}
