package io.wirebook.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.wirebook.counters.CountersFile;
import io.wirebook.rx.paths.RxPaths;
import io.wirebook.stat.CounterFilter;
import io.wirebook.stat.StatView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stat", mixinStandardHelpOptions = true,
    description = {"Prints the live counters of every feed handler running on this host (a `receive`, a bench's",
        "receiver, a library user's handler), read from their counters files in shared memory, with the rate per",
        "second beside each, once a second; as Aeron's AeronStat does. It never touches the handler's poll thread.",
        "Exit status: 0, or 1 when no handler is running.",
        "Examples: wirebook stat --once",
        "          wirebook stat --channel 0 --filter 'recovery|rejected'"})
public final class StatCommand implements Callable<Integer>
{
    @Option(names = "--once", description = "Print one sample (rates over one interval) and stop.")
    boolean once;

    @Option(names = "--interval-ms", defaultValue = "1000", description = "Time between samples. Default: "
        + "${DEFAULT-VALUE}")
    long intervalMs;

    @Option(names = "--dir", description = "Where the handlers' counters files are. Default: /dev/shm")
    Path directory = CountersFile.DEFAULT_DIRECTORY;

    @Option(names = "--channel", defaultValue = "-1", description = "Only this channel's counters (0 is the first).")
    int channel;

    @Option(names = "--path", description = "Only handlers on this receive path: socket, socket-spin, recvmmsg, "
        + "io-uring, kring, af-xdp or dpdk.")
    String path;

    @Option(names = "--filter", description = "Only counters whose label matches this regular expression.")
    String filter;

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many samples (0: until no handler "
        + "is left).")
    int count;

    @Override
    public Integer call() throws InterruptedException
    {
        final CounterFilter counterFilter = counterFilter();
        final PrintStream out = System.out;
        final StatView view = new StatView(directory, counterFilter);
        StatView.Sample sample = view.sample(out, System.nanoTime(), !once, false);
        if (sample.handlers() == 0)
        {
            return noHandler(out);
        }
        if (once)
        {
            Thread.sleep(intervalMs);
            sample = view.sample(out, System.nanoTime(), true, true);
            return sample.handlers() == 0 ? noHandler(out) : 0;
        }
        for (int n = 1; count == 0 || n < count; n++)
        {
            Thread.sleep(intervalMs);
            out.println();
            sample = view.sample(out, System.nanoTime(), true, true);
            sample.gone().forEach(file -> out.println("handler gone: " + file));
            if (sample.handlers() == 0)
            {
                out.println("no handler left; stat stops");
                return 0;
            }
        }
        return 0;
    }

    private int noHandler(final PrintStream out)
    {
        out.println("no wirebook handler is running: no live counters file in " + directory +
            " (start one: wirebook receive ..., or wirebook bench ...)");
        return 1;
    }

    private CounterFilter counterFilter()
    {
        if (intervalMs < 100)
        {
            throw new IllegalArgumentException("--interval-ms must be at least 100, got " + intervalMs);
        }
        if (count < 0 || channel < -1)
        {
            throw new IllegalArgumentException("--count and --channel must not be negative");
        }
        if (path != null && !RxPaths.NAMES.contains(path))
        {
            throw new IllegalArgumentException("--path must be one of " + String.join(", ", RxPaths.NAMES) +
                ", got " + path);
        }
        try
        {
            return new CounterFilter(channel, path, filter == null ? null : Pattern.compile(filter));
        }
        catch (final PatternSyntaxException ex)
        {
            throw new IllegalArgumentException("--filter is not a regular expression: " +
                ex.getDescription() + " in " + filter);
        }
    }
}
