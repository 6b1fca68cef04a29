package io.wirebook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link PairedBookBuildBenchmark} through JMH and writes {@code bookbench-paired.json}: each version's ns/msg
 * and the candidate's time over the baseline's. Half the forks load the candidate second, half first; each half's
 * ratio is the median of its iterations' ratios, and the ratio is the geometric mean of the two halves', which cancels
 * what the loading order alone gives one version. A ratio of 1.03 means the candidate builds the lab day's books 3%
 * slower.
 */
public final class PairedBookBench
{
    public static final String RESULT_FILE = "bookbench-paired.json";

    /** Messages in each part that the versions take turns over: see {@link PairedBookBuildBenchmark}. */
    private static final int PART_MESSAGES = 100_000;
    /** Forks of each loading order. */
    private static final int FORKS_PER_ORDER = 4;
    private static final int WARMUPS = 5;
    private static final int MEASUREMENTS = 10;
    private static final TimeValue ITERATION = TimeValue.seconds(1);
    private static final TimeValue QUICK_ITERATION = TimeValue.milliseconds(100);
    private static final String[] FORK_JVM_ARGS = {
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xms1g", "-Xmx1g"};

    private PairedBookBench()
    {
    }

    /**
     * @param baseline  the other version's wirebook-core, a jar or classes directory.
     * @param candidate the version measured against it, or null for the wirebook-core on the class path.
     * @param quick     one short fork of each order: checks that it runs, measures little.
     * @return 0 on success, 1 if the run failed, 2 if a version cannot be found.
     */
    public static int run(final Path outDir, final Path baseline, final Path candidate, final boolean quick)
    {
        for (final Path core : new Path[]{baseline, candidate})
        {
            if (core != null && !Files.exists(core))
            {
                System.err.println("bookbench: no wirebook-core at " + core + "; give a jar or classes directory, " +
                    "e.g. one that scripts/core-at.sh REV built");
                return 2;
            }
        }
        try
        {
            final int forks = quick ? 1 : FORKS_PER_ORDER;
            final TimeValue iteration = quick ? QUICK_ITERATION : ITERATION;
            final int measurements = quick ? 2 : MEASUREMENTS;
            final Options options = new OptionsBuilder()
                .include(PairedBookBuildBenchmark.class.getName() + "\\.pair$")
                .forks(forks)
                .warmupIterations(quick ? 1 : WARMUPS)
                .warmupTime(iteration)
                .measurementIterations(measurements)
                .measurementTime(iteration)
                .param("baseline", baseline.toAbsolutePath().toString())
                .param("candidate", candidate == null ? "" : candidate.toAbsolutePath().toString())
                .param("partMessages", String.valueOf(PART_MESSAGES))
                .param("candidateFirst", "false", "true")
                .jvmArgs(FORK_JVM_ARGS)
                .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL)
                .build();
            final Order second = new Order("second");
            final Order first = new Order("first");
            for (final RunResult result : new Runner(options).run())
            {
                final boolean candidateFirst = Boolean.parseBoolean(result.getParams().getParam("candidateFirst"));
                (candidateFirst ? first : second).add(result);
            }
            if (second.ratios.isEmpty() || first.ratios.isEmpty())
            {
                System.err.println("bookbench: the paired benchmark gave no result (see JMH's output above)");
                return 1;
            }
            Files.createDirectories(outDir);
            final Path file = outDir.resolve(RESULT_FILE);
            final double ratio = Math.sqrt(second.ratio() * first.ratio());
            Files.writeString(file, json(baseline, candidate, ratio, second, first, forks, measurements, iteration),
                StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "candidate / baseline = %.3fx (geometric mean of %.3fx with the " +
                    "candidate loaded second, forks %s, and %.3fx with it loaded first, forks %s; each the median " +
                    "of its iterations' ratios); baseline %.2f ns/msg, candidate %.2f ns/msg, CPUs %s   (%s)%n",
                ratio, second.ratio(), second.perFork(), first.ratio(), first.perFork(),
                median(second.baseline, first.baseline), median(second.candidate, first.candidate),
                BookBench.cpusAllowed(), file);
            return 0;
        }
        catch (final RunnerException | IOException | RuntimeException ex)
        {
            System.err.println("bookbench: " + ex.getMessage() + "; check that both versions can run DayReplay");
            return 1;
        }
    }

    private static double median(final List<Double> one, final List<Double> other)
    {
        final List<Double> all = new ArrayList<>(one);
        all.addAll(other);
        return BookBench.median(Order.array(all));
    }

