package io.wirebook.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * results.json {@code capture_overhead}: one path run in pairs in the same bench run, without capture and with it,
 * on the same settings, the order alternating from pair to pair (without first, then with first...) so that a drift
 * of the host over the run does not count as the capture's cost. Each pair gives a ratio of P50s, with over
 * without; {@code p50_ratio} (send → book) and {@code arrival_p50_ratio} (arrival stamp → book; null where the path
 * has no arrival stamp) are the median of the pairs' ratios. A ratio of 1.10 means capture made the P50 10% slower.
 * One run of a fresh JVM against another differs by more than that on a shared host, which is why one pair is not
 * enough.
 */
public final class CaptureOverhead
{
    public static final String KEY = "capture_overhead";

    /** Pairs of runs per path: an odd number, so the median is one pair's. */
    public static final int PAIRS = 3;

    private CaptureOverhead()
    {
    }

    /** Whether pair {@code pair} (from 0) runs with capture first. */
    public static boolean withFirst(final int pair)
    {
        return pair % 2 == 1;
    }

    /** The pairs, index for index: {@code without.get(i)} and {@code with.get(i)} ran one after the other. */
    public static Map<String, Object> of(final List<PathResult> without, final List<PathResult> with)
    {
        final Map<String, Object> overhead = new LinkedHashMap<>();
        final List<Map<String, Object>> pairs = new ArrayList<>();
        for (int i = 0; i < without.size(); i++)
        {
            final Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("order", withFirst(i) ? "with capture, then without" : "without capture, then with");
            pair.put("without_capture", run(without.get(i)));
            pair.put("with_capture", run(with.get(i)));
            pair.put("p50_ratio", ratio(without.get(i), with.get(i), Stats::latency));
            pair.put("arrival_p50_ratio", ratio(without.get(i), with.get(i), Stats::arrivalLatency));
            pairs.add(pair);
        }
        overhead.put("pairs", pairs);
        overhead.put("p50_ratio", median(pairs, "p50_ratio"));
        overhead.put("arrival_p50_ratio", median(pairs, "arrival_p50_ratio"));
        return overhead;
    }

    private static Map<String, Object> run(final PathResult result)
    {
        final Map<String, Object> run = new LinkedHashMap<>();
        run.put("status", result.status());
        run.put("reason", result.ok() ? "" : result.reason());
        if (result.ok())
        {
            run.put("messages", result.all().messages());
            run.put("drops", result.all().drops());
            run.put("latency_ns", ResultsJson.percentiles(result.all().latency()));
            run.put("arrival_latency_ns", result.all().arrivalLatency() == null ? null :
                ResultsJson.percentiles(result.all().arrivalLatency()));
        }
        return run;
    }

    private static Double ratio(final PathResult without, final PathResult with,
        final Function<Stats, Percentiles> metric)
    {
        if (!without.ok() || !with.ok() || metric.apply(without.all()) == null || metric.apply(with.all()) == null)
        {
            return null;
        }
        final long before = metric.apply(without.all()).p50();
        return before <= 0 ? null : Math.round(1000.0 * metric.apply(with.all()).p50() / before) / 1000.0;
    }

    /** The median of the pairs' ratios, or null when any pair has none. */
    private static Double median(final List<Map<String, Object>> pairs, final String key)
    {
        final double[] ratios = new double[pairs.size()];
        for (int i = 0; i < ratios.length; i++)
        {
            if (!(pairs.get(i).get(key) instanceof Double ratio))
            {
                return null;
            }
            ratios[i] = ratio;
        }
        if (ratios.length == 0)
        {
            return null;
        }
        Arrays.sort(ratios);
        return ratios[ratios.length / 2];
    }
}
