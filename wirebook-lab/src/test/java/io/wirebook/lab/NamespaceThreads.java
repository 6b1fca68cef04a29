package io.wirebook.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

import io.wirebook.sys.Netns;

/** Test helpers: open sockets inside a namespace, and wait for things to vanish. */
final class NamespaceThreads
{
    private NamespaceThreads()
    {
    }

    /**
     * Runs {@code body} on a fresh platform thread that has entered {@code ns}. A socket keeps the namespace it was
     * made in, so sockets returned from here may be used from any thread afterwards.
     */
    static <T> T inNamespace(final String ns, final Callable<T> body) throws Exception
    {
        final FutureTask<T> task = new FutureTask<>(() ->
        {
            Netns.enterCurrentThread(ns);
            return body.call();
        });
        final Thread thread = Thread.ofPlatform().name("in-" + ns).start(task);
        thread.join();
        try
        {
            return task.get();
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof Exception cause)
            {
                throw cause;
            }
            throw ex;
        }
    }

    /**
     * A lab prefix unique to this test JVM: the tag plus the pid in base 36 ("tl1" becomes e.g. "tl12iwhs"), so two
     * builds running side by side never clean up each other's networks.
     */
    static String prefix(final String tag)
    {
        return tag + Long.toString(ProcessHandle.current().pid(), 36);
    }

    static boolean namespaceExists(final String name)
    {
        return Files.exists(Path.of("/var/run/netns", name));
    }

    /** Polls until the condition holds or the deadline passes; returns whether it held. */
    static boolean eventually(final long timeoutMs, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
