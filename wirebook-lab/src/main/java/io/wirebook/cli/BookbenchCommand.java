package io.wirebook.cli;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bookbench", mixinStandardHelpOptions = true,
    description = {"JMH: decodes a simulated trading day and builds the books with wirebook and with parity-book,",
        "fed the same messages in the same run, with -prof gc, in three alternating rounds pinned to the last CPU.",
        "Writes DIR/bookbench.json (ns_per_msg, bytes_per_msg, each round's figures, the median ratio).",
        "Example: wirebook bookbench --out results/bookbench"})
public final class BookbenchCommand implements Callable<Integer>
{
    @Option(names = "--out", required = true, description = "Directory for bookbench.json.")
    Path out;

    @Option(names = "--quick", description = "Very short iterations (a smoke test, not a measurement).")
    boolean quick;

    @Override
    public Integer call() throws Exception
    {
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
        final Method run = bench.getMethod("run", Path.class, boolean.class);
        return (Integer)run.invoke(null, out, quick);
    }
}
