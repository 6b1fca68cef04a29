package io.wirebook.rx.uring;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.SocketCalls;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;

import static io.wirebook.rx.uring.IoUringAbi.CQE_FLAGS;
import static io.wirebook.rx.uring.IoUringAbi.CQE_RES;
import static io.wirebook.rx.uring.IoUringAbi.CQE_SIZE;
import static io.wirebook.rx.uring.IoUringAbi.CQE_USER_DATA;
import static io.wirebook.rx.uring.IoUringAbi.CQ_OFF_CQES;
import static io.wirebook.rx.uring.IoUringAbi.CQ_OFF_HEAD;
import static io.wirebook.rx.uring.IoUringAbi.CQ_OFF_OVERFLOW;
import static io.wirebook.rx.uring.IoUringAbi.CQ_OFF_RING_MASK;
import static io.wirebook.rx.uring.IoUringAbi.CQ_OFF_TAIL;
import static io.wirebook.rx.uring.IoUringAbi.EAGAIN;
import static io.wirebook.rx.uring.IoUringAbi.EBUSY;
import static io.wirebook.rx.uring.IoUringAbi.EINTR;
import static io.wirebook.rx.uring.IoUringAbi.EINVAL;
import static io.wirebook.rx.uring.IoUringAbi.ENOMEM;
import static io.wirebook.rx.uring.IoUringAbi.ENOSYS;
import static io.wirebook.rx.uring.IoUringAbi.EPERM;
import static io.wirebook.rx.uring.IoUringAbi.IORING_ENTER_GETEVENTS;
import static io.wirebook.rx.uring.IoUringAbi.IORING_ENTER_SQ_WAKEUP;
import static io.wirebook.rx.uring.IoUringAbi.IORING_FEAT_NODROP;
import static io.wirebook.rx.uring.IoUringAbi.IORING_FEAT_SINGLE_MMAP;
import static io.wirebook.rx.uring.IoUringAbi.IORING_OFF_CQ_RING;
import static io.wirebook.rx.uring.IoUringAbi.IORING_OFF_SQES;
import static io.wirebook.rx.uring.IoUringAbi.IORING_OFF_SQ_RING;
import static io.wirebook.rx.uring.IoUringAbi.IORING_OP_RECVMSG;
import static io.wirebook.rx.uring.IoUringAbi.IORING_OP_SENDMSG;
import static io.wirebook.rx.uring.IoUringAbi.IORING_RECV_MULTISHOT;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SETUP_CQSIZE;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SETUP_SQPOLL;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SETUP_SQ_AFF;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SQ_CQ_OVERFLOW;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SQ_NEED_WAKEUP;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SQ_TASKRUN;
import static io.wirebook.rx.uring.IoUringAbi.IOSQE_BUFFER_SELECT;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_CQ_ENTRIES;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_CQ_OFF;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_FEATURES;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_FLAGS;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_SIZE;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_SQ_ENTRIES;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_SQ_OFF;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_SQ_THREAD_CPU;
import static io.wirebook.rx.uring.IoUringAbi.PARAMS_SQ_THREAD_IDLE;
import static io.wirebook.rx.uring.IoUringAbi.SQE_ADDR;
import static io.wirebook.rx.uring.IoUringAbi.SQE_BUF_GROUP;
import static io.wirebook.rx.uring.IoUringAbi.SQE_FD;
import static io.wirebook.rx.uring.IoUringAbi.SQE_FLAGS;
import static io.wirebook.rx.uring.IoUringAbi.SQE_IOPRIO;
import static io.wirebook.rx.uring.IoUringAbi.SQE_LEN;
import static io.wirebook.rx.uring.IoUringAbi.SQE_MSG_FLAGS;
import static io.wirebook.rx.uring.IoUringAbi.SQE_OPCODE;
import static io.wirebook.rx.uring.IoUringAbi.SQE_SIZE;
import static io.wirebook.rx.uring.IoUringAbi.SQE_USER_DATA;
import static io.wirebook.rx.uring.IoUringAbi.SQ_OFF_ARRAY;
import static io.wirebook.rx.uring.IoUringAbi.SQ_OFF_DROPPED;
import static io.wirebook.rx.uring.IoUringAbi.SQ_OFF_FLAGS;
import static io.wirebook.rx.uring.IoUringAbi.SQ_OFF_HEAD;
import static io.wirebook.rx.uring.IoUringAbi.SQ_OFF_RING_MASK;
import static io.wirebook.rx.uring.IoUringAbi.SQ_OFF_TAIL;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One io_uring instance: the submission queue, completion queue and SQE array mapped into this process, driven
 * from Java. Head and tail indexes are shared with the kernel, so they are read with acquire and written with
 * release semantics; everything else in the rings is plain memory ordered by them.
 *
 * <p>Single consumer and single producer: one thread (the poll thread) queues SQEs and reaps CQEs. It counts its
 * own system calls as it makes them, and copies the two counts the kernel keeps in the rings when asked
 * ({@link #refreshCounters}), in the path's {@link IoUringCounters}.
 */
final class IoUringRing implements AutoCloseable
{
    private static final VarHandle INT = JAVA_INT.varHandle();
    /** The SQ ring's array holds a u32 SQE index per entry. */
    private static final long SQ_ARRAY_ENTRY = JAVA_INT.byteSize();

    private final int fd;
    private final boolean sqPoll;
    private final TaskRunMode taskRun;
    private final String taskRunFallback;
    private final MemorySegment errnoState;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqHeadOffset;
    private final long sqTailOffset;
    private final long sqFlagsOffset;
    private final long cqHeadOffset;
    private final long cqTailOffset;
    private final long cqesOffset;
    private final long sqDroppedOffset;
    private final long cqOverflowOffset;
    private final int sqMask;
    private final int sqEntries;
    private final int cqMask;
    private final int cqEntries;
    private int sqTail;
    private int cqHead;
    private final IoUringCounters counters;
    private boolean closed;

    private IoUringRing(
        final int fd, final boolean sqPoll, final TaskRunMode taskRun, final String taskRunFallback,
        final MemorySegment params, final IoUringCounters counters, final Arena arena)
    {
        this.fd = fd;
        this.sqPoll = sqPoll;
        this.taskRun = taskRun;
        this.taskRunFallback = taskRunFallback;
        this.errnoState = Libc.errnoState(arena);

        final int features = params.get(JAVA_INT, PARAMS_FEATURES);
        sqEntries = params.get(JAVA_INT, PARAMS_SQ_ENTRIES);
        cqEntries = params.get(JAVA_INT, PARAMS_CQ_ENTRIES);
        final long sqArray = params.get(JAVA_INT, PARAMS_SQ_OFF + SQ_OFF_ARRAY) & 0xFFFF_FFFFL;
        final long cqes = params.get(JAVA_INT, PARAMS_CQ_OFF + CQ_OFF_CQES) & 0xFFFF_FFFFL;
        final long sqRingSize = sqArray + SQ_ARRAY_ENTRY * sqEntries;
        final long cqRingSize = cqes + (long)CQE_SIZE * cqEntries;
        final int prot = Libc.PROT_READ | Libc.PROT_WRITE;
        final int flags = Libc.MAP_SHARED | Libc.MAP_POPULATE;

        MemorySegment sq = null;
        MemorySegment cq = null;
        try
        {
            if ((features & IORING_FEAT_SINGLE_MMAP) != 0)
            {
                sq = Libc.mmap(Math.max(sqRingSize, cqRingSize), prot, flags, fd, IORING_OFF_SQ_RING);
                cq = sq;
            }
            else
            {
                sq = Libc.mmap(sqRingSize, prot, flags, fd, IORING_OFF_SQ_RING);
                cq = Libc.mmap(cqRingSize, prot, flags, fd, IORING_OFF_CQ_RING);
            }
            sqes = Libc.mmap((long)SQE_SIZE * sqEntries, prot, flags, fd, IORING_OFF_SQES);
        }
        catch (final NativeException ex)
        {
            unmapQuietly(sq, cq);
            throw ex;
        }
        sqRing = sq;
        cqRing = cq;

        sqHeadOffset = params.get(JAVA_INT, PARAMS_SQ_OFF + SQ_OFF_HEAD);
        sqTailOffset = params.get(JAVA_INT, PARAMS_SQ_OFF + SQ_OFF_TAIL);
        sqFlagsOffset = params.get(JAVA_INT, PARAMS_SQ_OFF + SQ_OFF_FLAGS);
        sqMask = sqRing.get(JAVA_INT, params.get(JAVA_INT, PARAMS_SQ_OFF + SQ_OFF_RING_MASK));
        cqHeadOffset = params.get(JAVA_INT, PARAMS_CQ_OFF + CQ_OFF_HEAD);
        cqTailOffset = params.get(JAVA_INT, PARAMS_CQ_OFF + CQ_OFF_TAIL);
        cqMask = cqRing.get(JAVA_INT, params.get(JAVA_INT, PARAMS_CQ_OFF + CQ_OFF_RING_MASK));
        cqesOffset = cqes;
        sqDroppedOffset = params.get(JAVA_INT, PARAMS_SQ_OFF + SQ_OFF_DROPPED);
        cqOverflowOffset = params.get(JAVA_INT, PARAMS_CQ_OFF + CQ_OFF_OVERFLOW);
        this.counters = counters;

        // SQE i always sits in slot i, so the indirection array is filled once.
        for (int i = 0; i < sqEntries; i++)
        {
            sqRing.set(JAVA_INT, sqArray + SQ_ARRAY_ENTRY * i, i);
        }
        sqTail = (int)INT.getAcquire(sqRing, sqTailOffset);
        cqHead = (int)INT.getAcquire(cqRing, cqHeadOffset);
    }

    /**
     * Creates the ring.
     *
     * @param sqPollCpu CPU for the kernel's SQ thread, or -1 to let it float.
     */
    static IoUringRing open(
        final int sqEntries, final int cqEntries, final boolean sqPoll, final int sqPollCpu, final int sqIdleMillis,
        final IoUringCounters counters, final Arena arena) throws RxUnavailableException
    {
        return open(sqEntries, cqEntries, sqPoll, sqPollCpu, sqIdleMillis, TaskRunMode.IPI, counters, arena);
    }

    /**
     * Creates the ring with the task-run mode asked for, or, when the kernel refuses its flags (EINVAL), the next
     * one it accepts; {@link #taskRunFallback()} then says why. With SQPOLL completions run on the SQ thread, so
     * the mode does not apply and IPI (no flag) is used.
     *
     * <p>With {@link TaskRunMode#DEFER} the calling thread owns the ring: only it may submit and reap.
     */
    static IoUringRing open(
        final int sqEntries, final int cqEntries, final boolean sqPoll, final int sqPollCpu, final int sqIdleMillis,
        final TaskRunMode taskRun, final IoUringCounters counters, final Arena arena) throws RxUnavailableException
    {
        TaskRunMode mode = sqPoll ? TaskRunMode.IPI : taskRun;
        String fallback = null;
        while (true)
        {
            final MemorySegment params = arena.allocate(PARAMS_SIZE, 8);
            final MemorySegment errno = Libc.errnoState(arena);
            final int fd = IoUringSyscalls.setup(errno, sqEntries,
                setupParams(params, cqEntries, sqPoll, sqPollCpu, sqIdleMillis, mode));
            if (fd == -EINVAL && mode.fallback() != null)
            {
                final String reason = "io_uring_setup refused uring.taskrun=" + mode.optionValue()
                    + " (EINVAL, kernel too old for its flags)";
                fallback = fallback == null ? reason : fallback + "; " + reason;
                mode = mode.fallback();
                continue;
            }
            return mapped(fd, sqPoll, sqPollCpu, mode, fallback, params, counters, arena);
        }
    }

    private static MemorySegment setupParams(
        final MemorySegment params, final int cqEntries, final boolean sqPoll, final int sqPollCpu,
        final int sqIdleMillis, final TaskRunMode taskRun)
    {
        int flags = IORING_SETUP_CQSIZE | taskRun.setupFlags();
        if (sqPoll)
        {
            flags |= IORING_SETUP_SQPOLL;
            params.set(JAVA_INT, PARAMS_SQ_THREAD_IDLE, sqIdleMillis);
            if (sqPollCpu >= 0)
            {
                flags |= IORING_SETUP_SQ_AFF;
                params.set(JAVA_INT, PARAMS_SQ_THREAD_CPU, sqPollCpu);
            }
        }
        params.set(JAVA_INT, PARAMS_FLAGS, flags);
        params.set(JAVA_INT, PARAMS_CQ_ENTRIES, cqEntries);
        return params;
    }

    private static IoUringRing mapped(
        final int fd, final boolean sqPoll, final int sqPollCpu, final TaskRunMode taskRun, final String fallback,
        final MemorySegment params, final IoUringCounters counters, final Arena arena) throws RxUnavailableException
    {
        if (fd < 0)
        {
            throw new RxUnavailableException(setupFailure(-fd, sqPoll, sqPollCpu));
        }
        if ((params.get(JAVA_INT, PARAMS_FEATURES) & IORING_FEAT_NODROP) == 0)
        {
            Libc.close(fd);
            throw new RxUnavailableException("io_uring without IORING_FEAT_NODROP (kernel older than 5.5); "
                + "fix: use a 6.0+ kernel for multishot recvmsg with provided buffer rings");
        }
        try
        {
            return new IoUringRing(fd, sqPoll, taskRun, fallback, params, counters, arena);
        }
        catch (final NativeException ex)
        {
            Libc.close(fd);
            throw new RxUnavailableException("cannot map the io_uring rings: " + ex.getMessage()
                + "; fix: raise the locked-memory limit (ulimit -l unlimited)", ex);
        }
    }

    static String setupFailure(final int errno, final boolean sqPoll, final int sqPollCpu)
    {
        final String cause = "io_uring_setup: " + Libc.strerror(errno) + " (errno " + errno + ")";
        return switch (errno)
        {
            case ENOSYS -> cause + "; fix: the kernel is built without io_uring (CONFIG_IO_URING=y, 6.0+ needed)";
            case EPERM -> cause + "; fix: sysctl -w kernel.io_uring_disabled=0 (it is "
                + ioUringDisabledSetting() + "), or allow io_uring in the container's seccomp profile";
            case ENOMEM -> cause + "; fix: raise the locked-memory limit (ulimit -l unlimited)";
            case EINVAL -> sqPoll && sqPollCpu >= 0
                ? cause + "; fix: uring.sqpoll.cpu=" + sqPollCpu + " is not an online CPU"
                : cause + "; fix: use a 6.0+ kernel";
            default -> cause + "; fix: check dmesg and /proc/sys/kernel/io_uring_disabled";
        };
    }

    private static String ioUringDisabledSetting()
    {
        try
        {
            return Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unreadable";
        }
    }

    int fd()
    {
        return fd;
    }

    MemorySegment errnoState()
    {
        return errnoState;
    }

    /**
     * Queues a multishot recvmsg that picks its buffers from a provided-buffer group. Not visible to the kernel
     * until {@link #submit()}.
     *
     * @return false when the submission queue is full (submit and retry).
     */
    boolean queueMultishotRecvmsg(
        final int socketFd, final MemorySegment msghdr, final int bufferGroup, final long userData)
    {
        final long sqe = nextSqe();
        if (sqe < 0)
        {
            return false;
        }
        sqes.set(JAVA_BYTE, sqe + SQE_OPCODE, IORING_OP_RECVMSG);
        sqes.set(JAVA_BYTE, sqe + SQE_FLAGS, IOSQE_BUFFER_SELECT);
        sqes.set(JAVA_SHORT, sqe + SQE_IOPRIO, IORING_RECV_MULTISHOT);
        sqes.set(JAVA_INT, sqe + SQE_FD, socketFd);
        sqes.set(JAVA_LONG, sqe + SQE_ADDR, msghdr.address());
        sqes.set(JAVA_INT, sqe + SQE_LEN, 1);
        sqes.set(JAVA_INT, sqe + SQE_MSG_FLAGS, 0);
        sqes.set(JAVA_LONG, sqe + SQE_USER_DATA, userData);
        sqes.set(JAVA_SHORT, sqe + SQE_BUF_GROUP, (short)bufferGroup);
        sqTail++;
        return true;
    }

    /** The offset of the next free SQE, zeroed, or -1 when the submission queue is full. */
    private long nextSqe()
    {
        final int head = (int)INT.getAcquire(sqRing, sqHeadOffset);
        if (sqTail - head >= sqEntries)
        {
            return -1;
        }
        final long sqe = (long)(sqTail & sqMask) * SQE_SIZE;
        for (long i = 0; i < SQE_SIZE; i += 8)
        {
            sqes.set(JAVA_LONG, sqe + i, 0L);
        }
        return sqe;
    }

    /**
     * Queues a sendmsg of the msghdr at {@code msghdr} on {@code socketFd}, non-blocking (MSG_DONTWAIT). Not visible
     * to the kernel until {@link #submit()}; the msghdr, its iovec, name and payload must stay put until the
     * completion.
     *
     * @return false when the submission queue is full.
     */
    boolean queueSendmsg(final int socketFd, final long msghdr, final long userData)
    {
        final long sqe = nextSqe();
        if (sqe < 0)
        {
            return false;
        }
        sqes.set(JAVA_BYTE, sqe + SQE_OPCODE, IORING_OP_SENDMSG);
        sqes.set(JAVA_INT, sqe + SQE_FD, socketFd);
        sqes.set(JAVA_LONG, sqe + SQE_ADDR, msghdr);
        sqes.set(JAVA_INT, sqe + SQE_LEN, 1);
        sqes.set(JAVA_INT, sqe + SQE_MSG_FLAGS, Libc.MSG_DONTWAIT);
        sqes.set(JAVA_LONG, sqe + SQE_USER_DATA, userData);
        sqTail++;
        return true;
    }

    /**
     * Whether SQEs are queued that still need a {@link #submit()}: without SQPOLL, those io_uring_enter did not
     * take (EAGAIN, EBUSY); with SQPOLL none, as the SQ thread takes them once woken.
     */
    boolean needsSubmit()
    {
        return !sqPoll && sqTail != (int)INT.getAcquire(sqRing, sqHeadOffset);
    }

    /**
     * Hands queued SQEs to the kernel. With SQPOLL that is a release store of the tail, plus a wake-up syscall
     * only when the SQ thread has gone to sleep; without it, one io_uring_enter.
     */
    void submit()
    {
        INT.setRelease(sqRing, sqTailOffset, sqTail);
        if (sqPoll)
        {
            // The tail store must be visible before the flags load, or a sleeping SQ thread could miss it.
            VarHandle.fullFence();
            if (((int)INT.getVolatile(sqRing, sqFlagsOffset) & IORING_SQ_NEED_WAKEUP) != 0)
            {
                counters.sqWakeups.incrementRelease();
                enter(0, IORING_ENTER_SQ_WAKEUP);
            }
        }
        else
        {
            final int pending = sqTail - (int)INT.getAcquire(sqRing, sqHeadOffset);
            if (pending > 0)
            {
                enter(pending, 0);
            }
        }
    }

    /** The CQ ring has overflowed into the kernel's list (NODROP); an enter with GETEVENTS flushes it back. */
    boolean cqOverflowed()
    {
        return ((int)INT.getAcquire(sqRing, sqFlagsOffset) & IORING_SQ_CQ_OVERFLOW) != 0;
    }

    void flushOverflow()
    {
        enter(0, IORING_ENTER_GETEVENTS);
    }

    /**
     * Called when the CQ ring looks empty: lets the kernel post completions whose task work it has held back.
     * DEFER: always one non-blocking enter with GETEVENTS (min_complete 0), as only that runs the work. COOP: an
     * enter only when the kernel has flagged pending work. IPI: nothing, the kernel has interrupted us already.
     */
    void runTaskWork()
    {
        if (taskRun == TaskRunMode.DEFER
            || (taskRun == TaskRunMode.COOP && ((int)INT.getAcquire(sqRing, sqFlagsOffset) & IORING_SQ_TASKRUN) != 0))
        {
            counters.taskRunEnters.incrementRelease();
            enter(0, IORING_ENTER_GETEVENTS);
        }
    }

    private void enter(final int toSubmit, final int flags)
    {
        counters.enterCalls.incrementRelease();
        if (IoUringSyscalls.enterNoWait(fd, toSubmit, flags) < 0)
        {
            // errno straight from libc's thread-local: the JVM seldom touches it in between, and at worst a
            // transient EAGAIN or EBUSY is counted as an error.
            final int errno = SocketCalls.errno();
            if (errno != EINTR && errno != EAGAIN && errno != EBUSY)
            {
                counters.submitErrors.incrementRelease();
            }
        }
    }

    /** The CQ tail as the kernel last published it. */
    int cqTail()
    {
        return (int)INT.getAcquire(cqRing, cqTailOffset);
    }

    int cqHead()
    {
        return cqHead;
    }

    long cqeUserData(final int index)
    {
        return cqRing.get(JAVA_LONG, cqeOffset(index) + CQE_USER_DATA);
    }

    int cqeRes(final int index)
    {
        return cqRing.get(JAVA_INT, cqeOffset(index) + CQE_RES);
    }

    int cqeFlags(final int index)
    {
        return cqRing.get(JAVA_INT, cqeOffset(index) + CQE_FLAGS);
    }

    private long cqeOffset(final int index)
    {
        return cqesOffset + (long)(index & cqMask) * CQE_SIZE;
    }

    /** Gives the CQEs before {@code newHead} back to the kernel. */
    void advanceCq(final int newHead)
    {
        cqHead = newHead;
        INT.setRelease(cqRing, cqHeadOffset, newHead);
    }

    /** Ring indexes and flags, for diagnosing a stall. */
    String describe()
    {
        return "sq head " + (int)INT.getAcquire(sqRing, sqHeadOffset) + " tail " + sqTail + " flags 0x"
            + Integer.toHexString((int)INT.getAcquire(sqRing, sqFlagsOffset)) + ", cq head " + cqHead + " tail "
            + cqTail();
    }

    int cqEntries()
    {
        return cqEntries;
    }

    TaskRunMode taskRun()
    {
        return taskRun;
    }

    /** Why the ring runs a different task-run mode than asked for, or null. */
    String taskRunFallback()
    {
        return taskRunFallback;
    }

    /** Copies the counts the kernel keeps in the mapped rings into their counters: two loads, no system call. */
    void refreshCounters()
    {
        if (!closed)
        {
            counters.sqDropped.setRelease((int)INT.getAcquire(sqRing, sqDroppedOffset) & 0xFFFF_FFFFL);
            counters.cqOverflow.setRelease((int)INT.getAcquire(cqRing, cqOverflowOffset) & 0xFFFF_FFFFL);
        }
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        Libc.close(fd);
        unmapQuietly(sqRing, cqRing);
        Libc.munmap(sqes);
    }

    private static void unmapQuietly(final MemorySegment sq, final MemorySegment cq)
    {
        if (sq != null)
        {
            Libc.munmap(sq);
        }
        if (cq != null && cq != sq)
        {
            Libc.munmap(cq);
        }
    }
}
