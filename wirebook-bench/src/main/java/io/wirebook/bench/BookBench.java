package io.wirebook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.wirebook.sim.NasdaqDay;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link BookBuildBenchmark} through JMH with the GC profiler, in alternating rounds, and writes
 * {@code bookbench.json}: ns and bytes allocated per message for wirebook and parity-book, each round's and the median
 * ratio, and the conditions of the run.
 *
 * <p>{@code java ... io.wirebook.bench.BookBench --out DIR [--quick] [--profile lab|nasdaq] [--messages N]
 * [--file FILE]}
 */
public final class BookBench
{
    public static final String RESULT_FILE = "bookbench.json";

    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final int ROUNDS = 3;
    private static final String[] FORK_JVM_ARGS = {
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xms1g", "-Xmx1g"};
    /** A NASDAQ-scale day: up to 2 GiB of messages off the heap (3 while it grows), 2M live orders on it. */
    private static final String[] BIG_DAY_FORK_JVM_ARGS = {
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xms6g", "-Xmx6g", "-XX:MaxDirectMemorySize=5g"};
    /** The nasdaq profile's messages in a quick run. */
    private static final long QUICK_NASDAQ_MESSAGES = 300_000;

    /**
     * Which day to benchmark.
     *
     * @param profile  {@code lab}, {@code nasdaq} or {@code file}.
     * @param messages the nasdaq profile's messages.
     * @param file     the file profile's BinaryFILE, else null.
     */
    public record Day(String profile, long messages, Path file)
    {
        public static final Day LAB = new Day("lab", 0, null);

        boolean big()
        {
            return !"lab".equals(profile);
        }
    }

    private BookBench()
    {
    }

    public static void main(final String[] args)
    {
        Path out = null;
        boolean quick = false;
        String profile = "lab";
        long messages = 60_000_000L;
        Path file = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--out" ->
                {
                    if (i + 1 >= args.length)
                    {
                        usage("--out needs a directory");
                    }
                    out = Path.of(args[++i]);
                }
                case "--quick" -> quick = true;
                case "--profile" -> profile = i + 1 < args.length ? args[++i] : "";
                case "--messages" -> messages = i + 1 < args.length ? Long.parseLong(args[++i]) : 0;
                case "--file" -> file = i + 1 < args.length ? Path.of(args[++i]) : null;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null)
        {
            usage("--out DIR is required");
        }
        System.exit(run(out, quick, file != null ? new Day("file", 0, file) : new Day(profile, messages, null)));
    }

    /**
     * Runs the two benchmarks in alternating rounds (parity-book first in even rounds, wirebook first in odd ones),
     * each round one JMH fork per library, so that the host's noise, which drifts over minutes on a shared machine,
     * weighs on both alike; the ratio is the median of the rounds' ratios.
     *
     * @param quick one very short round: checks that it runs, measures little.
     * @return 0 on success, 1 if the run failed.
     */
    public static int run(final Path outDir, final boolean quick)
    {
        return run(outDir, quick, Day.LAB);
    }

    /** As {@link #run(Path, boolean)}, on {@code day}. */
    public static int run(final Path outDir, final boolean quick, final Day asked)
    {
        final Day day = quick && "nasdaq".equals(asked.profile()) ?
            new Day("nasdaq", Math.min(asked.messages(), QUICK_NASDAQ_MESSAGES), null) : asked;
        final int rounds = quick ? 1 : ROUNDS;
        // A big day's invocation takes seconds (parity-book's about a minute): one warm-up and two measured
        // invocations per fork, each iteration one invocation.
        final int warmups = quick || day.big() ? 1 : 3;
        final int measurements = quick || day.big() ? 2 : 5;
        final TimeValue warmupTime = quick || day.big() ? TimeValue.milliseconds(500) : TimeValue.seconds(2);
        final TimeValue measurementTime = quick || day.big() ? TimeValue.milliseconds(500) : TimeValue.seconds(2);

        try
        {
            Files.createDirectories(outDir);
            final DayFacts facts = DayFacts.of(day);
            System.out.printf(Locale.ROOT, "bookbench: %s day, %,d messages, peak %,d live orders%n", day.profile(),
                facts.messages(), facts.peakLiveOrders());
            final List<Figures> wirebook = new ArrayList<>();
            final List<Figures> parity = new ArrayList<>();
            for (int round = 0; round < rounds; round++)
            {
                final boolean parityFirst = round % 2 == 0;
                for (final String benchmark : parityFirst ?
                    List.of("parityBook", "wirebook") : List.of("wirebook", "parityBook"))
                {
                    if (!quick)
                    {
                        System.out.printf(Locale.ROOT, "bookbench: round %d of %d, %s%n", round + 1, rounds, benchmark);
                    }
                    final Figures figures = measure(
                        benchmark, warmups, warmupTime, measurements, measurementTime, quick, day, facts.messages(),
                        facts.expectedOrders());
                    if (figures == null)
                    {
                        System.err.println("bookbench: JMH returned no result for " + benchmark +
                            "; run without --quick to see its output");
                        return 1;
                    }
                    (benchmark.equals("wirebook") ? wirebook : parity).add(figures);
                }
            }

            final Summary w = Summary.of(wirebook);
            final Summary pb = Summary.of(parity);
            final double[] ratios = new double[rounds];
            for (int i = 0; i < rounds; i++)
            {
                ratios[i] = parity.get(i).nsPerMessage / wirebook.get(i).nsPerMessage;
            }
            final double ratio = median(ratios);
            final String json = json(w, pb, ratios, ratio, warmups, warmupTime, measurements, measurementTime, day,
                facts);
            final Path file = outDir.resolve(RESULT_FILE);
            Files.writeString(file, json, StandardCharsets.UTF_8);

            System.out.printf(Locale.ROOT, "%-12s %24s %14s%n", "book", "ns/msg per round", "bytes/msg");
            System.out.printf(Locale.ROOT, "%-12s %24s %14.3f%n", "wirebook", w.rounds(), w.bytesPerMessage);
            System.out.printf(Locale.ROOT, "%-12s %24s %14.3f%n", "parity-book", pb.rounds(), pb.bytesPerMessage);
            final StringBuilder each = new StringBuilder();
            for (final double r : ratios)
            {
                each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2fx", r));
            }
            System.out.printf(Locale.ROOT, "parity-book / wirebook = %.2fx (median of rounds: %s), CPUs %s   (%s)%n",
                ratio, each, cpusAllowed(), file);
            return 0;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("bookbench: " + ex.getMessage());
            return 2;
        }
        catch (final RunnerException | IOException | RuntimeException ex)
        {
            System.err.println("bookbench: " + ex.getMessage() + "; check that the classpath holds wirebook-bench " +
                "and its dependencies (target/lib)");
            return 1;
        }
    }

    private static Figures measure(
        final String benchmark, final int warmups, final TimeValue warmupTime, final int measurements,
        final TimeValue measurementTime, final boolean quick, final Day day, final long messages,
        final int expectedOrders) throws RunnerException
    {
        final Options options = new OptionsBuilder()
            .include(BookBuildBenchmark.class.getName() + "\\." + benchmark + "$")
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(warmups)
            .warmupTime(warmupTime)
            .measurementIterations(measurements)
            .measurementTime(measurementTime)
            .param("profile", day.profile())
            .param("messages", Long.toString(day.messages()))
            .param("file", day.file() == null ? "" : day.file().toAbsolutePath().toString())
            .param("expectedOrders", Integer.toString(expectedOrders))
            .jvmArgs(day.big() ? BIG_DAY_FORK_JVM_ARGS : FORK_JVM_ARGS)
            .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL)
            .build();
        final Collection<RunResult> results = new Runner(options).run();
        return results.isEmpty() ? null : Figures.of(results.iterator().next(), messages);
    }

