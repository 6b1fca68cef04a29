package io.wirebook.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.report.PathResult;
import io.wirebook.report.Percentiles;

/**
 * The headline ratios, measured in one run: how many times lower each bypass path's latency is than the blocking
 * socket's, on arrival stamp → book updated and on send stamp → book updated.
 */
public final class Comparisons
{
    private Comparisons()
    {
    }

    public static Map<String, Object> of(final List<PathResult> results)
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        final PathResult socket = find(results, "socket");
        if (socket == null || socket.all() == null)
        {
            return out;
        }
        for (final PathResult other : results)
        {
            if (other == socket || !other.ok() || other.all() == null)
            {
                continue;
            }
            final Map<String, Object> ratios = new LinkedHashMap<>();
            ratios.put("send_to_book", ratios(socket.all().latency(), other.all().latency()));
            if (socket.all().arrivalLatency() != null && other.all().arrivalLatency() != null)
            {
                ratios.put("arrival_to_book", ratios(socket.all().arrivalLatency(), other.all().arrivalLatency()));
            }
            out.put(other.path() + "_vs_socket", ratios);
        }
        return out;
    }

    static Map<String, Object> ratios(final Percentiles baseline, final Percentiles better)
    {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("p50", ratio(baseline.p50(), better.p50()));
        r.put("p90", ratio(baseline.p90(), better.p90()));
        r.put("p99", ratio(baseline.p99(), better.p99()));
        r.put("p999", ratio(baseline.p999(), better.p999()));
        r.put("stddev", ratio(baseline.stddev(), better.stddev()));
        return r;
    }

    private static double ratio(final double baseline, final double better)
    {
        return better <= 0 ? 0 : Math.round(baseline / better * 100.0) / 100.0;
    }

    private static PathResult find(final List<PathResult> results, final String name)
    {
        for (final PathResult r : results)
        {
            if (r.path().equals(name) && r.ok())
            {
                return r;
            }
        }
        return null;
    }
}
