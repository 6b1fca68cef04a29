package io.wirebook.stat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.wirebook.counters.CountersFile;
import org.agrona.concurrent.status.CountersReader;

/**
 * What {@code wirebook stat} prints: every running handler's counters, found by their files in one directory, each
 * with its value and its rate per second since the last sample. Like Aeron's AeronStat, it only reads; a handler's
 * poll thread never knows it is watched.
 */
public final class StatView
{
    private final Path directory;
    private final CounterFilter filter;
    /** The last sample of each counter, by file and counter id, with when it was taken. */
    private final Map<String, long[]> last = new HashMap<>();
    private final Set<Path> seen = new HashSet<>();

    public StatView(final Path directory, final CounterFilter filter)
    {
        this.directory = directory;
        this.filter = filter;
    }

    /**
     * What one sample found.
     *
     * @param handlers the running handlers the filter takes.
     * @param counters the counters shown.
     * @param gone     the files of handlers seen in the last sample and gone since.
     */
    public record Sample(int handlers, int counters, List<String> gone)
    {
    }

    /**
     * Reads every handler's counters once and prints them, with rates where an earlier sample exists.
     *
     * @param print      whether to print at all (false for a first sample that only primes the rates).
     * @param printRates whether to print the rate column.
     */
    public Sample sample(final PrintStream out, final long nowNanos, final boolean print, final boolean printRates)
    {
        int handlers = 0;
        int counters = 0;
        final Set<Path> present = new HashSet<>();
        final List<String> gone = new ArrayList<>();
        for (final Path path : CountersFile.list(directory))
        {
            final Optional<CountersFile> opened = CountersFile.open(path);
            if (opened.isEmpty())
            {
                continue;
            }
            try (CountersFile file = opened.get())
            {
                if (!file.ownerAlive())
                {
                    if (print)
                    {
                        out.printf("stale counters file %s: pid %d is not running (wirebook cleanup removes it)%n",
                            path, file.pid());
                    }
                    continue;
                }
                if (!filter.takesHandler(file.name()))
                {
                    continue;
                }
                present.add(path);
                handlers++;
                if (print)
                {
                    out.printf("== %s  pid %d  up %s  %s%n", file.name(), file.pid(),
                        uptime(System.currentTimeMillis() - file.createdMillis()), path);
                }
                counters += printCounters(out, file, nowNanos, print, printRates);
            }
        }
        for (final Path before : seen)
        {
            if (!present.contains(before))
            {
                gone.add(before.getFileName().toString());
            }
        }
        seen.clear();
        seen.addAll(present);
        return new Sample(handlers, counters, gone);
    }

    /** One counter as read. */
    private record Reading(int id, String label, long value)
    {
    }

    /**
     * Reads every counter the filter takes first, then prints: the values are of one moment, and the rates of one
     * interval, however slowly the lines come out.
     */
    private int printCounters(final PrintStream out, final CountersFile file, final long nowNanos,
        final boolean print, final boolean printRates)
    {
        final CountersReader reader = file.reader();
        final List<Reading> readings = new ArrayList<>();
        reader.forEach((id, typeId, key, label) ->
        {
            if (filter.takes(typeId, key.getInt(0), label))
            {
                readings.add(new Reading(id, label, reader.getCounterValue(id)));
            }
        });
        final String prefix = file.path() + "#";
        for (final Reading reading : readings)
        {
            final long[] before = last.put(prefix + reading.id(), new long[] {reading.value(), nowNanos});
            if (!print)
            {
                continue;
            }
            if (printRates && before != null && nowNanos > before[1])
            {
                final double rate = (reading.value() - before[0]) * 1e9 / (nowNanos - before[1]);
                out.printf("%4d  %-48s %,20d %,14.0f/s%n", reading.id(), reading.label(), reading.value(), rate);
            }
            else
            {
                out.printf("%4d  %-48s %,20d%n", reading.id(), reading.label(), reading.value());
            }
        }
        return readings.size();
    }

    static String uptime(final long millis)
    {
        final Duration d = Duration.ofMillis(Math.max(0, millis));
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart()) :
            d.toMinutes() > 0 ? String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart()) :
            String.format("%ds", d.toSeconds());
    }
}
