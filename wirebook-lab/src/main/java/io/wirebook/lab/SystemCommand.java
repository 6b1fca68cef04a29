package io.wirebook.lab;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a system tool (ip, tc, sh) to completion and turns a failure into one line that names the command and
 * quotes its stderr. Not for the hot path: each call forks.
 */
public final class SystemCommand
{
    private static final long TIMEOUT_SECONDS = 20;
    private static final ProcessBuilder.Redirect DEV_NULL = ProcessBuilder.Redirect.from(new File("/dev/null"));
    private static final List<String> SEARCH_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin",
        "/usr/local/bin");

    private SystemCommand()
    {
    }

    /** Result of a command that was allowed to fail. */
    record Result(int exitCode, String stdout, String stderr)
    {
        boolean ok()
        {
            return exitCode == 0;
        }
    }

    /** Runs the command and returns its stdout; throws {@link LabNetworkException} when it exits non-zero. */
    public static String run(final String... argv)
    {
        final Result result = runAllowingFailure(argv);
        if (!result.ok())
        {
            throw new LabNetworkException(
                "'" + String.join(" ", argv) + "' failed (exit " + result.exitCode() + "): " +
                oneLine(result.stderr()));
        }
        return result.stdout();
    }

    static Result runAllowingFailure(final String... argv)
    {
        final ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(DEV_NULL);
        final Process process;
        try
        {
            process = builder.start();
        }
        catch (final IOException ex)
        {
            throw new LabNetworkException("cannot run '" + String.join(" ", argv) + "': " + ex.getMessage(), ex);
        }

        try
        {
            final StreamSink stderr = new StreamSink(process.getErrorStream());
            final Thread stderrReader = Thread.ofVirtual().start(stderr);
            final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new LabNetworkException("'" + String.join(" ", argv) + "' did not finish within " +
                    TIMEOUT_SECONDS + " s");
            }
            stderrReader.join();
            return new Result(process.exitValue(), stdout, stderr.text());
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
            throw new LabNetworkException("'" + String.join(" ", argv) + "' failed: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabNetworkException("interrupted while running '" + String.join(" ", argv) + "'", ex);
        }
    }

    /**
     * The absolute path of a tool, looked up on PATH and then in the sbin directories a non-root PATH lacks; a name
     * with a slash is taken as a path. Null when there is none.
     */
    public static String find(final String tool)
    {
        if (tool.contains("/"))
        {
            return Files.isExecutable(Path.of(tool)) ? tool : null;
        }
        final String path = System.getenv("PATH");
        if (path != null)
        {
            for (final String dir : path.split(":"))
            {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)))
                {
                    return Path.of(dir, tool).toString();
                }
            }
        }
        for (final String dir : SEARCH_DIRS)
        {
            if (Files.isExecutable(Path.of(dir, tool)))
            {
                return Path.of(dir, tool).toString();
            }
        }
        return null;
    }

    static String oneLine(final String text)
    {
        final String trimmed = text.strip();
        return trimmed.isEmpty() ? "(no message)" : trimmed.replaceAll("\\s*\\R\\s*", " | ");
    }

    private static final class StreamSink implements Runnable
    {
        private final InputStream in;
        private volatile String text = "";

        StreamSink(final InputStream in)
        {
            this.in = in;
        }

        public void run()
        {
            try
            {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                text = "(stderr unreadable: " + ex.getMessage() + ")";
            }
        }

        String text()
        {
            return text;
        }
    }
}