    /** The measured iterations of the forks that loaded the candidate {@link #name} (first or second). */
    private static final class Order
    {
        final String name;
        final List<Double> baseline = new ArrayList<>();
        final List<Double> candidate = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        final List<Double> forkRatios = new ArrayList<>();

        Order(final String name)
        {
            this.name = name;
        }

        void add(final RunResult result)
        {
            for (final BenchmarkResult fork : result.getBenchmarkResults())
            {
                final List<Double> forkIterations = new ArrayList<>();
                for (final IterationResult iteration : fork.getIterationResults())
                {
                    final Map<String, Result> counters = iteration.getSecondaryResults();
                    final double baselineNs = counters.get("baselineNs").getScore();
                    final double candidateNs = counters.get("candidateNs").getScore();
                    final double messages = counters.get("pairs").getScore() * BookBuildBenchmark.MESSAGES;
                    baseline.add(baselineNs / messages);
                    candidate.add(candidateNs / messages);
                    ratios.add(candidateNs / baselineNs);
                    forkIterations.add(candidateNs / baselineNs);
                }
                forkRatios.add(BookBench.median(array(forkIterations)));
            }
        }

        double ratio()
        {
            return BookBench.median(array(ratios));
        }

        String perFork()
        {
            final StringBuilder sb = new StringBuilder();
            for (final double ratio : forkRatios)
            {
                sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.3fx", ratio));
            }
            return sb.toString();
        }

        String json()
        {
            return "{\"candidate_loaded\": \"" + name + "\", \"ratio\": " + BookBench.number(ratio()) +
                ", \"ratio_per_fork\": " + BookBench.numbers(array(forkRatios)) +
                ", \"ratio_per_iteration\": " + BookBench.numbers(array(ratios)) +
                ", \"baseline_ns_per_msg_per_iteration\": " + BookBench.numbers(array(baseline)) +
                ", \"candidate_ns_per_msg_per_iteration\": " + BookBench.numbers(array(candidate)) + "}";
        }

        static double[] array(final List<Double> values)
        {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static String json(final Path baselineCore, final Path candidateCore, final double ratio,
        final Order second, final Order first, final int forks, final int measurements, final TimeValue iteration)
    {
        final StringBuilder sb = new StringBuilder(4096);
        sb.append("{\n");
        sb.append("  \"profile\": \"lab\",\n");
        sb.append("  \"messages\": ").append(BookBuildBenchmark.MESSAGES).append(",\n");
        sb.append("  \"baseline\": {\"core\": \"").append(quoted(baselineCore.toAbsolutePath().toString()))
            .append("\", \"ns_per_msg\": ").append(BookBench.number(median(second.baseline, first.baseline)))
            .append("},\n");
        sb.append("  \"candidate\": {\"core\": \"").append(quoted(candidateCore == null ? "class path" :
                candidateCore.toAbsolutePath().toString()))
            .append("\", \"ns_per_msg\": ").append(BookBench.number(median(second.candidate, first.candidate)))
            .append("},\n");
        sb.append("  \"ratio\": ").append(BookBench.number(ratio)).append(",\n");
        sb.append("  \"orders\": [\n    ").append(second.json()).append(",\n    ").append(first.json())
            .append("\n  ],\n");
        sb.append("  \"conditions\": {\n");
        sb.append("    \"benchmark\": \"").append(PairedBookBuildBenchmark.class.getName()).append("\",\n");
        sb.append("    \"ratio\": \"geometric mean of the two loading orders' ratios; each the median of its " +
            "iterations' candidate ns / baseline ns\",\n");
        sb.append("    \"forks_per_order\": ").append(forks).append(",\n");
        sb.append("    \"measurement_iterations\": ").append(measurements).append(",\n");
        sb.append("    \"iteration_ms\": ").append(iteration.convertTo(TimeUnit.MILLISECONDS)).append(",\n");
        sb.append("    \"part_messages\": ").append(PART_MESSAGES).append(",\n");
        sb.append("    \"order\": \"each part of the day replayed by both versions, the first one swapped at every " +
            "part\",\n");
        sb.append("    \"fork_jvm_args\": \"").append(String.join(" ", FORK_JVM_ARGS)).append("\",\n");
        sb.append("    \"cpu_affinity\": \"").append(BookBench.cpusAllowed()).append("\"\n");
        sb.append("  }\n");
        sb.append("}\n");
        return sb.toString();
    }

    private static String quoted(final String text)
    {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
