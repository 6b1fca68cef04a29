package io.wirebook.rx.uring;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wirebook.capture.PacketCapture;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.FlowTable;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.ControlMessages;
import io.wirebook.rx.socket.CurrentDatagram;
import io.wirebook.rx.socket.MsgHdr;
import io.wirebook.rx.socket.MulticastSocket;
import io.wirebook.rx.socket.MulticastSockets;
import io.wirebook.rx.socket.SocketPathOptions;
import io.wirebook.rx.socket.SourceCheck;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;
import io.wirebook.sys.SockaddrIn;
import io.wirebook.tx.TxPath;
import org.agrona.concurrent.UnsafeBuffer;

import static io.wirebook.rx.uring.IoUringAbi.ENOBUFS;
import static io.wirebook.rx.uring.IoUringAbi.IORING_CQE_BUFFER_SHIFT;
import static io.wirebook.rx.uring.IoUringAbi.IORING_CQE_F_BUFFER;
import static io.wirebook.rx.uring.IoUringAbi.IORING_CQE_F_MORE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The io-uring receive path: one UDP socket per port, each flow joined on its own interface (lines A and B on
 * theirs), each socket with a multishot recvmsg that picks buffers from one provided-buffer ring, and completions
 * reaped straight from the mapped CQ ring. A datagram's flow is its destination group (IP_PKTINFO) on the socket's
 * port; its source address and port (the recvmsg name) must be the flow's ({@link SourceCheck}). A completion
 * whose buffer id or lengths do not fit the buffer ring is counted as {@code rejected.bad_descriptor} and skipped.
 *
 * <p>Options: {@link IoUringOptions}, and the sockets' {@code socket.rcvbuf} and {@code socket.ssm}
 * ({@link SocketPathOptions}), checked before anything is opened. {@code uring.taskrun} says how the poll thread
 * gets to run the task work that posts completions ({@link TaskRunMode}); a kernel that refuses its flags gets the
 * next mode (defer, coop, ipi), with a one-line warning and {@code taskrun_fallback} = 1.
 *
 * <p>Without SQPOLL the kernel completes the multishot request as task work of the thread that submitted it. In
 * ipi mode the kernel interrupts that thread to run it even while it spins in user space, so a CQE appears with
 * no syscall, at the cost of an IPI per completion batch; in defer mode the work waits until the poll thread
 * enters the kernel, which it does once per empty poll. The request is therefore armed from the first
 * {@link #poll} rather than from {@link #open}, so it belongs to the poll thread (a request owned by a thread that
 * exits is cancelled, and is then re-armed here). In defer mode the ring belongs to the thread that opened it, so
 * open and poll must run on one thread.
 *
 * <p>Counters, in the handler's ({@link RxConfig#counters()}, each {@code path.NAME}), made at open: the sockets'
 * settings ({@link MulticastSockets#recordSettings}), the completions' and the ring's ({@link IoUringCounters}),
 * the {@link SourceCheck}'s, and the mode it runs ({@code taskrun_mode}: {@link TaskRunMode#code()};
 * {@code taskrun_fallback}: 1 when the kernel refused the mode asked for), set once.
 */
public final class IoUringRxPath implements RxPath
{
    /** msg_namelen of the armed msghdr: room for the source's sockaddr_in, which the source check reads. */
    static final int NAME_CAPACITY = SockaddrIn.SIZE;
    /** msg_controllen for IP_PKTINFO alone. */
    static final int CONTROL_CAPACITY_PKTINFO = ControlMessages.space(ControlMessages.IN_PKTINFO_LENGTH);
    /** msg_controllen with stamps: IP_PKTINFO and SCM_TIMESTAMPING (96 bytes), and room for anything else. */
    static final int CONTROL_CAPACITY_STAMPED = 128;
    static final String BAD_DESCRIPTOR = IoUringCounters.BAD_DESCRIPTOR;
    private static final int BUFFER_GROUP = 0;
    /** Submission entries per socket: room to re-arm each while the last arming is still queued. */
    private static final int SQ_ENTRIES_PER_SOCKET = 2;
    private static final int MIN_SQ_ENTRIES = 8;
    /** Completion entries per buffer: the CQ outlasts a burst that uses every buffer, before any overflow. */
    private static final int CQ_ENTRIES_PER_BUFFER = 4;
    private static final int MIN_CQ_ENTRIES = 1024;

    private RecvMsgOut out;
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private UnsafeBuffer bufferView;

    private Arena arena;
    private IoUringRing ring;
    private ProvidedBufferRing buffers;
    private MulticastSockets sockets;
    private MulticastSocket[] socketArray = new MulticastSocket[0];
    private MemorySegment[] msghdrs;
    private boolean[] needsArm;
    private boolean armWork;
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

    private IoUringCounters counts;
    private IoUringTransmitter transmitter;
    private final CurrentDatagram current = new CurrentDatagram();

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
        IoUringOptions.OPTIONS.check(config);
        SocketPathOptions.OPTIONS.check(config);
        checkKernel();

        final boolean sqPoll = IoUringOptions.SQPOLL.from(config);
        final int sqPollCpu = IoUringOptions.SQPOLL_CPU.from(config);
        final int sqIdleMillis = IoUringOptions.SQPOLL_IDLE_MILLIS.from(config);
        final int bufferCount = IoUringOptions.BUFFERS.from(config);
        final int bufferSize = IoUringOptions.BUFFER_SIZE.from(config);
        final boolean timestamps = IoUringOptions.TIMESTAMPS.from(config);
        final TaskRunMode taskRun = TaskRunMode.parse(IoUringOptions.TASK_RUN.from(config));
        controlCapacity = timestamps ? CONTROL_CAPACITY_STAMPED : CONTROL_CAPACITY_PKTINFO;

        final HandlerCounters counters = config.counters();
        counts = new IoUringCounters(counters);
        sourceCheck = new SourceCheck(config.flows(), counters);
        out = new RecvMsgOut(new ControlMessages(counters.path("malformed_control")));
        capture = config.capture();

        try
        {
            arena = Arena.ofShared();
            sockets = MulticastSockets.open(config, MulticastSocket.Waiting.NON_BLOCKING, timestamps);
            socketArray = sockets.all();
            sockets.recordSettings(counters);
            final int sqEntries = Math.max(MIN_SQ_ENTRIES,
                nextPowerOfTwo(socketArray.length * SQ_ENTRIES_PER_SOCKET + IoUringTransmitter.SLOTS));
            final int cqEntries = Math.max(MIN_CQ_ENTRIES, bufferCount * CQ_ENTRIES_PER_BUFFER);
            ring = IoUringRing.open(
                sqEntries, cqEntries, sqPoll, sqPollCpu, sqIdleMillis, taskRun, counts, arena);
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

            msghdrs = new MemorySegment[socketArray.length];
            needsArm = new boolean[socketArray.length];
            for (int s = 0; s < socketArray.length; s++)
            {
                msghdrs[s] = msghdr(arena, NAME_CAPACITY, controlCapacity);
                needsArm[s] = true;
            }
            armWork = true;
            transmitter = new IoUringTransmitter(ring, arena, socketArray[0], current,
                SocketPathOptions.MAX_DATAGRAM.from(config), counters);
            stamped = sockets.timestamps();
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

    /** The least power of two at or above {@code value} (at least 1). */
    private static int nextPowerOfTwo(final int value)
    {
        return value <= 1 ? 1 : Integer.highestOneBit(value - 1) << 1;
    }

    /** The msghdr a multishot recvmsg is armed with: only the name and control sizes matter to the kernel. */
    static MemorySegment msghdr(final Arena arena, final int nameCapacity, final int controlCapacity)
    {
        final MemorySegment msghdr = arena.allocate(MsgHdr.LAYOUT);
        msghdr.set(JAVA_INT, MsgHdr.NAMELEN, nameCapacity);
        msghdr.set(JAVA_LONG, MsgHdr.CONTROLLEN, controlCapacity);
        return msghdr;
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
                counts.overflowFlushes.incrementRelease();
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
        if (socket >= IoUringTransmitter.USER_DATA_TX)
        {
            transmitter.complete(socket, res);
            return 0;
        }
        if (res < 0)
        {
            if (res == -ENOBUFS)
            {
                counts.enobufs.incrementRelease();
            }
            else
            {
                counts.cqeErrors.incrementRelease();
            }
        }
        boolean hasBuffer = (flags & IORING_CQE_F_BUFFER) != 0;
        final int bid = flags >>> IORING_CQE_BUFFER_SHIFT;
        if (hasBuffer && bid >= buffers.count())
        {
            // No buffer of ours to read or to give back.
            counts.badDescriptors.incrementRelease();
            hasBuffer = false;
        }
        if (socket < 0 || socket >= needsArm.length)
        {
            counts.cqeErrors.incrementRelease();
            if (hasBuffer)
            {
                buffers.recycle(bid);
            }
            return 0;
        }
        if ((flags & IORING_CQE_F_MORE) == 0)
        {
            counts.rearms.incrementRelease();
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
                counts.badDescriptors.incrementRelease();
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
            counts.badDescriptors.incrementRelease();
            return 0;
        }
        if (out.truncated())
        {
            counts.truncated.incrementRelease();
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
                socketArray[socket].port(), payload, 0, length, arrival);
        }
        return handed;
    }

    private int handOver(final int socket, final int length, final long arrival, final DatagramHandler handler)
    {
        final int flow = out.hasDestination() ? socketArray[socket].flowOf(out.destination()) : FlowTable.NO_FLOW;
        if (flow < 0)
        {
            counts.unmatched.incrementRelease();
            return 0;
        }
        if (!sourceCheck.accepts(flow, out.sourceAddress(), out.sourcePort()))
        {
            return 0;
        }
        counts.datagrams.incrementRelease();
        current.set(socketArray[socket], out.sourceAddress(), out.sourcePort());
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
                if (ring.queueMultishotRecvmsg(socketArray[s].fd(), msghdrs[s], BUFFER_GROUP, s))
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

    /** {@link IoUringTransmitter}: SENDMSG SQEs on this path's ring, for its own sockets. */
    @Override
    public TxPath transmitter()
    {
        if (!isOpen)
        {
            throw new UnsupportedOperationException("io-uring cannot transmit: io-uring is "
                + (closed ? "closed" : "not open"));
        }
        return transmitter;
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
        if (sockets != null)
        {
            sockets.close();
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
