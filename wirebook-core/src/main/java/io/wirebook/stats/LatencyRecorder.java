package io.wirebook.stats;

import org.HdrHistogram.Histogram;

/**
 * Records latencies of one channel into HdrHistograms: exchange send (ITCH Timestamp) → book updated, and, where
 * the path stamps arrival, arrival → book updated. Recording allocates nothing.
 */
public final class LatencyRecorder
{
    /** Values above this are recorded as this: a stall of 10 s is a stall, whatever its length. */
    public static final long HIGHEST_TRACKABLE_NANOS = 10_000_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram sendToBook = newHistogram();
    private final Histogram arrivalToBook = newHistogram();

    public static Histogram newHistogram()
    {
        return new Histogram(1, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /**
     * @param itchTimestamp the message's Timestamp field (nanoseconds since midnight on the host clock).
     * @param arrivalNanos  the path's arrival stamp, or {@link HostClock#NO_STAMP}.
     * @param nowNanos      the host clock after the book was updated.
     */
    public void record(final long itchTimestamp, final long arrivalNanos, final long nowNanos)
    {
        recordClamped(sendToBook, HostClock.sinceItchTimestamp(nowNanos, itchTimestamp));
        if (arrivalNanos != HostClock.NO_STAMP)
        {
            recordClamped(arrivalToBook, nowNanos - arrivalNanos);
        }
    }

    public Histogram sendToBook()
    {
        return sendToBook;
    }

    public Histogram arrivalToBook()
    {
        return arrivalToBook;
    }

    public void reset()
    {
        sendToBook.reset();
        arrivalToBook.reset();
    }

    private static void recordClamped(final Histogram histogram, final long value)
    {
        histogram.recordValue(Math.min(Math.max(value, 1), HIGHEST_TRACKABLE_NANOS));
    }
}
