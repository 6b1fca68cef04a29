package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.wirebook.rx.Channel;

/**
 * One run of the exchange simulator in its own JVM inside the exchange namespace, and what it reported: its
 * figures (achieved rate, lateness, packet sizes) and the digest of the books it built from what it sent.
 */
public record PublisherRun(Map<String, Object> figures, String bookDigest)
{
    public static final String FILE = "publisher.properties";

    public static PublisherRun run(
        final LabHosts hosts, final BenchRunner.Plan plan, final List<Channel> channels, final long rate,
        final double durationS, final Path dir, final PrintStream log, final String label)
        throws IOException, InterruptedException
    {
        final List<String> args = new ArrayList<>(List.of("publish",
            "--rate", Long.toString(rate),
            "--warmup", Double.toString(plan.warmupS()),
            "--duration", Double.toString(durationS),
            "--source", hosts.exchangeAddress(),
            "--cpu", Integer.toString(BenchRunner.PUBLISHER_CPU),
            "--seed", Long.toString(plan.seed()),
            "--instruments", Integer.toString(plan.instruments()),
            "--out", dir.toString()));
        if (hosts.loopback())
        {
            args.add("--loopback");
        }
        for (final Channel channel : channels)
        {
            args.add("--channel");
            args.add(channel.toString());
        }
        final double total = plan.warmupS() + durationS;
        try (ChildJvm publisher = ChildJvm.start(hosts.exchangeNs(), Integer.toString(BenchRunner.PUBLISHER_CPU),
            "1g", args))
        {
            final long start = System.nanoTime();
            double lastShown = -1;
            while (!publisher.waitFor(0.25))
            {
                final double elapsed = (System.nanoTime() - start) / 1e9;
                if (elapsed - lastShown >= 2)
                {
                    lastShown = elapsed;
                    log.printf(Locale.ROOT, "%-12s %,d msg/s  %4.0f s elapsed (%.0f s warm-up + %.0f s measured)%n",
                        label, rate, elapsed, plan.warmupS(), durationS);
                }
                if (elapsed > total + 120)
                {
                    throw new IOException("publisher did not finish within " + (total + 120) + " s");
                }
            }
            if (publisher.exitValue() != 0)
            {
                throw new IOException("publisher failed (exit " + publisher.exitValue() + "); see its stderr above");
            }
        }
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(FILE)))
        {
            p.load(in);
        }
        final Map<String, Object> figures = new TreeMap<>();
        for (final String name : p.stringPropertyNames())
        {
            if (!name.equals("book_digest"))
            {
                figures.put(name, PropertyValues.parse(p.getProperty(name)));
            }
        }
        return new PublisherRun(figures, p.getProperty("book_digest"));
    }

    /** Whether the publisher sent the measured phase at no less than 97% of the rate asked. */
    public boolean keptUp(final long rate)
    {
        final Object achieved = figures.get("measured_rate_msgs");
        return achieved instanceof Number n && n.doubleValue() >= 0.97 * rate;
    }
}
