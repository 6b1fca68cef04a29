package io.wirebook.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.DataFormatException;

import io.wirebook.capture.PacketCapture;
import io.wirebook.feed.ChannelState;
import io.wirebook.feed.FeedHandler;
import io.wirebook.report.FeedResult;
import io.wirebook.report.PathResult;
import io.wirebook.report.Stats;
import io.wirebook.stats.LatencyRecorder;
import io.wirebook.stats.SecondWindows;
import org.HdrHistogram.Histogram;

/**
 * What a receiver process hands back to the runner: a properties file with its counters and its histograms
 * (HdrHistogram's compressed encoding, base64). The runner turns it into a {@link PathResult}.
 */
public final class ReceiverReport
{
    public static final String FILE = "receiver.properties";
    static final String CAPTURE_FILE = "capture.file";
    /** Before each key of the path's RxPath.describe(): {@code described.pmd=net_e1000_em}. */
    static final String DESCRIBED = "described.";
    static final String CAPTURE_PACKETS = "capture.packets";
    static final String CAPTURE_DROPPED = "capture.dropped";
    static final String CAPTURE_BYTES = "capture.bytes";
    static final String SECONDS = "seconds";
    static final String SECOND = "second.";

    private ReceiverReport()
    {
    }

    public static void writeSkipped(final Path dir, final String path, final String status, final String reason)
        throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("path", path);
        p.setProperty("status", status);
        p.setProperty("reason", reason);
        store(dir, p);
    }

    public static void write(
        final Path dir, final String pathName, final FeedHandler feed, final double cpuPct,
        final Map<String, ?> noise, final String bookDigest) throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("path", pathName);
        p.setProperty("status", PathResult.OK);
        p.setProperty("reason", "");
        p.setProperty("cpu_pct", Double.toString(cpuPct));
        p.setProperty("channels", Integer.toString(feed.channelCount()));
        p.setProperty("has_arrival", Boolean.toString(feed.path().hasArrivalStamp()));
        p.setProperty("book_digest", bookDigest);
        p.setProperty("orders", Long.toString(feed.books().orderCount()));
        feed.path().describe().forEach((key, value) -> p.setProperty(DESCRIBED + key, value));
        for (int i = 0; i < feed.channelCount(); i++)
        {
            final ChannelState ch = feed.channel(i);
            final String k = "ch." + i + ".";
            p.setProperty(k + "group", ch.channel().toString());
            p.setProperty(k + "messages", Long.toString(ch.counters().messages()));
            p.setProperty(k + "packets", Long.toString(ch.counters().packets()));
            p.setProperty(k + "drops", Long.toString(ch.drops()));
            p.setProperty(k + "duplicates", Long.toString(ch.duplicates()));
            p.setProperty(k + "malformed", Long.toString(ch.counters().malformedPackets()));
            p.setProperty(k + "rejected", Long.toString(ch.counters().rejectedMessages()));
            p.setProperty(k + "window_ns", Long.toString(ch.windowNanos()));
            p.setProperty(k + "ended", Boolean.toString(ch.ended()));
            p.setProperty(k + "market_open_seen", Boolean.toString(ch.marketOpen()));
            p.setProperty(k + "latency", encode(ch.latency().sendToBook()));
            if (feed.path().hasArrivalStamp())
            {
                p.setProperty(k + "arrival", encode(ch.latency().arrivalToBook()));
            }
            p.setProperty(k + "status", ch.status().name());
            p.setProperty(k + "recovered_latency", encode(ch.recoveredLatency().sendToBook()));
            p.setProperty(k + "recovery_times", encode(ch.recoveryTimes()));
            p.setProperty(k + "line_skew", encode(ch.lineSkew()));
            writeSeconds(p, k, ch.seconds());
            // The sum, and the stale time up to now (the counter holds the spells that ended).
            final ChannelState.Recovery r = ch.recovery();
            p.setProperty(k + "recovery.messages_recovered", Long.toString(r.recovered()));
            p.setProperty(k + "recovery.stale_ns_total", Long.toString(r.staleNanos()));
        }
        // The rest straight from the handler's counters, as they stand at the end: each channel's recovery and
        // refusals (ch.N.recovery.*, ch.N.rejected.*), the path's (as counter.*), the books' and the handler's. A
        // channel's packets and messages are already there, counted over the measurement window.
        for (final Map.Entry<String, Long> e : feed.counters().values().entrySet())
        {
            final String key = propertyKey(e.getKey());
            if (!p.containsKey(key))
            {
                p.setProperty(key, Long.toString(e.getValue()));
            }
        }
        for (final Map.Entry<String, ?> e : noise.entrySet())
        {
            p.setProperty("noise." + e.getKey(), String.valueOf(e.getValue()));
        }
        // The capture's counts (capture.packets, .dropped, .bytes) came with the counters; its file does not.
        final PacketCapture capture = feed.capture();
        if (capture != null)
        {
            p.setProperty(CAPTURE_FILE, capture.file().toAbsolutePath().toString());
        }
        store(dir, p);
    }

    /** A channel's one-second windows: how many began, then each one's messages and latency histogram. */
    private static void writeSeconds(final Properties p, final String channelKey, final SecondWindows seconds)
    {
        if (seconds == null)
        {
            return;
        }
        p.setProperty(channelKey + SECONDS, Integer.toString(seconds.seconds()));
        for (int s = 0; s < seconds.seconds(); s++)
        {
            final String k = channelKey + SECOND + s + ".";
            p.setProperty(k + "messages", Long.toString(seconds.messages(s)));
            p.setProperty(k + "latency", encode(seconds.latency(s)));
        }
    }

    /**
     * Every channel's one-second windows, summed window by window (each channel's count from its own Start of
     * Market Hours): window s's messages and merged latency; empty when the receiver kept none. A channel that never
     * applied Start of Market Hours (it recovered past it by snapshot) has no windows to give: they would start at
     * its first message instead.
     */
    public static List<Second> seconds(final Path dir) throws IOException
    {
        final Properties p = load(dir);
        final List<Second> seconds = new ArrayList<>();
        final int channels = Integer.parseInt(p.getProperty("channels", "0"));
        for (int i = 0; i < channels; i++)
        {
            final String k = "ch." + i + ".";
            if (!Boolean.parseBoolean(p.getProperty(k + "market_open_seen")))
            {
                continue;
            }
            final int count = Integer.parseInt(p.getProperty(k + SECONDS, "0"));
            for (int s = 0; s < count; s++)
            {
                final String w = k + SECOND + s + ".";
                final long messages = Long.parseLong(p.getProperty(w + "messages"));
                final Histogram latency = decode(p.getProperty(w + "latency"));
                if (s < seconds.size())
                {
                    seconds.get(s).latency().add(latency);
                    seconds.set(s, new Second(seconds.get(s).messages() + messages, seconds.get(s).latency()));
                }
                else
                {
                    seconds.add(new Second(messages, latency));
                }
            }
        }
        return seconds;
    }

    /** Whether every channel of the receiver applied Start of Market Hours, which opens its measurement window. */
    public static boolean marketOpenSeen(final Path dir) throws IOException
    {
        final Properties p = load(dir);
        final int channels = Integer.parseInt(p.getProperty("channels", "0"));
        for (int i = 0; i < channels; i++)
        {
            if (!Boolean.parseBoolean(p.getProperty("ch." + i + ".market_open_seen")))
            {
                return false;
            }
        }
        return channels > 0;
    }

    /** One second of a receiver's measurement: the messages it applied and their send → book latency. */
    public record Second(long messages, Histogram latency)
    {
    }

    /** The properties key of a counter: its label, but a path's counters go under {@code counter.}. */
    static String propertyKey(final String label)
    {
        if (label.startsWith("path."))
        {
            return "counter." + label.substring("path.".length());
        }
        return label.equals("handler.errors") ? "errors" : label;
    }

    private static Properties load(final Path dir) throws IOException
    {
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(FILE)))
        {
            p.load(in);
        }
        return p;
    }

    public static PathResult read(final Path dir) throws IOException
    {
        final Properties p = load(dir);
        final String path = p.getProperty("path");
        final String status = p.getProperty("status");
        if (!PathResult.OK.equals(status))
        {
            return new PathResult(path, status, p.getProperty("reason", ""), 0, null, List.of(), Map.of(), Map.of(),
                null, Map.of());
        }
        final int channels = Integer.parseInt(p.getProperty("channels"));
        final boolean hasArrival = Boolean.parseBoolean(p.getProperty("has_arrival"));
        final List<FeedResult> feeds = new ArrayList<>();
        final Histogram allLatency = LatencyRecorder.newHistogram();
        final Histogram allArrival = hasArrival ? LatencyRecorder.newHistogram() : null;
        long messages = 0, drops = 0, malformed = 0, rejected = 0, duplicates = 0, packets = 0, maxWindow = 0;
        for (int i = 0; i < channels; i++)
        {
            final String k = "ch." + i + ".";
            final Histogram latency = decode(p.getProperty(k + "latency"));
            final Histogram arrival = hasArrival ? decode(p.getProperty(k + "arrival")) : null;
            final long windowNs = Long.parseLong(p.getProperty(k + "window_ns"));
            final long msgs = Long.parseLong(p.getProperty(k + "messages"));
            final Stats stats = new Stats(msgs, windowNs > 0 ? msgs * 1e9 / windowNs : 0,
                Long.parseLong(p.getProperty(k + "drops")), Long.parseLong(p.getProperty(k + "malformed")),
                Long.parseLong(p.getProperty(k + "rejected")), Long.parseLong(p.getProperty(k + "duplicates")),
                Long.parseLong(p.getProperty(k + "packets")), windowNs / 1e9, latency, arrival);
            final String group = p.getProperty(k + "group");
            feeds.add(new FeedResult(i + 1, group.substring(0, group.indexOf(':')), stats));
            allLatency.add(latency);
            if (allArrival != null)
            {
                allArrival.add(arrival);
            }
            messages += msgs;
            drops += stats.drops();
            malformed += stats.malformed();
            rejected += stats.rejected();
            duplicates += stats.duplicates();
            packets += stats.packets();
            maxWindow = Math.max(maxWindow, windowNs);
        }
        final Stats all = new Stats(messages, maxWindow > 0 ? messages * 1e9 / maxWindow : 0, drops, malformed,
            rejected, duplicates, packets, maxWindow / 1e9, allLatency, allArrival);
        final Map<String, Object> counters = new TreeMap<>();
        final Map<String, Object> noise = new TreeMap<>();
        for (final String name : p.stringPropertyNames())
        {
            if (name.startsWith("counter."))
            {
                counters.put(name.substring(8), PropertyValues.parse(p.getProperty(name)));
            }
            else if (name.startsWith("noise."))
            {
                noise.put(name.substring(6), PropertyValues.parse(p.getProperty(name)));
            }
        }
        counters.put("orders_live_at_end", Long.parseLong(p.getProperty("orders", "0")));
        counters.put("errors", Long.parseLong(p.getProperty("errors", "0")));
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("recovery", recovery(p, channels));
        extra.put("forged", forged(p, channels));
        extra.put("capture", capture(p));
        for (final String name : new TreeSet<>(p.stringPropertyNames()))
        {
            if (name.startsWith(DESCRIBED))
            {
                extra.put(name.substring(DESCRIBED.length()), p.getProperty(name));
            }
        }
        return new PathResult(path, PathResult.OK, "", Double.parseDouble(p.getProperty("cpu_pct")), all, feeds,
            noise, counters, p.getProperty("book_digest"), extra);
    }

    /**
     * results.json {@code capture}: the pcap file, the packets captured to it (all the path received, from open to
     * close, both lines, before any filter) and those the capture had no room for; null without capture.
     */
    static Map<String, Object> capture(final Properties p)
    {
        if (p.getProperty(CAPTURE_FILE) == null)
        {
            return null;
        }
        final Map<String, Object> capture = new LinkedHashMap<>();
        capture.put("file", p.getProperty(CAPTURE_FILE));
        capture.put("packets", Long.parseLong(p.getProperty(CAPTURE_PACKETS)));
        capture.put("dropped", Long.parseLong(p.getProperty(CAPTURE_DROPPED)));
        capture.put("bytes", Long.parseLong(p.getProperty(CAPTURE_BYTES)));
        return capture;
    }

    /** results.json {@code recovery}: the channels' correctness counters summed, their recovery times merged. */
    static Map<String, Object> recovery(final Properties p, final int channels)
    {
        final Map<String, Object> recovery = new LinkedHashMap<>();
        final Histogram times = new Histogram(3);
        final Histogram recovered = LatencyRecorder.newHistogram();
        final Histogram skew = new Histogram(3);
        for (int i = 0; i < channels; i++)
        {
            final String k = "ch." + i + ".";
            final String prefix = k + "recovery.";
            for (final String name : new TreeSet<>(p.stringPropertyNames()))
            {
                if (name.startsWith(prefix))
                {
                    recovery.merge(name.substring(prefix.length()), Long.parseLong(p.getProperty(name)),
                        (a, b) -> (Long)a + (Long)b);
                }
            }
            if (p.getProperty(k + "recovery_times") != null)
            {
                times.add(decode(p.getProperty(k + "recovery_times")));
                recovered.add(decode(p.getProperty(k + "recovered_latency")));
                skew.add(decode(p.getProperty(k + "line_skew")));
            }
        }
        final Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("p50", times.getTotalCount() == 0 ? 0 : times.getValueAtPercentile(50));
        ns.put("p99", times.getTotalCount() == 0 ? 0 : times.getValueAtPercentile(99));
        ns.put("max", times.getTotalCount() == 0 ? 0 : times.getMaxValue());
        ns.put("count", times.getTotalCount());
        recovery.put("recovery_ns", ns);
        final Map<String, Object> late = new LinkedHashMap<>();
        late.put("messages", recovered.getTotalCount());
        late.put("p50", recovered.getTotalCount() == 0 ? 0 : recovered.getValueAtPercentile(50));
        late.put("p99", recovered.getTotalCount() == 0 ? 0 : recovered.getValueAtPercentile(99));
        late.put("max", recovered.getTotalCount() == 0 ? 0 : recovered.getMaxValue());
        recovery.put("recovered_latency_ns", late);
        final Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("packets", skew.getTotalCount());
        lines.put("p50", skew.getTotalCount() == 0 ? 0 : skew.getValueAtPercentile(50));
        lines.put("p99", skew.getTotalCount() == 0 ? 0 : skew.getValueAtPercentile(99));
        lines.put("p999", skew.getTotalCount() == 0 ? 0 : skew.getValueAtPercentile(99.9));
        lines.put("max", skew.getTotalCount() == 0 ? 0 : skew.getMaxValue());
        recovery.put("line_skew_ns", lines);
        return recovery;
    }

    /**
     * results.json {@code forged}: every refusal by reason, from the path (source, checksums, descriptors) and from
     * the sequencers (sessions, jumps, End of Session, conflicting copies). {@code sent} is the runner's to add.
     */
    static Map<String, Object> forged(final Properties p, final int channels)
    {
        final Map<String, Long> byReason = new TreeMap<>();
        for (final String name : p.stringPropertyNames())
        {
            final String reason;
            if (name.startsWith("counter.rejected."))
            {
                reason = name.substring("counter.rejected.".length());
            }
            else if (name.startsWith("ch.") && name.contains(".rejected."))
            {
                reason = name.substring(name.indexOf(".rejected.") + ".rejected.".length());
            }
            else
            {
                continue;
            }
            byReason.merge(reason, Long.parseLong(p.getProperty(name)), Long::sum);
        }
        long rejected = 0;
        for (final long count : byReason.values())
        {
            rejected += count;
        }
        final Map<String, Object> forged = new LinkedHashMap<>();
        forged.put("rejected", rejected);
        forged.put("by_reason", new LinkedHashMap<>(byReason));
        return forged;
    }

    private static void store(final Path dir, final Properties p) throws IOException
    {
        Files.createDirectories(dir);
        final Path tmp = dir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp))
        {
            p.store(out, "wirebook receiver");
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
    }

    static String encode(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Histogram decode(final String base64)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalStateException("corrupt histogram in " + FILE, ex);
        }
    }
}
