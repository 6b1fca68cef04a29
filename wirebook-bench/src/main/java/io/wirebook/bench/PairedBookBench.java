package io.wirebook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
 * and the candidate's time over the baseline's, per iteration, per fork and their median. A ratio of 1.03 means the
 * candidate builds the lab day's books 3% slower.
 */
public final class PairedBookBench
{
    public static final String RESULT_FILE = "bookbench-paired.json";

    private static final int FORKS = 5;
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
     * @param quick     one short fork: checks that it runs, measures little.
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
            final int forks = quick ? 1 : FORKS;
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
                .jvmArgs(FORK_JVM_ARGS)
                .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL)
                .build();
            final Collection<RunResult> results = new Runner(options).run();
            if (results.isEmpty())
            {
                System.err.println("bookbench: the paired benchmark gave no result (see JMH's output above)");
                return 1;
            }
            final Pairs pairs = Pairs.of(results.iterator().next());
            Files.createDirectories(outDir);
            final Path file = outDir.resolve(RESULT_FILE);
            Files.writeString(file, pairs.json(baseline, candidate, forks, measurements, iteration),
                StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "candidate / baseline = %.3fx (median of %d iterations' ratios; per fork" +
                    " %s); baseline %.2f ns/msg, candidate %.2f ns/msg, CPUs %s   (%s)%n",
                pairs.ratio(), pairs.ratios.length, pairs.perFork(), pairs.baselineNs(), pairs.candidateNs(),
                BookBench.cpusAllowed(), file);
            return 0;
        }
        catch (final RunnerException | IOException | RuntimeException ex)
        {
            System.err.println("bookbench: " + ex.getMessage() + "; check that both versions can run DayReplay");
            return 1;
        }
    }

    /** Per measured iteration, over all forks: each version's ns/msg and their ratio; and each fork's median ratio. */
    private record Pairs(double[] baseline, double[] candidate, double[] ratios, double[] forkRatios)
    {
        static Pairs of(final RunResult result)
        {
            final List<double[]> rows = new ArrayList<>();
            final List<Double> forkRatios = new ArrayList<>();
            for (final BenchmarkResult fork : result.getBenchmarkResults())
            {
                final List<Double> ratios = new ArrayList<>();
                for (final IterationResult iteration : fork.getIterationResults())
                {
                    final Map<String, Result> counters = iteration.getSecondaryResults();
                    final double pairs = counters.get("pairs").getScore();
                    final double baselineNs = counters.get("baselineNs").getScore();
                    final double candidateNs = counters.get("candidateNs").getScore();
                    final double messages = pairs * BookBuildBenchmark.MESSAGES;
                    rows.add(new double[]{baselineNs / messages, candidateNs / messages, candidateNs / baselineNs});
                    ratios.add(candidateNs / baselineNs);
                }
                forkRatios.add(BookBench.median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
            }
            return new Pairs(column(rows, 0), column(rows, 1), column(rows, 2),
                forkRatios.stream().mapToDouble(Double::doubleValue).toArray());
        }

        private static double[] column(final List<double[]> rows, final int column)
        {
            return rows.stream().mapToDouble(row -> row[column]).toArray();
        }

        double ratio()
        {
            return BookBench.median(ratios);
        }

        double baselineNs()
        {
            return BookBench.median(baseline);
        }

        double candidateNs()
        {
            return BookBench.median(candidate);
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

        String json(final Path baselineCore, final Path candidateCore, final int forks, final int measurements,
            final TimeValue iteration)
        {
            final StringBuilder sb = new StringBuilder(2048);
            sb.append("{\n");
            sb.append("  \"profile\": \"lab\",\n");
            sb.append("  \"messages\": ").append(BookBuildBenchmark.MESSAGES).append(",\n");
            sb.append("  \"baseline\": {\"core\": \"").append(quoted(baselineCore.toAbsolutePath().toString()))
                .append("\", \"ns_per_msg\": ").append(BookBench.number(baselineNs()))
                .append(", \"ns_per_msg_per_iteration\": ").append(BookBench.numbers(baseline)).append("},\n");
            sb.append("  \"candidate\": {\"core\": \"").append(quoted(candidateCore == null ? "class path" :
                    candidateCore.toAbsolutePath().toString()))
                .append("\", \"ns_per_msg\": ").append(BookBench.number(candidateNs()))
                .append(", \"ns_per_msg_per_iteration\": ").append(BookBench.numbers(candidate)).append("},\n");
            sb.append("  \"ratio\": ").append(BookBench.number(ratio())).append(",\n");
            sb.append("  \"ratio_per_fork\": ").append(BookBench.numbers(forkRatios)).append(",\n");
            sb.append("  \"ratio_per_iteration\": ").append(BookBench.numbers(ratios)).append(",\n");
            sb.append("  \"conditions\": {\n");
            sb.append("    \"benchmark\": \"").append(PairedBookBuildBenchmark.class.getName()).append("\",\n");
            sb.append("    \"ratio\": \"candidate ns / baseline ns per measured iteration; median over all\",\n");
            sb.append("    \"forks\": ").append(forks).append(",\n");
            sb.append("    \"measurement_iterations\": ").append(measurements).append(",\n");
            sb.append("    \"iteration_ms\": ").append(iteration.convertTo(TimeUnit.MILLISECONDS))
                .append(",\n");
            sb.append("    \"order\": \"baseline first in odd invocations, candidate first in even ones\",\n");
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
}
