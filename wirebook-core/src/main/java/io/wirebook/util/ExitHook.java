package io.wirebook.util;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work that must happen when the JVM exits (Ctrl-C, SIGTERM, the end of main) if its owner has not done it first:
 * removing files, restoring what a run changed on the host. The one way wirebook registers a shutdown hook.
 *
 * <p>The action runs at most once, on its own thread, and nothing it throws leaves the hook: the error goes to
 * standard error, because the JDK's logging may already be shutting down beside it. An owner that closes normally
 * {@link #close() closes} the hook, and the action does not run at exit; once the JVM is exiting, close leaves
 * the hook to run. A SIGKILL runs nothing: whoever starts the process cleans up after it.
 */
public final class ExitHook implements AutoCloseable
{
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ExitHook(final String name, final Runnable action)
    {
        thread = new Thread(() -> run(name, action), name);
    }

    /**
     * Runs {@code action} at JVM exit unless the returned hook is closed first. Registered while the JVM is already
     * exiting, the action does not run: its owner is still running and closes it.
     *
     * @param name the hook thread's name, shown in a thread dump and with any error the action throws.
     */
    public static ExitHook register(final String name, final Runnable action)
    {
        final ExitHook hook = new ExitHook(name, action);
        try
        {
            Runtime.getRuntime().addShutdownHook(hook.thread);
        }
        catch (final IllegalStateException ex)
        {
            hook.closed.set(true);
        }
        return hook;
    }

    /** The action will not run at exit; idempotent, and harmless from the action itself or once the JVM exits. */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(thread);
            }
            catch (final IllegalStateException ex)
            {
                // The JVM is exiting: the hook runs, or is running, the action once.
            }
        }
    }

    private static void run(final String name, final Runnable action)
    {
        try
        {
            action.run();
        }
        catch (final Throwable t)
        {
            System.err.println("wirebook: " + name + ": " + t);
        }
    }
}
