package io.wirebook.lab;

import java.util.concurrent.TimeUnit;

/** Stopping the tools and JVMs the lab starts. */
public final class ChildProcesses
{
    private ChildProcesses()
    {
    }

    /**
     * Asks the process to stop (SIGTERM) and, if it has not within {@code graceSeconds}, kills it (SIGKILL) and
     * waits as long again. Null or already gone: nothing to do.
     */
    public static void stop(final Process process, final long graceSeconds)
    {
        if (null == process || !process.isAlive())
        {
            return;
        }
        process.destroy();
        try
        {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(graceSeconds, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