    /** The day's size as the books see it, measured once in this process. */
    private record DayFacts(long messages, long peakLiveOrders)
    {
        /** What the books are sized for, as a feed handler is sized for its peak: a power of two above it. */
        int expectedOrders()
        {
            return Integer.highestOneBit((int)Math.max(1024, peakLiveOrders + peakLiveOrders / 4)) << 1;
        }

        static DayFacts of(final Day day) throws IOException
        {
            final TradingDay trading = BookBuildBenchmark.day(day.profile(), day.messages(),
                day.file() == null ? "" : day.file().toString());
            return new DayFacts(trading.messages(), trading.peakLiveOrders(
                day.big() ? BookBuildBenchmark.MAX_STOCK_LOCATE : BookBuildBenchmark.INSTRUMENTS));
        }
    }

    /** One invocation replays the whole day: per message is per invocation over the day's messages. */
    private record Figures(double nsPerMessage, double bytesPerMessage)
    {
        static Figures of(final RunResult result, final long messages)
        {
            final Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
            return new Figures(result.getPrimaryResult().getScore() / messages,
                allocation == null ? Double.NaN : allocation.getScore() / messages);
        }
    }

    /** One library over the rounds: the median round, the spread, the most it allocated. */
    private record Summary(double nsPerMessage, double nsMin, double nsMax, double[] nsPerRound, double bytesPerMessage)
    {
        static Summary of(final List<Figures> rounds)
        {
            final double[] ns = new double[rounds.size()];
            double bytes = 0;
            for (int i = 0; i < ns.length; i++)
            {
                ns[i] = rounds.get(i).nsPerMessage;
                bytes = Math.max(bytes, rounds.get(i).bytesPerMessage);
            }
            final double[] sorted = ns.clone();
            Arrays.sort(sorted);
            return new Summary(median(ns), sorted[0], sorted[sorted.length - 1], ns, bytes);
        }

        String rounds()
        {
            final StringBuilder sb = new StringBuilder();
            for (final double v : nsPerRound)
            {
                sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f", v));
            }
            return sb.toString();
        }
    }

