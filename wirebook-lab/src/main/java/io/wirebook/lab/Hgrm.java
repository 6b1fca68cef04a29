package io.wirebook.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.report.PathResult;
import org.HdrHistogram.Histogram;

/** Writes a path's histograms as HdrHistogram .hgrm percentile files (values in microseconds). */
public final class Hgrm
{
    private Hgrm()
    {
    }

    public static void write(final Path dir, final PathResult result) throws IOException
    {
        write(dir.resolve("send_to_book.hgrm"), result.all().latencyHistogram());
        if (result.all().arrivalHistogram() != null)
        {
            write(dir.resolve("arrival_to_book.hgrm"), result.all().arrivalHistogram());
        }
    }

    private static void write(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8"))
        {
            histogram.outputPercentileDistribution(out, 1000.0);
        }
    }
}
