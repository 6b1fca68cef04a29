package io.wirebook.report;

import org.HdrHistogram.Histogram;

/**
 * One stats object of results.json: a channel's, or a whole path's.
 *
 * @param latencyHistogram send stamp (the ITCH Timestamp the exchange stamped) → book updated; null where the two
 *                         stamps come from different clocks (a receiver in a guest).
 * @param arrivalHistogram the path's arrival stamp → book updated; null where the path has no arrival stamp.
 */
public record Stats(long messages, double throughputMsgs, long drops, long malformed, long rejected, long duplicates,
    long packets, double windowSeconds, Histogram latencyHistogram, Histogram arrivalHistogram)
{
    public Percentiles latency()
    {
        return latencyHistogram == null ? null : Percentiles.of(latencyHistogram);
    }

    public Percentiles arrivalLatency()
    {
        return arrivalHistogram == null ? null : Percentiles.of(arrivalHistogram);
    }
}
