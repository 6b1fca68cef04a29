package io.wirebook.cli;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bookbench", mixinStandardHelpOptions = true,
    description = {"JMH: decodes a simulated trading day and builds the books with wirebook and with parity-book,",
        "fed the same messages in the same run, with -prof gc, in three alternating rounds pinned to the last CPU.",
        "Writes DIR/bookbench.json (profile, messages, peak_live_orders, ns_per_msg, bytes_per_msg, each round's",
        "figures, the median ratio). The day: the lab's (default), --profile nasdaq (a NASDAQ-scale day of",
        "--messages, peak 2M live orders at 60M), or --file FILE, a BinaryFILE such as NASDAQ's or simulate's.",
        "With --against CORE it times instead what a change costs: the lab day built by this wirebook-core and by",
        "CORE, in one JVM, taking turns in parts of 100,000 messages, 4 forks with each loaded first, and writes",
        "DIR/bookbench-paired.json.",
        "Example: wirebook bookbench --profile nasdaq --out results/bookbench-nasdaq",
        "Example: wirebook bookbench --against \"$(scripts/core-at.sh 95fd049)\" --out results/paired"})
public final class BookbenchCommand implements Callable<Integer>
{
    @Option(names = "--out", required = true, description = "Directory for bookbench.json.")
    Path out;

    @Option(names = "--quick", description = "Very short iterations (a smoke test, not a measurement).")
    boolean quick;

    @Option(names = "--profile", defaultValue = "lab", description = "lab or nasdaq (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--messages", defaultValue = "60000000",
        description = "The nasdaq profile's messages, Stock Directory included (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--file", paramLabel = "FILE", description = "Benchmark this BinaryFILE (plain or .gz) instead.")
    Path file;

    @Option(names = "--against", paramLabel = "CORE", description = "Time this wirebook-core against CORE, another" +
        " version's wirebook-core jar or classes directory (scripts/core-at.sh REV builds one), on the lab day.")
    Path against;

    @Override
    public Integer call() throws Exception
    {
        if (!"lab".equals(profile) && !"nasdaq".equals(profile))
        {
            System.err.println("wirebook bookbench: unknown --profile " + profile + "; valid: lab, nasdaq");
            return 2;
        }
        if (file != null && !Files.isReadable(file))
        {
            System.err.println("wirebook bookbench: cannot read " + file + "; give a BinaryFILE (.itch or .itch.gz)");
            return 2;
        }
        if ("nasdaq".equals(profile) && (messages <= 8_713 || messages > 66_000_000))
        {
            System.err.println("wirebook bookbench: --messages must be above 8,713 (the Stock Directory) and at " +
                "most 66,000,000 (a day fits in 2 GiB)");
            return 2;
        }
        if (against != null && !Files.exists(against))
        {
            System.err.println("wirebook bookbench: no wirebook-core at " + against +
                "; fix: give a jar or classes directory, e.g. the path scripts/core-at.sh REV prints");
            return 2;
        }
        if (against != null && (file != null || !"lab".equals(profile)))
        {
            System.err.println("wirebook bookbench: --against times the lab day only; drop --profile and --file");
            return 2;
        }
        final Class<?> bench;
        try
        {
            bench = Class.forName("io.wirebook.bench.BookBench");
        }
        catch (final ClassNotFoundException ex)
        {
            System.err.println("wirebook: the benchmark module is not on the class path; " +
                "fix: run it through ./wirebook (it builds wirebook-bench)");
            return 1;
        }
        if (against != null)
        {
            final Method paired = Class.forName("io.wirebook.bench.PairedBookBench")
                .getMethod("run", Path.class, Path.class, Path.class, boolean.class);
            return (Integer)paired.invoke(null, out, against, null, quick);
        }
        final Class<?> day = Class.forName("io.wirebook.bench.BookBench$Day");
        final Object asked = day.getConstructor(String.class, long.class, Path.class)
            .newInstance(file != null ? "file" : profile, messages, file);
        final Method run = bench.getMethod("run", Path.class, boolean.class, day);
        return (Integer)run.invoke(null, out, quick, asked);
    }
}