    static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String json(
        final Summary wirebook, final Summary parity, final double[] ratios, final double ratio, final int warmups,
        final TimeValue warmupTime, final int measurements, final TimeValue measurementTime, final Day day,
        final DayFacts facts)
    {
        final StringBuilder sb = new StringBuilder(1024);
        sb.append("{\n");
        sb.append("  \"profile\": \"").append(day.profile()).append("\",\n");
        if (day.file() != null)
        {
            sb.append("  \"file\": \"").append(day.file().toAbsolutePath().toString().replace("\"", "\\\""))
                .append("\",\n");
        }
        sb.append("  \"messages\": ").append(facts.messages()).append(",\n");
        sb.append("  \"peak_live_orders\": ").append(facts.peakLiveOrders()).append(",\n");
        figures(sb, "wirebook", wirebook);
        figures(sb, "parity_book", parity);
        sb.append("  \"ratio\": ").append(number(ratio)).append(",\n");
        sb.append("  \"ratio_per_round\": ").append(numbers(ratios)).append(",\n");
        sb.append("  \"conditions\": {\n");
        sb.append("    \"benchmark\": \"").append(BookBuildBenchmark.class.getName()).append("\",\n");
        sb.append("    \"mode\": \"AverageTime\",\n");
        sb.append("    \"messages_per_day\": ").append(facts.messages()).append(",\n");
        if (!day.big())
        {
            sb.append("    \"instruments\": ").append(BookBuildBenchmark.INSTRUMENTS).append(",\n");
        }
        else if ("nasdaq".equals(day.profile()))
        {
            sb.append("    \"instruments\": ").append(NasdaqDay.INSTRUMENTS).append(",\n");
        }
        sb.append("    \"seed\": ").append(BookBuildBenchmark.SEED).append(",\n");
        sb.append("    \"rounds\": ").append(ratios.length).append(",\n");
        sb.append("    \"forks_per_round\": 1,\n");
        sb.append("    \"order\": \"parity-book first in rounds 1, 3, ...; wirebook first in rounds 2, 4, ...\",\n");
        sb.append("    \"warmup_iterations\": ").append(warmups).append(",\n");
        sb.append("    \"warmup_time_ms\": ").append(warmupTime.convertTo(TimeUnit.MILLISECONDS))
            .append(",\n");
        sb.append("    \"measurement_iterations\": ").append(measurements).append(",\n");
        sb.append("    \"measurement_time_ms\": ")
            .append(measurementTime.convertTo(TimeUnit.MILLISECONDS)).append(",\n");
        sb.append("    \"profiler\": \"gc\",\n");
        sb.append("    \"fork_jvm_args\": \"")
            .append(String.join(" ", day.big() ? BIG_DAY_FORK_JVM_ARGS : FORK_JVM_ARGS)).append("\",\n");
        sb.append("    \"jmh\": \"").append(jmhVersion()).append("\",\n");
        sb.append("    \"jdk\": \"").append(System.getProperty("java.vm.name")).append(' ')
            .append(System.getProperty("java.runtime.version")).append("\",\n");
        sb.append("    \"os\": \"").append(System.getProperty("os.name")).append(' ')
            .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append("\",\n");
        sb.append("    \"cpus\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
        sb.append("    \"cpu_affinity\": \"").append(cpusAllowed()).append("\"\n");
        sb.append("  }\n");
        sb.append("}\n");
        return sb.toString();
    }

    /** ns_per_msg is the median round's mean; ns_per_msg_error half the spread of the rounds. */
    private static void figures(final StringBuilder sb, final String name, final Summary summary)
    {
        sb.append("  \"").append(name).append("\": {\"ns_per_msg\": ").append(number(summary.nsPerMessage))
            .append(", \"ns_per_msg_error\": ").append(number((summary.nsMax - summary.nsMin) / 2))
            .append(", \"ns_per_msg_per_round\": ").append(numbers(summary.nsPerRound))
            .append(", \"bytes_per_msg\": ").append(number(summary.bytesPerMessage)).append("},\n");
    }

    static String numbers(final double[] values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (final double v : values)
        {
            sb.append(sb.length() == 1 ? "" : ", ").append(number(v));
        }
        return sb.append(']').toString();
    }

    static String number(final double value)
    {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    /** The CPUs this process (and so JMH's fork, which inherits it) may run on, as the kernel lists them. */
    static String cpusAllowed()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("Cpus_allowed_list:"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ignored)
        {
            // Not Linux: say so below.
        }
        return "unknown";
    }

    private static String jmhVersion()
    {
        final Package jmh = Runner.class.getPackage();
        final String version = jmh == null ? null : jmh.getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    private static void usage(final String problem)
    {
        System.err.println("bookbench: " + problem + "; usage: BookBench --out DIR [--quick] [--profile lab|nasdaq] " +
            "[--messages N] [--file FILE]");
        System.exit(2);
    }
}
