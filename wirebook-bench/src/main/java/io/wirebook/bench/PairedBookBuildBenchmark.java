package io.wirebook.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongBinaryOperator;

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
 * {@link BookBuildBenchmark#wirebook}'s day, built by two versions of wirebook's books in the same JVM, taking turns
 * part by part: what a change costs, with the host's noise (which on a shared machine drifts within a second, and
 * between forks by more than the change) falling on both versions alike.
 *
 * <p>Each version is loaded by a {@link VersionLoader} of its own, so each is compiled and profiled on its own. An
 * invocation empties both versions' books, then replays the day in parts of {@link #partMessages} messages: each
 * part with one version and then the other, the order swapped at every part, each part timed on its own. The
 * figures are the {@link Times} counters: per iteration, the nanoseconds each version took, from which
 * {@link PairedBookBench} makes ns/msg and the ratio.
 *
 * <p><b>Why parts.</b> A whole replay took 100 to 360 ms, and on a shared host the speed of memory changes within
 * that: with a whole replay of each version in turn, the ratio of one 1-second iteration to the next had a spread
 * (standard deviation) of 13 to 16% within a fork; with parts of 100,000 messages (9 to 16 ms each), 3 to 4%. Parts
 * that long leave the other version's turn, which takes over the caches, little of each part's time.
 *
 * <p><b>Why {@link #candidateFirst}.</b> Forks differ by more than the changes measured: two copies of one jar came
 * out 0.92x to 1.14x apart, fork by fork. {@link PairedBookBench} loads the candidate first in half its forks and
 * second in the others, so that whatever the order gives one version falls on both.
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
    /** Messages in each part that the versions take turns over. */
    @Param("100000")
    public int partMessages;
    /** Whether the candidate is loaded (classes, books, first replay) before the baseline. */
    @Param("false")
    public boolean candidateFirst;

    private VersionLoader.Replay baselineReplay;
    private VersionLoader.Replay candidateReplay;
    /** Where the parts start and end: see {@link DayReplay#boundaries}. */
    private int[] parts;
    /** Which version replays the next part first; flips at every part, across invocations too. */
    private boolean baselineFirst;

    /** Nanoseconds of each version's parts in the iteration, summed; JMH reports them per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times
    {
        public long baselineNs;
        public long candidateNs;
        /** Invocations: days that each version replayed. */
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
        final Path candidateCore = candidate.isEmpty() ? VersionLoader.location(Books.class) : Path.of(candidate);
        final VersionLoader.Replay first = load(candidateFirst ? "candidate" : "baseline",
            candidateFirst ? candidateCore : Path.of(baseline), day);
        final long expected = first.run().getAsLong();
        final VersionLoader.Replay second = load(candidateFirst ? "baseline" : "candidate",
            candidateFirst ? Path.of(baseline) : candidateCore, day);
        final long built = second.run().getAsLong();
        if (built != expected)
        {
            throw new IllegalStateException("the two versions build different books: live orders + refusals " +
                built + " (loaded second) against " + expected);
        }
        baselineReplay = candidateFirst ? second : first;
        candidateReplay = candidateFirst ? first : second;
        parts = DayReplay.boundaries(day.buffer(), day.length(), partMessages);
    }

    private static VersionLoader.Replay load(final String name, final Path core, final TradingDay day)
        throws IOException
    {
        return VersionLoader.of(name, core).replay(day.buffer(), day.length(), BookBuildBenchmark.INSTRUMENTS,
            BookBuildBenchmark.EXPECTED_LIVE_ORDERS);
    }

    /** Both versions replay the day, part by part, taking turns. */
    @Benchmark
    public void pair(final Times times, final Blackhole results)
    {
        final LongBinaryOperator baseline = baselineReplay.parts();
        final LongBinaryOperator candidate = candidateReplay.parts();
        baselineReplay.clearBooks();
        candidateReplay.clearBooks();
        final int[] parts = this.parts;
        long baselineNs = 0;
        long candidateNs = 0;
        boolean baselineFirst = this.baselineFirst;
        for (int i = 1; i < parts.length; i++)
        {
            final int from = parts[i - 1];
            final int to = parts[i];
            if (baselineFirst)
            {
                baselineNs += timed(baseline, from, to);
                candidateNs += timed(candidate, from, to);
            }
            else
            {
                candidateNs += timed(candidate, from, to);
                baselineNs += timed(baseline, from, to);
            }
            baselineFirst = !baselineFirst;
        }
        this.baselineFirst = baselineFirst;
        times.pairs++;
        times.baselineNs += baselineNs;
        times.candidateNs += candidateNs;
        // An empty part: each version's live orders plus refusals after the day, so that nothing is thrown away.
        final int end = parts[parts.length - 1];
        results.consume(baseline.applyAsLong(end, end));
        results.consume(candidate.applyAsLong(end, end));
    }

    /** @return the nanoseconds the version took over the messages in {@code [from, to)}. */
    private static long timed(final LongBinaryOperator replay, final int from, final int to)
    {
        final long start = System.nanoTime();
        replay.applyAsLong(from, to);
        return System.nanoTime() - start;
    }
}
