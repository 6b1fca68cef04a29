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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.wirebook.rx.Channel;

/**
 * One run of the exchange simulator in its own JVM inside the exchange namespace, and what it reported: its
 * figures (achieved rate, lateness, packet sizes, its recovery servers' counters) and the digest of the books it
 * built from what it sent.
 *
 * <p>{@link #run} blocks until the publisher has ended; {@link #start} returns at once with a {@link Running}
 * handle, for a runner that does things to the lab while the session goes on (the faults scenario). On the lab
 * network the publisher always sends on both lines and serves recovery on the recovery link; on loopback one
 * line, and recovery on 127.0.0.1.
 */
public record PublisherRun(Map<String, Object> figures, String bookDigest)
{
    public static final String FILE = "publisher.properties";
    /** What the publish command prints on stdout just before the session's first packet: warm-up starts now. */
    public static final String SESSION_LINE = "SESSION";
    /** What the publish command prints on stdout every {@link #SENT_INTERVAL_MS}: "SENT messages nanoTime". */
    public static final String SENT_LINE = "SENT";
    public static final long SENT_INTERVAL_MS = 1000;
    /** Longer than this beyond the session's own length and the publisher is taken for hung. */
    private static final double OVERRUN_SECONDS = 120;
    /**
     * From this rate on (the sweep's upper steps, the floods beside testpmd) the publisher encodes its flow before
     * the session and sends with sendmmsg, so that it finds the receivers' limit rather than its own. Below it,
     * where the latency scenarios run, each packet is sent on its own as soon as it is built.
     */
    static final long FAST_SENDER_MIN_RATE_MSGS = 400_000;
    static final List<String> FAST_SENDER_ARGS = List.of("--send-batch", "32", "--pre-encode");

    /** Runs the publisher and waits for it: see the class comment. */
    public static PublisherRun run(
        final LabHosts hosts, final BenchRunner.Plan plan, final List<Channel> channels, final long rate,
        final double durationS, final Path dir, final PrintStream log, final String label)
        throws IOException, InterruptedException
    {
        try (Running running = start(hosts, plan, channels, rate, durationS, dir, log, label, List.of()))
        {
            return running.finish();
        }
    }

    /**
     * Starts the publisher and returns at once.
     *
     * @param extraArgs more publish options, e.g. the faults scenario's reorder and duplicate rates.
     */
    public static Running start(
        final LabHosts hosts, final BenchRunner.Plan plan, final List<Channel> channels, final long rate,
        final double durationS, final Path dir, final PrintStream log, final String label,
        final List<String> extraArgs) throws IOException
    {
        final List<String> args = arguments(hosts.exchange(), hosts.loopback(), plan, channels, rate, durationS,
            dir, extraArgs);
        final ChildJvm child = ChildJvm.start(hosts.exchange().namespace(), Integer.toString(BenchRunner.PUBLISHER_CPU),
            "1g", args);
        return new Running(child, plan.warmupS(), durationS, rate, dir, log, label);
    }

    /** The publish command line for this run: both lines and their sources on the lab network, one on loopback. */
    static List<String> arguments(
        final LabHost exchange, final boolean loopback, final BenchRunner.Plan plan, final List<Channel> channels,
        final long rate, final double durationS, final Path dir, final List<String> extraArgs)
    {
        final List<String> args = new ArrayList<>(List.of("publish",
            "--rate", Long.toString(rate),
            "--warmup", Double.toString(plan.warmupS()),
            "--duration", Double.toString(durationS),
            "--source", exchange.lineA().address(),
            "--cpu", Integer.toString(BenchRunner.PUBLISHER_CPU),
            "--seed", Long.toString(plan.seed()),
            "--instruments", Integer.toString(plan.instruments()),
            "--recovery-address", exchange.recovery().address(),
            "--out", dir.toString()));
        if (loopback)
        {
            args.add("--loopback");
        }
        for (final Channel channel : channels)
        {
            args.add("--channel");
            args.add(channel.toString());
        }
        if (!loopback && plan.lines() == 2)
        {
            for (final Channel channel : BenchRunner.lineB(channels))
            {
                args.add("--line-b");
                args.add(channel.toString());
            }
            args.add("--source-b");
            args.add(exchange.lineB().address());
        }
        if (plan.replay() != null)
        {
            args.add("--replay");
            args.add(plan.replay().file().toString());
            if (plan.replay().speed() > 0)
            {
                args.add("--replay-speed");
                args.add(Double.toString(plan.replay().speed()));
            }
        }
        if (rate >= FAST_SENDER_MIN_RATE_MSGS)
        {
            args.addAll(FAST_SENDER_ARGS);
        }
        args.addAll(extraArgs);
        return args;
    }

