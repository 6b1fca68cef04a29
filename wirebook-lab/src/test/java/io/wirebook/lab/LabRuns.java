package io.wirebook.lab;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;

import io.wirebook.report.PathResult;
import io.wirebook.report.ResultsJson;
import io.wirebook.report.RunResult;
import io.wirebook.rx.paths.RxPaths;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers for whole bench runs on a lab network of their own. */
final class LabRuns
{
    private LabRuns()
    {
    }

    /**
     * Runs the plan on a lab network with this prefix (removed when the run ends), prints the run's log and writes
     * its results.json into the plan's output directory.
     */
    static RunResult run(final BenchRunner.Plan plan, final String prefix) throws Exception
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final RunResult run;
        try (LabHosts hosts = LabHosts.open(prefix, new PrintStream(log, true)))
        {
            run = new BenchRunner(plan, hosts, new PrintStream(log, true)).run();
        }
        System.out.println(log);
        Files.writeString(plan.out().resolve("results.json"), ResultsJson.write(run));
        return run;
    }

    /** True, once checked that the run skipped it, for a path this host lacks the prerequisites of. */
    static boolean skippedHere(final PathResult path)
    {
        if (RxPaths.prerequisitesMissing(path.path()) == null)
        {
            return false;
        }
        assertThat(path.status()).as(path.path()).isEqualTo(PathResult.SKIPPED);
        return true;
    }
}
