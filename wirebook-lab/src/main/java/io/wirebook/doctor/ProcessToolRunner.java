package io.wirebook.doctor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.wirebook.lab.SystemCommand;

/** {@link ToolRunner} over real processes, each given a few seconds; stderr is dropped. */
final class ProcessToolRunner implements ToolRunner
{
    private static final long TIMEOUT_SECONDS = 10;
    /** Where the tools live when a non-root PATH lacks the sbin directories. */

    @Override
    public Result run(final String... argv)
    {
        final String tool = SystemCommand.find(argv[0]);
        if (tool == null)
        {
            return null;
        }
        final String[] command = argv.clone();
        command[0] = tool;
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = null;
        try
        {
            process = builder.start();
            final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                return null;
            }
            return new Result(process.exitValue(), stdout);
        }
        catch (final IOException ex)
        {
            return null;
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
