package io.wirebook.rx.uring;

import java.util.Locale;

import static io.wirebook.rx.uring.IoUringAbi.IORING_SETUP_COOP_TASKRUN;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SETUP_DEFER_TASKRUN;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SETUP_SINGLE_ISSUER;
import static io.wirebook.rx.uring.IoUringAbi.IORING_SETUP_TASKRUN_FLAG;

/**
 * How the kernel gets the poll thread to run the task work that posts a multishot completion (option
 * {@code uring.taskrun}). Without SQPOLL a receive completes as task work of the thread that armed it.
 */
enum TaskRunMode
{
    /**
     * SINGLE_ISSUER | DEFER_TASKRUN (6.1+): task work waits until the owner enters with GETEVENTS, so no IPI
     * interrupts the spinning poll thread; the price is one io_uring_enter per empty poll.
     */
    DEFER(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, 2),

    /**
     * COOP_TASKRUN | TASKRUN_FLAG (5.19+): no IPI; the kernel flags pending task work in the SQ ring and the poll
     * thread enters only then (task work also runs on any other return from the kernel, e.g. a timer tick).
     */
    COOP(IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG, 1),

    /** No flag: the kernel interrupts the poll thread (IPI) to run task work, and needs no syscall to reap. */
    IPI(0, 0);

    private final int setupFlags;
    private final long code;

    TaskRunMode(final int setupFlags, final long code)
    {
        this.setupFlags = setupFlags;
        this.code = code;
    }

    int setupFlags()
    {
        return setupFlags;
    }

    /** The mode as a number for the path.taskrun_mode counter: 2 defer, 1 coop, 0 ipi. */
    long code()
    {
        return code;
    }

    /** The mode to try when the kernel refuses this one's flags, or null when there is none. */
    TaskRunMode fallback()
    {
        return switch (this)
        {
            case DEFER -> COOP;
            case COOP -> IPI;
            case IPI -> null;
        };
    }

    String optionValue()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the mode, or null when {@code value} names none. */
    static TaskRunMode parse(final String value)
    {
        for (final TaskRunMode mode : values())
        {
            if (mode.optionValue().equals(value.trim().toLowerCase(Locale.ROOT)))
            {
                return mode;
            }
        }
        return null;
    }
}
