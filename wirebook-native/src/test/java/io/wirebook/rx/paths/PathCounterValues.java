package io.wirebook.rx.paths;

import java.util.Map;
import java.util.TreeMap;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;

/** A path's counters as the tests read them: the {@code path.} counters of a handler, by name without the prefix. */
public final class PathCounterValues
{
    private static final String PREFIX = "path.";

    private PathCounterValues()
    {
    }

    /** Allocates: read them off the hot path. */
    public static Map<String, Long> of(final HandlerCounters counters)
    {
        final Map<String, Long> values = new TreeMap<>();
        counters.values().forEach((label, value) ->
        {
            if (label.startsWith(PREFIX))
            {
                values.put(label.substring(PREFIX.length()), value);
            }
        });
        return values;
    }

    public static Map<String, Long> of(final RxConfig config)
    {
        return of(config.counters());
    }

    /** The path's counters after it has read the kernel's ({@link RxPath#refreshCounters()}): on the poll thread. */
    public static Map<String, Long> refreshed(final RxPath path, final RxConfig config)
    {
        path.refreshCounters();
        return of(config);
    }
}
