package io.wirebook.sim;

import org.agrona.concurrent.NanoClock;

/**
 * Spaces messages evenly: message k (counted from 1) of a phase is due at {@code t0 + k / rate} on the host
 * clock. The schedule is absolute, not "gap since the last send", so a late message is followed by catching up
 * rather than by a permanently slower rate. It spin-waits, because sleeping has a granularity of tens of
 * microseconds and the gaps at 200k msg/s are 5 microseconds.
 *
 * <p>A phase started with {@link #startTimed} is paced by the messages' own ITCH timestamps instead: the sender
 * hands each message's timestamp to {@link #schedule} before it waits, and the message is due at
 * {@code t0 + (timestamp - first) / speed}, {@code first} being the phase's first message's timestamp. A replayed
 * day then keeps its own shape (its quiet minutes and its bursts) at 1x or at any speed.
 *
 * <p>It also measures how late each message was released against its due time, so a report can say whether the
 * publisher kept up with the rate it claims.
 */
public final class Pacer
{
    /** Waits longer than this yield the CPU rather than spin. */
    static final long YIELD_ABOVE_NS = 10_000;

    /** A message released later than this after its due time counts as late. */
    public static final long DEFAULT_LATE_THRESHOLD_NS = 50_000;

    /** Work to do while waiting, such as heartbeats on idle channels. */
    @FunctionalInterface
    public interface IdleTask
    {
        void idle(long nowNs);
    }

    private final NanoClock clock;
    private final long rateMsgs;
    private final long lateThresholdNs;
    private final IdleTask idleTask;

    private long startNs;
    private long count;
    private boolean timed;
    private double nanosPerTimestampNano;
    private long firstTimestamp;
    private long timedDueNs;
    private long lastDueNs;
    private long maxLatenessNs;
    private long lateCount;

    public Pacer(final NanoClock clock, final long rateMsgs, final long lateThresholdNs, final IdleTask idleTask)
    {
        if (rateMsgs <= 0)
        {
            throw new IllegalArgumentException("rate must be positive, got " + rateMsgs);
        }
        this.clock = clock;
        this.rateMsgs = rateMsgs;
        this.lateThresholdNs = lateThresholdNs;
        this.idleTask = idleTask;
    }

    /** Starts a new even schedule at {@code startNs} and clears the lateness figures. */
    public void start(final long startNs)
    {
        this.startNs = startNs;
        timed = false;
        count = 0;
        maxLatenessNs = 0;
        lateCount = 0;
    }

    /**
     * Starts a new schedule at {@code startNs} paced by the messages' timestamps at {@code speed} times their own
     * pace (see the class comment), and clears the lateness figures.
     */
    public void startTimed(final long startNs, final double speed)
    {
        if (!(speed > 0))
        {
            throw new IllegalArgumentException("replay speed must be positive, got " + speed);
        }
        start(startNs);
        timed = true;
        nanosPerTimestampNano = 1 / speed;
        firstTimestamp = Long.MIN_VALUE;
    }

    /**
     * Timed schedules only: the next message's ITCH timestamp (nanoseconds since midnight), given before
     * {@link #nextDueNs} and {@link #awaitNext}. The phase's first one is its origin; a timestamp before it is due
     * at once.
     */
    public void schedule(final long itchTimestamp)
    {
        if (firstTimestamp == Long.MIN_VALUE)
        {
            firstTimestamp = itchTimestamp;
        }
        timedDueNs = startNs + (long)((itchTimestamp - firstTimestamp) * nanosPerTimestampNano);
    }

    /** Whether this schedule is paced by timestamps ({@link #startTimed}). */
    public boolean timed()
    {
        return timed;
    }

    /** When message {@code k} (from 1) of an even schedule is due. */
    public long dueNs(final long k)
    {
        // Split so k * 1e9 cannot overflow however long the run.
        final long whole = k / rateMsgs;
        final long part = k % rateMsgs;
        return startNs + whole * 1_000_000_000L + part * 1_000_000_000L / rateMsgs;
    }

    /** When the next message will be due (on a timed schedule, the one last given to {@link #schedule}). */
    public long nextDueNs()
    {
        return timed ? timedDueNs : dueNs(count + 1);
    }

    /** When the message {@link #awaitNext} released last was due. */
    public long lastDueNs()
    {
        return lastDueNs;
    }

    /**
     * Waits until the next message is due, running the idle task meanwhile, and records its lateness.
     *
     * @return the clock reading at release.
     */
    public long awaitNext()
    {
        final long due = timed ? timedDueNs : dueNs(count + 1);
        count++;
        lastDueNs = due;
        long now = clock.nanoTime();
        while (now < due)
        {
            if (null != idleTask)
            {
                idleTask.idle(now);
            }
            if (due - now > YIELD_ABOVE_NS)
            {
                // The publisher shares its CPU with the kernel's softirq work for the veth (ksoftirqd) and the
                // receiver JVM's helper threads: a pure spin would hold them off for a whole scheduler slice.
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
            now = clock.nanoTime();
        }
        final long lateness = now - due;
        if (lateness > maxLatenessNs)
        {
            maxLatenessNs = lateness;
        }
        if (lateness > lateThresholdNs)
        {
            lateCount++;
        }
        return now;
    }

    /** Messages released since {@link #start}. */
    public long count()
    {
        return count;
    }

    public long maxLatenessNs()
    {
        return maxLatenessNs;
    }

    public long lateCount()
    {
        return lateCount;
    }

    public long lateThresholdNs()
    {
        return lateThresholdNs;
    }

    public long startNs()
    {
        return startNs;
    }
}
