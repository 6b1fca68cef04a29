package io.wirebook.feed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * How a channel's sequencer waits, asks and gives up: every setting in one place, with its default and its help,
 * read from {@code recovery.*} options (as Aeron's {@code Configuration} reads system properties).
 *
 * @param lineWaitNanos        how long a gap may wait for the other line before the request server is asked: about
 *                             four times the lab's P99.9 line skew (results.json {@code recovery.line_skew_ns});
 *                             lines that take different routes in the field are skewed by far more.
 * @param requestTimeoutNanos  how long one request waits for its answer before it is sent again.
 * @param requestAttempts      requests sent for one gap before the handler turns to a snapshot (or gives up).
 * @param maxRequestMessages   a gap larger than this goes to a snapshot at once, when there is one.
 * @param windowMessages       how far ahead of the expected sequence number a packet may start and still be held;
 *                             a packet further ahead moves nothing until the stream confirms it.
 * @param reorderPackets       packets held at most while a gap fills (per channel).
 * @param reorderBytes         bytes held at most while a gap fills (per channel).
 * @param endOfSessionRepeats  End of Session packets (or one per line) that must be seen before the session ends.
 * @param lineTimeoutNanos     silence after which a line is reported down (the exchange heartbeats every second).
 * @param snapshotTimeoutNanos how long a snapshot may take.
 * @param snapshotRetryNanos   how long after a failed snapshot the next one starts.
 */
public record RecoveryConfig(long lineWaitNanos, long requestTimeoutNanos, int requestAttempts,
    long maxRequestMessages, long windowMessages, int reorderPackets, int reorderBytes, int endOfSessionRepeats,
    long lineTimeoutNanos, long snapshotTimeoutNanos, long snapshotRetryNanos)
{
    public static final String PREFIX = "recovery.";

    /** Every option: name → {default, help}. */
    public static final Map<String, String[]> OPTIONS = options();

    public static final RecoveryConfig DEFAULTS = from(Map.of());

    public RecoveryConfig
    {
        positive("line-wait-us", lineWaitNanos);
        positive("request-timeout-us", requestTimeoutNanos);
        positive("request-attempts", requestAttempts);
        positive("max-request-messages", maxRequestMessages);
        positive("window-messages", windowMessages);
        positive("reorder-packets", reorderPackets);
        positive("reorder-bytes", reorderBytes);
        positive("end-of-session-repeats", endOfSessionRepeats);
        positive("line-timeout-ms", lineTimeoutNanos);
        positive("snapshot-timeout-ms", snapshotTimeoutNanos);
        positive("snapshot-retry-ms", snapshotRetryNanos);
    }

    private static Map<String, String[]> options()
    {
        final Map<String, String[]> o = new LinkedHashMap<>();
        o.put("line-wait-us", new String[] {"250", "wait for the other line before asking the request server"});
        o.put("request-timeout-us", new String[] {"20000", "resend a request not answered within this"});
        o.put("request-attempts", new String[] {"5", "requests for one gap before a snapshot (or giving up)"});
        o.put("max-request-messages", new String[] {"262140", "a larger gap goes to a snapshot at once"});
        o.put("window-messages", new String[] {"65536", "how far ahead a packet may start and still be held"});
        o.put("reorder-packets", new String[] {"8192", "packets held at most while a gap fills"});
        o.put("reorder-bytes", new String[] {"4194304", "bytes held at most while a gap fills"});
        o.put("end-of-session-repeats", new String[] {"2", "End of Session copies needed (or one per line)"});
        o.put("line-timeout-ms", new String[] {"2500", "silence after which a line is reported down"});
        o.put("snapshot-timeout-ms", new String[] {"10000", "how long a snapshot may take"});
        o.put("snapshot-retry-ms", new String[] {"1000", "wait after a failed snapshot before the next"});
        return Collections.unmodifiableMap(o);
    }

    /**
     * Reads the {@code recovery.*} entries of a path-options map; other keys are ignored.
     *
     * @throws IllegalArgumentException naming the valid options when a key or value is wrong.
     */
    public static RecoveryConfig from(final Map<String, String> options)
    {
        for (final String key : options.keySet())
        {
            if (key.startsWith(PREFIX) && !OPTIONS.containsKey(key.substring(PREFIX.length())))
            {
                throw new IllegalArgumentException("unknown option " + key + "; valid: " + PREFIX +
                    String.join(", " + PREFIX, new TreeSet<>(OPTIONS.keySet())));
            }
        }
        return new RecoveryConfig(
            TimeUnit.MICROSECONDS.toNanos(value(options, "line-wait-us")),
            TimeUnit.MICROSECONDS.toNanos(value(options, "request-timeout-us")),
            (int)value(options, "request-attempts"),
            value(options, "max-request-messages"),
            value(options, "window-messages"),
            (int)value(options, "reorder-packets"),
            (int)value(options, "reorder-bytes"),
            (int)value(options, "end-of-session-repeats"),
            TimeUnit.MILLISECONDS.toNanos(value(options, "line-timeout-ms")),
            TimeUnit.MILLISECONDS.toNanos(value(options, "snapshot-timeout-ms")),
            TimeUnit.MILLISECONDS.toNanos(value(options, "snapshot-retry-ms")));
    }

    /** One line per option, for {@code --help}. */
    public static String help()
    {
        final StringBuilder help = new StringBuilder();
        OPTIONS.forEach((name, defaultAndHelp) -> help.append(String.format("  %-36s %s (default %s)%n",
            PREFIX + name, defaultAndHelp[1], defaultAndHelp[0])));
        return help.toString();
    }

    private static long value(final Map<String, String> options, final String name)
    {
        final String text = options.getOrDefault(PREFIX + name, OPTIONS.get(name)[0]);
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static void positive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(PREFIX + name + " must be > 0, got " + value);
        }
    }
}
