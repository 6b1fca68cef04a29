package io.wirebook.stats;

import org.HdrHistogram.Histogram;

/**
 * One channel's measurement cut into one-second windows from its start (Start of Market Hours): how many messages
 * the books applied in each second, and their send → book latency. A burst then shows as its own second beside the
 * quiet ones before it, which one histogram for the whole run would blur. Every window is allocated up front;
 * recording allocates nothing and costs a comparison per message, plus a step at each second's end. Messages after
 * the last window count in it.
 */
public final class SecondWindows
{
    /** Two digits (1%) keep a window's histogram near 28 KiB, so a minute of windows stays small. */
    public static final int SIGNIFICANT_DIGITS = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long[] messages;
    private final Histogram[] latency;
    private long startNanos;
    private long nextBoundaryNanos = Long.MAX_VALUE;
    private int current = -1;

    /** @param seconds how many windows to keep, at least one. */
    public SecondWindows(final int seconds)
    {
        if (seconds < 1)
        {
            throw new IllegalArgumentException("need at least one window, got " + seconds);
        }
        messages = new long[seconds];
        latency = new Histogram[seconds];
        for (int i = 0; i < seconds; i++)
        {
            latency[i] = new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        }
    }

    /** Clears every window; the first starts at {@code nowNanos}. */
    public void start(final long nowNanos)
    {
        for (int i = 0; i <= current; i++)
        {
            messages[i] = 0;
            latency[i].reset();
        }
        startNanos = nowNanos;
        current = 0;
        nextBoundaryNanos = messages.length > 1 ? nowNanos + NANOS_PER_SECOND : Long.MAX_VALUE;
    }

    /**
     * One message applied at {@code nowNanos}, {@code latencyNanos} after it was sent; a negative latency counts the
     * message without a latency (e.g. one a gap held back). Before {@link #start} the first message starts it.
     */
    public void record(final long nowNanos, final long latencyNanos)
    {
        if (nowNanos >= nextBoundaryNanos)
        {
            advance(nowNanos);
        }
        else if (current < 0)
        {
            start(nowNanos);
        }
        messages[current]++;
        if (latencyNanos >= 0)
        {
            latency[current].recordValue(Math.min(Math.max(latencyNanos, 1), LatencyRecorder.HIGHEST_TRACKABLE_NANOS));
        }
    }

    private void advance(final long nowNanos)
    {
        while (nowNanos >= nextBoundaryNanos)
        {
            current++;
            nextBoundaryNanos = current == messages.length - 1 ? Long.MAX_VALUE : nextBoundaryNanos + NANOS_PER_SECOND;
        }
    }

    /** The windows that have begun: 0 before the first message, then up to the capacity. */
    public int seconds()
    {
        return current + 1;
    }

    /** The capacity given at construction. */
    public int capacity()
    {
        return messages.length;
    }

    /** Messages applied in window {@code second} (from 0). */
    public long messages(final int second)
    {
        return messages[second];
    }

    /** The send → book latency of window {@code second}; read it after the poll thread has stopped. */
    public Histogram latency(final int second)
    {
        return latency[second];
    }

    /** The host-clock moment window 0 began. */
    public long startNanos()
    {
        return startNanos;
    }
}
