package io.wirebook.feed;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Times the poll thread did not run: iterations of a spinning poll loop that found nothing and still took longer than
 * {@link #THRESHOLD_NS}. Alone on its CPU, a busy-spinning empty iteration takes well under a microsecond, so a long
 * one is time the thread was off its CPU: preempted by the kernel, or its vCPU descheduled by the hypervisor. Any
 * packet that arrived meanwhile waited that long, whatever the receive path.
 *
 * <p>Iterations that did work are not counted (their time is the work), so the figures are a lower bound. Only a
 * loop that spins is watched: a blocking one waits by design. Written by the poll thread, which publishes each
 * stall with release semantics; {@link #snapshot()} may be called from any thread, and two snapshots give the
 * figures of the time between them.
 */
public final class PollStalls
{
    /** An empty iteration longer than this is a stall. */
    public static final long THRESHOLD_NS = 10_000;
    /** Stalls longer than this are counted apart too. */
    public static final long LONG_STALL_NS = 100_000;

    private static final VarHandle STALLS;
    private static final VarHandle LONG_STALLS;
    private static final VarHandle STALLED_NANOS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            STALLS = lookup.findVarHandle(PollStalls.class, "stalls", long.class);
            LONG_STALLS = lookup.findVarHandle(PollStalls.class, "longStalls", long.class);
            STALLED_NANOS = lookup.findVarHandle(PollStalls.class, "stalledNanos", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused")
    private long stalls;
    @SuppressWarnings("unused")
    private long longStalls;
    @SuppressWarnings("unused")
    private long stalledNanos;

    /** Called by the poll thread after an iteration that found nothing and took {@code nanos}. */
    void emptyIteration(final long nanos)
    {
        if (nanos > THRESHOLD_NS)
        {
            STALLED_NANOS.setRelease(this, (long)STALLED_NANOS.get(this) + nanos);
            if (nanos > LONG_STALL_NS)
            {
                LONG_STALLS.setRelease(this, (long)LONG_STALLS.get(this) + 1);
            }
            STALLS.setRelease(this, (long)STALLS.get(this) + 1);
        }
    }

    public Snapshot snapshot()
    {
        final long stalls = (long)STALLS.getAcquire(this);
        return new Snapshot(stalls, (long)LONG_STALLS.getAcquire(this), (long)STALLED_NANOS.getAcquire(this));
    }

    /**
     * @param stalls       empty iterations longer than {@link #THRESHOLD_NS}.
     * @param longStalls   of which longer than {@link #LONG_STALL_NS}.
     * @param stalledNanos their total time.
     */
    public record Snapshot(long stalls, long longStalls, long stalledNanos)
    {
        /** The stalls between {@code earlier} and this one. */
        public Snapshot since(final Snapshot earlier)
        {
            return new Snapshot(
                stalls - earlier.stalls, longStalls - earlier.longStalls, stalledNanos - earlier.stalledNanos);
        }
    }
}
