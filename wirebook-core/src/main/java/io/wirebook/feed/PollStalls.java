package io.wirebook.feed;

import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;

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
    /** And those longer than this: a millisecond tail of the latencies is as many of these as it needs. */
    public static final long VERY_LONG_STALL_NS = 1_000_000;

    private final AtomicCounter stalls;
    private final AtomicCounter longStalls;
    private final AtomicCounter veryLongStalls;
    private final AtomicCounter stalledNanos;

    /** Counts in {@code counters} as {@code handler.poll_stalls}, {@code handler.poll_stalls_over_100us},
     * {@code handler.poll_stalls_over_1ms} and {@code handler.poll_stalled_ns}. */
    PollStalls(final HandlerCounters counters)
    {
        stalls = counters.handler("poll_stalls");
        longStalls = counters.handler("poll_stalls_over_100us");
        veryLongStalls = counters.handler("poll_stalls_over_1ms");
        stalledNanos = counters.handler("poll_stalled_ns");
    }

    /** Called by the poll thread after an iteration that found nothing and took {@code nanos}. */
    void emptyIteration(final long nanos)
    {
        if (nanos > THRESHOLD_NS)
        {
            stalledNanos.getAndAddRelease(nanos);
            if (nanos > LONG_STALL_NS)
            {
                longStalls.incrementRelease();
                if (nanos > VERY_LONG_STALL_NS)
                {
                    veryLongStalls.incrementRelease();
                }
            }
            stalls.incrementRelease();
        }
    }

    public Snapshot snapshot()
    {
        return new Snapshot(stalls.get(), longStalls.get(), veryLongStalls.get(), stalledNanos.get());
    }

    /**
     * @param stalls         empty iterations longer than {@link #THRESHOLD_NS}.
     * @param longStalls     of which longer than {@link #LONG_STALL_NS}.
     * @param veryLongStalls of which longer than {@link #VERY_LONG_STALL_NS}.
     * @param stalledNanos   their total time.
     */
    public record Snapshot(long stalls, long longStalls, long veryLongStalls, long stalledNanos)
    {
        /** The stalls between {@code earlier} and this one. */
        public Snapshot since(final Snapshot earlier)
        {
            return new Snapshot(stalls - earlier.stalls, longStalls - earlier.longStalls,
                veryLongStalls - earlier.veryLongStalls, stalledNanos - earlier.stalledNanos);
        }
    }
}
