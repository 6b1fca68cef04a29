package io.wirebook.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * results.json {@code capture_overhead}: one path run twice in the same bench run, without capture and then with
 * it, on the same settings. {@code p50_ratio} is the send → book P50 with capture over the P50 without;
 * {@code arrival_p50_ratio} the same for arrival stamp → book (null where the path has no arrival stamp). A ratio
 * of 1.10 means capture made the P50 10% slower.
 */
public final class CaptureOverhead
{
    public static final String KEY = "capture_overhead";

    private CaptureOverhead()
    {
    }

    public static Map<String, Object> of(final PathResult without, final PathResult with)
    {
        final Map<String, Object> overhead = new LinkedHashMap<>();
        overhead.put("order", "without capture, then with");
        overhead.put("without_capture", run(without));
        overhead.put("with_capture", run(with));
        final boolean both = without.ok() && with.ok();
        overhead.put("p50_ratio", both ? ratio(with.all().latency().p50(), without.all().latency().p50()) : null);
        overhead.put("arrival_p50_ratio", both && with.all().arrivalLatency() != null &&
            without.all().arrivalLatency() != null ?
            ratio(with.all().arrivalLatency().p50(), without.all().arrivalLatency().p50()) : null);
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

    private static Double ratio(final long with, final long without)
    {
        return without <= 0 ? null : Math.round(1000.0 * with / without) / 1000.0;
    }
}
