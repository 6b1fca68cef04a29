package io.wirebook.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.wirebook.book.Books;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link BookBuildBenchmark#wirebook}'s day, built by two versions of wirebook's books in the same JVM, one replay
 * of each in turn: what a change costs, with the host's noise (which on a shared machine drifts over seconds and
 * minutes, and between forks by more than the change) falling on both versions alike.
 *
 * <p>Each version is loaded by a {@link VersionLoader} of its own, so each is compiled and profiled on its own. An
 * invocation replays the day with both, the order swapped at every invocation, and times each replay; the books are
 * emptied outside the timed part. The figures are the {@link Times} counters: per iteration, the nanoseconds each
 * version took, from which {@link PairedBookBench} makes ns/msg and the ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PairedBookBuildBenchmark
{
    /** The other version: a wirebook-core jar or classes directory, e.g. an earlier commit's. */
    @Param("")
    public String baseline;
    /** The version measured against it; empty for the wirebook-core this JVM runs. */
    @Param("")
    public String candidate;

    private VersionLoader.Replay baselineReplay;
    private VersionLoader.Replay candidateReplay;
    private boolean baselineFirst;

    /** Nanoseconds of each version's replays in the iteration, summed; JMH reports them per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times
    {
        public long baselineNs;
        public long candidateNs;
        /** Invocations: replays of each version. */
        public long pairs;

        @Setup(Level.Iteration)
        public void reset()
        {
            baselineNs = 0;
            candidateNs = 0;
            pairs = 0;
        }
    }

    @Setup(Level.Trial)
    public void loadVersions() throws IOException
    {
        if (baseline.isEmpty())
        {
            throw new IllegalArgumentException("the baseline version is needed: -p baseline=JAR_OR_CLASSES");
        }
        final TradingDay day = BookBuildBenchmark.day("lab", 0, "");
        final int instruments = BookBuildBenchmark.INSTRUMENTS;
        final int orders = BookBuildBenchmark.EXPECTED_LIVE_ORDERS;
        baselineReplay = VersionLoader.of("baseline", Path.of(baseline))
            .replay(day.buffer(), day.length(), instruments, orders);
        candidateReplay = VersionLoader.of("candidate",
                candidate.isEmpty() ? VersionLoader.location(Books.class) : Path.of(candidate))
            .replay(day.buffer(), day.length(), instruments, orders);
        final long expected = baselineReplay.run().getAsLong();
        candidateReplay.clearBooks();
        final long built = candidateReplay.run().getAsLong();
        if (built != expected)
        {
            throw new IllegalStateException("the two versions build different books: live orders + refusals " +
                built + " against the baseline's " + expected);
        }
    }

    /** Both versions replay the day once, the one that went second last time first. */
    @Benchmark
    public void pair(final Times times, final Blackhole results)
    {
        baselineFirst = !baselineFirst;
        times.pairs++;
        if (baselineFirst)
        {
            times.baselineNs += timed(baselineReplay, results);
            times.candidateNs += timed(candidateReplay, results);
        }
        else
        {
            times.candidateNs += timed(candidateReplay, results);
            times.baselineNs += timed(baselineReplay, results);
        }
    }

    /** @return the nanoseconds one replay took; its result goes to the blackhole, so that the replay is kept. */
    private static long timed(final VersionLoader.Replay replay, final Blackhole results)
    {
        replay.clearBooks();
        final long start = System.nanoTime();
        final long result = replay.run().getAsLong();
        final long took = System.nanoTime() - start;
        results.consume(result);
        return took;
    }
}
