package io.wirebook.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.stats.LatencyRecorder;
import io.wirebook.stats.SecondWindows;
import org.HdrHistogram.Histogram;

/**
 * A burst scenario's figures for one path, from the receiver's one-second windows since Start of Market Hours and
 * the publisher's count of what it sent each second: the peak one-second rates offered and applied, and the
 * latency of the burst beside the seconds before it.
 *
 * <p>The burst is the receiver's busiest second and every second after it: in the close scenario the burst is the
 * measured phase's last second, so any later second holds only the burst's own backlog, which belongs with it.
 */
final class BurstFigures
{
    private BurstFigures()
    {
    }

    /**
     * @param seconds        the receiver's windows, summed over its channels.
     * @param offeredPeak    the most messages the publisher sent in one second of its measured phase.
     * @param scheduledBurst the burst's messages as the day has them.
     */
    static Map<String, Object> of(final List<ReceiverReport.Second> seconds, final long offeredPeak,
        final long scheduledBurst)
    {
        int peak = 0;
        final List<Long> perSecond = new ArrayList<>();
        for (int s = 0; s < seconds.size(); s++)
        {
            perSecond.add(seconds.get(s).messages());
            if (seconds.get(s).messages() > seconds.get(peak).messages())
            {
                peak = s;
            }
        }
        final Histogram burst = merged(seconds, peak, seconds.size());
        final Histogram before = merged(seconds, 0, peak);
        final Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("burst_offered_msgs", offeredPeak);
        figures.put("burst_achieved_msgs", seconds.isEmpty() ? 0 : seconds.get(peak).messages());
        figures.put("burst_scheduled_msgs", scheduledBurst);
        figures.put("burst_second", peak);
        figures.put("burst_latency_ns", percentiles(burst));
        figures.put("before_burst_latency_ns", percentiles(before));
        figures.put("second_msgs", perSecond);
        return figures;
    }

    private static Histogram merged(final List<ReceiverReport.Second> seconds, final int from, final int to)
    {
        final Histogram merged = new Histogram(1, LatencyRecorder.HIGHEST_TRACKABLE_NANOS,
            SecondWindows.SIGNIFICANT_DIGITS);
        for (int s = from; s < to; s++)
        {
            merged.add(seconds.get(s).latency());
        }
        return merged;
    }

    private static Map<String, Object> percentiles(final Histogram histogram)
    {
        final Map<String, Object> p = new LinkedHashMap<>();
        final boolean empty = histogram.getTotalCount() == 0;
        p.put("messages", histogram.getTotalCount());
        p.put("p50", empty ? 0 : histogram.getValueAtPercentile(50));
        p.put("p99", empty ? 0 : histogram.getValueAtPercentile(99));
        p.put("p999", empty ? 0 : histogram.getValueAtPercentile(99.9));
        return p;
    }
}
