package io.wirebook.report;

import org.HdrHistogram.Histogram;

/** The latency figures of one histogram, in nanoseconds, as results.json spells them. */
public record Percentiles(long count, long p50, long p90, long p99, long p999, long p9999, long max, double mean,
    double stddev)
{
    public static Percentiles of(final Histogram h)
    {
        if (h.getTotalCount() == 0)
        {
            return new Percentiles(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99), h.getMaxValue(),
            h.getMean(), h.getStdDeviation());
    }
}
