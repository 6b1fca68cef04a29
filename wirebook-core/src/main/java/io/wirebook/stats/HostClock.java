package io.wirebook.stats;

/**
 * The one clock every stamp in wirebook uses: the host's CLOCK_MONOTONIC, in nanoseconds.
 *
 * <p>Why this clock: the exchange simulator and the receiver run in two network namespaces of one host, and
 * namespaces share CLOCK_MONOTONIC, so a stamp taken by the sender can be subtracted from one taken by the
 * receiver with no offset. It never steps. Java reads it through {@link System#nanoTime()} (vDSO
 * clock_gettime(CLOCK_MONOTONIC)); the XDP program reads it with bpf_ktime_get_ns(). The kernel's socket RX
 * timestamps are CLOCK_REALTIME and are converted with {@link #realtimeOffset(long, long)} measured when a path
 * opens.
 *
 * <p>ITCH timestamps are nanoseconds since midnight in 48 bits, so the simulator writes this clock modulo one day
 * and the receiver measures modulo one day: right for any latency under 24 hours.
 */
public final class HostClock
{
    /** Marks "this path gave no arrival stamp". */
    public static final long NO_STAMP = Long.MIN_VALUE;

    public static final long DAY_NANOS = 86_400_000_000_000L;

    private HostClock()
    {
    }

    /** Now, on the host clock. */
    public static long nanos()
    {
        return System.nanoTime();
    }

    /** The ITCH Timestamp field value for a host clock reading. */
    public static long itchTimestamp(final long hostNanos)
    {
        return Math.floorMod(hostNanos, DAY_NANOS);
    }

    /** Nanoseconds from an ITCH timestamp stamped by {@link #itchTimestamp(long)} to {@code hostNanos}. */
    public static long sinceItchTimestamp(final long hostNanos, final long itchTimestamp)
    {
        return Math.floorMod(Math.floorMod(hostNanos, DAY_NANOS) - itchTimestamp, DAY_NANOS);
    }

    /**
     * The offset to add to a CLOCK_REALTIME reading to put it on this clock, from a realtime reading taken
     * between two readings of this clock.
     */
    public static long realtimeOffset(final long monotonicMid, final long realtimeNanos)
    {
        return monotonicMid - realtimeNanos;
    }
}
