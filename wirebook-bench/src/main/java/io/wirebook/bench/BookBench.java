package io.wirebook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

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
 * Runs {@link BookBuildBenchmark} through JMH with the GC profiler and writes {@code bookbench.json}: ns and bytes
 * allocated per message for wirebook and parity-book, their ratio, and the conditions of the run.
 *
 * <p>{@code java ... io.wirebook.bench.BookBench --out DIR [--quick]}
 */
public final class BookBench
{
    public static final String RESULT_FILE = "bookbench.json";

    private static final String ALLOCATION = "gc.alloc.rate.norm";
    private static final String[] FORK_JVM_ARGS = {
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xms1g", "-Xmx1g"};

    private BookBench()
    {
    }

    public static void main(final String[] args)
    {
        Path out = null;
        boolean quick = false;
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
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null)
        {
            usage("--out DIR is required");
        }
        System.exit(run(out, quick));
    }

    /**
     * @param quick very short iterations: checks that it runs, measures little.
     * @return 0 on success, 1 if the run failed.
     */
    public static int run(final Path outDir, final boolean quick)
    {
        final int warmups = quick ? 1 : 5;
        final int measurements = quick ? 2 : 5;
        final TimeValue warmupTime = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(3);
        final TimeValue measurementTime = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(3);
        final Options options = new OptionsBuilder()
            .include(BookBuildBenchmark.class.getName() + "\\.")
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(warmups)
            .warmupTime(warmupTime)
            .measurementIterations(measurements)
            .measurementTime(measurementTime)
            .jvmArgs(FORK_JVM_ARGS)
            .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL)
            .build();

        try
        {
            Files.createDirectories(outDir);
            final Collection<RunResult> results = new Runner(options).run();
            Figures wirebook = null;
            Figures parity = null;
            for (final RunResult result : results)
            {
                final String name = result.getParams().getBenchmark();
                final Figures figures = Figures.of(result);
                if (name.endsWith(".wirebook"))
                {
                    wirebook = figures;
                }
                else if (name.endsWith(".parityBook"))
                {
                    parity = figures;
                }
            }
            if (wirebook == null || parity == null)
            {
                System.err.println("bookbench: JMH returned no result for one of the benchmarks; run without --quick " +
                    "to see its output");
                return 1;
            }

            final double ratio = parity.nsPerMessage / wirebook.nsPerMessage;
            final String json = json(wirebook, parity, ratio, warmups, warmupTime, measurements, measurementTime);
            final Path file = outDir.resolve(RESULT_FILE);
            Files.writeString(file, json, StandardCharsets.UTF_8);

            System.out.printf(Locale.ROOT, "%-12s %12s %12s %14s%n", "book", "ns/msg", "median", "bytes/msg");
            System.out.printf(Locale.ROOT, "%-12s %12.1f %12.1f %14.3f%n", "wirebook", wirebook.nsPerMessage,
                wirebook.nsMedian, wirebook.bytesPerMessage);
            System.out.printf(Locale.ROOT, "%-12s %12.1f %12.1f %14.3f%n", "parity-book", parity.nsPerMessage,
                parity.nsMedian, parity.bytesPerMessage);
            System.out.printf(Locale.ROOT, "parity-book / wirebook = %.2fx (medians %.2fx), CPUs %s   (%s)%n", ratio,
                parity.nsMedian / wirebook.nsMedian, cpusAllowed(), file);
            return 0;
        }
        catch (final RunnerException | IOException | RuntimeException ex)
        {
            System.err.println("bookbench: " + ex.getMessage() + "; check that the classpath holds wirebook-bench " +
                "and its dependencies (target/lib)");
            return 1;
        }
    }

    private record Figures(double nsPerMessage, double nsError, double nsMedian, double bytesPerMessage)
    {
        static Figures of(final RunResult result)
        {
            final Result<?> primary = result.getPrimaryResult();
            final Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
            return new Figures(
                primary.getScore(),
                Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError(),
                primary.getStatistics().getPercentile(50),
                allocation == null ? Double.NaN : allocation.getScore());
        }
    }

    private static String json(
        final Figures wirebook, final Figures parity, final double ratio, final int warmups,
        final TimeValue warmupTime, final int measurements, final TimeValue measurementTime)
    {
        final StringBuilder sb = new StringBuilder(1024);
        sb.append("{\n");
        figures(sb, "wirebook", wirebook);
        figures(sb, "parity_book", parity);
        sb.append("  \"ratio\": ").append(number(ratio)).append(",\n");
        sb.append("  \"ratio_of_medians\": ").append(number(parity.nsMedian / wirebook.nsMedian)).append(",\n");
        sb.append("  \"conditions\": {\n");
        sb.append("    \"benchmark\": \"").append(BookBuildBenchmark.class.getName()).append("\",\n");
        sb.append("    \"mode\": \"AverageTime\",\n");
        sb.append("    \"messages_per_day\": ").append(BookBuildBenchmark.MESSAGES).append(",\n");
        sb.append("    \"instruments\": ").append(BookBuildBenchmark.INSTRUMENTS).append(",\n");
        sb.append("    \"seed\": ").append(BookBuildBenchmark.SEED).append(",\n");
        sb.append("    \"forks\": 1,\n");
        sb.append("    \"warmup_iterations\": ").append(warmups).append(",\n");
        sb.append("    \"warmup_time_ms\": ").append(warmupTime.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS))
            .append(",\n");
        sb.append("    \"measurement_iterations\": ").append(measurements).append(",\n");
        sb.append("    \"measurement_time_ms\": ")
            .append(measurementTime.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS)).append(",\n");
        sb.append("    \"profiler\": \"gc\",\n");
        sb.append("    \"fork_jvm_args\": \"").append(String.join(" ", FORK_JVM_ARGS)).append("\",\n");
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

    private static void figures(final StringBuilder sb, final String name, final Figures figures)
    {
        sb.append("  \"").append(name).append("\": {\"ns_per_msg\": ").append(number(figures.nsPerMessage))
            .append(", \"ns_per_msg_error\": ").append(number(figures.nsError))
            .append(", \"ns_per_msg_median\": ").append(number(figures.nsMedian))
            .append(", \"bytes_per_msg\": ").append(number(figures.bytesPerMessage)).append("},\n");
    }

    private static String number(final double value)
    {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    /** The CPUs this process (and so JMH's fork, which inherits it) may run on, as the kernel lists them. */
    private static String cpusAllowed()
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
        System.err.println("bookbench: " + problem + "; usage: BookBench --out DIR [--quick]");
        System.exit(2);
    }
}
