package io.wirebook.rx.uring;

import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;

/**
 * The options of the {@code io-uring} path, with defaults and help. It reads the socket paths'
 * {@code socket.rcvbuf} and {@code socket.ssm} too ({@link io.wirebook.rx.socket.SocketPathOptions}).
 */
public final class IoUringOptions
{
    /** Room a buffer keeps for a payload after the recvmsg header, the source address and stamped control data. */
    static final int MIN_PAYLOAD = 64;
    static final int MIN_BUFFER_SIZE =
        RecvMsgOut.HEADER_LENGTH + IoUringRxPath.NAME_CAPACITY + IoUringRxPath.CONTROL_CAPACITY_STAMPED + MIN_PAYLOAD;

    public static final PathOption<Boolean> SQPOLL = PathOption.flag("uring.sqpoll", false,
        "a kernel SQ thread submits, so re-arming needs no syscall while it is awake");
    public static final PathOption<Integer> SQPOLL_CPU = PathOption.integer("uring.sqpoll.cpu", -1, -1, 4095,
        "CPU of that SQ thread (-1: not pinned)");
    public static final PathOption<Integer> SQPOLL_IDLE_MILLIS = PathOption.integer("uring.sqpoll.idle.ms", 1000,
        0, 60_000, "how long the SQ thread spins before it sleeps");
    /** The kernel's limit for a provided-buffer ring is 32768 entries. */
    public static final PathOption<Integer> BUFFERS = PathOption.powerOfTwo("uring.buffers", 256, 1, 32768,
        "buffers in the provided-buffer ring");
    public static final PathOption<Integer> BUFFER_SIZE = PathOption.integer("uring.buffer.size", 2048,
        MIN_BUFFER_SIZE, 1 << 17, "bytes per buffer: recvmsg header, source address, control data and payload");
    public static final PathOption<Boolean> TIMESTAMPS = PathOption.flag("uring.timestamps", true,
        "kernel software receive stamps (SO_TIMESTAMPING), converted to the host clock");
    /**
     * DEFER_TASKRUN runs the completion work on the poll thread when it enters the ring, so no inter-processor
     * interrupt reaches the poll CPU for each completion; ipi interrupts it for every one, coop batches less
     * predictably. Ignored with SQPOLL. A kernel that refuses the flags gets the next mode (defer, coop, ipi).
     */
    public static final PathOption<String> TASK_RUN = PathOption.choice("uring.taskrun",
        TaskRunMode.DEFER.optionValue(), "how the poll thread runs the task work that posts completions",
        TaskRunMode.DEFER.optionValue(), TaskRunMode.COOP.optionValue(), TaskRunMode.IPI.optionValue());

    public static final PathOptions OPTIONS = new PathOptions("io-uring", "uring.",
        SQPOLL, SQPOLL_CPU, SQPOLL_IDLE_MILLIS, BUFFERS, BUFFER_SIZE, TIMESTAMPS, TASK_RUN);

    private IoUringOptions()
    {
    }
}