    /** A publisher under way: {@link #awaitSession} tells when its session began, {@link #finish} waits for it. */
    public static final class Running implements AutoCloseable
    {
        private final ChildJvm child;
        private final double warmupS;
        private final double durationS;
        private final long rate;
        private final Path dir;
        private final PrintStream log;
        private final String label;
        private final CountDownLatch session = new CountDownLatch(1);
        private final long startedNanos = System.nanoTime();
        private volatile long sessionNanos;
        private final SendRate sendRate = new SendRate();

        private Running(
            final ChildJvm child, final double warmupS, final double durationS, final long rate, final Path dir,
            final PrintStream log, final String label)
        {
            this.child = child;
            this.warmupS = warmupS;
            this.durationS = durationS;
            this.rate = rate;
            this.dir = dir;
            this.log = log;
            this.label = label;
            final Thread reader = new Thread(this::readStdout, "publisher-stdout-" + label);
            reader.setDaemon(true);
            reader.start();
        }

        private void readStdout()
        {
            try
            {
                String line;
                while ((line = child.readLine()) != null)
                {
                    if (line.startsWith(SESSION_LINE))
                    {
                        sessionNanos = System.nanoTime();
                        session.countDown();
                    }
                    else if (line.startsWith(SENT_LINE + " "))
                    {
                        sendRate.onSentLine(line);
                    }
                }
            }
            catch (final IOException ex)
            {
                // the child is gone: finish() reports its exit
            }
        }

        /**
         * Waits until the publisher's session began (its warm-up starts then).
         *
         * @return the System.nanoTime() of that moment, or -1 if it did not begin within {@code seconds} or the
         *         publisher ended first.
         */
        public long awaitSession(final double seconds) throws InterruptedException
        {
            final long deadline = System.nanoTime() + (long)(seconds * 1e9);
            while (System.nanoTime() < deadline)
            {
                if (session.await(100, TimeUnit.MILLISECONDS))
                {
                    return sessionNanos;
                }
                if (!child.isAlive())
                {
                    return session.getCount() == 0 ? sessionNanos : -1;
                }
            }
            return -1;
        }

        public boolean isAlive()
        {
            return child.isAlive();
        }

        /** Waits for the publisher to end, showing progress, and reads what it wrote. */
        public PublisherRun finish() throws IOException, InterruptedException
        {
            final double total = warmupS + durationS;
            double lastShown = -1;
            while (!child.waitFor(0.25))
            {
                final double elapsed = (System.nanoTime() - startedNanos) / 1e9;
                if (elapsed - lastShown >= 2)
                {
                    lastShown = elapsed;
                    log.printf(Locale.ROOT, "%-12s %s  %4.0f s elapsed (%.0f s warm-up + %.0f s measured)%n",
                        label, sendRate.describe(rate), elapsed, warmupS, durationS);
                }
                if (elapsed > total + OVERRUN_SECONDS)
                {
                    throw new IOException("publisher did not finish within " + (total + OVERRUN_SECONDS) + " s");
                }
            }
            if (child.exitValue() != 0)
            {
                throw new IOException("publisher failed (exit " + child.exitValue() + "); see its stderr above");
            }
            return read(dir);
        }

        /** Stops the publisher if it still runs. */
        @Override
        public void close()
        {
            child.close();
        }
    }

    /** What a publisher wrote into {@code dir}. */
    static PublisherRun read(final Path dir) throws IOException
    {
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
