package io.wirebook.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.wirebook.lab.ChildJvm;

/**
 * Where the CLI's logs go (java.util.logging, the System.Logger backend): stderr, one line each. By default only
 * wirebook's warnings and errors, and of the native libraries' (libbpf, libxdp, DPDK) only their errors: their
 * warnings are about fallbacks wirebook reports itself. Verbose ({@code --verbose}, or the system property
 * {@value ChildJvm#VERBOSE_PROPERTY}{@code =true}, which the lab passes to its child JVMs) shows everything down
 * to DEBUG; {@value ChildJvm#VERBOSE_PROPERTY}{@code =trace} shows TRACE too (libbpf's and libxdp's debug prints).
 */
final class Logging
{
    static final String WIREBOOK = "io.wirebook";
    static final String NATIVE = "io.wirebook.native";
    static final String TRACE = "trace";

    // Held here: java.util.logging keeps its loggers weakly, and a collected one forgets its level.
    private static final Logger WIREBOOK_LOGGER = Logger.getLogger(WIREBOOK);
    private static final Logger NATIVE_LOGGER = Logger.getLogger(NATIVE);
    private static final Handler STDERR = new StderrHandler();

    private Logging()
    {
    }

    /** Configures from the system property: verbose when it is true, everything when it is "trace". */
    static void configure()
    {
        if (TRACE.equals(System.getProperty(ChildJvm.VERBOSE_PROPERTY)))
        {
            configure(Level.ALL, Level.ALL);
        }
        else
        {
            configure(Boolean.getBoolean(ChildJvm.VERBOSE_PROPERTY));
        }
    }

    /** Turns verbose on (unless it traces already), for this JVM and the lab's children it starts. */
    static void verbose()
    {
        if (!TRACE.equals(System.getProperty(ChildJvm.VERBOSE_PROPERTY)))
        {
            System.setProperty(ChildJvm.VERBOSE_PROPERTY, "true");
        }
        configure();
    }

    static void configure(final boolean verbose)
    {
        configure(verbose ? Level.FINE : Level.WARNING, verbose ? Level.FINE : Level.SEVERE);
    }

    private static synchronized void configure(final Level wirebook, final Level libraries)
    {
        STDERR.setFormatter(new OneLineFormatter());
        STDERR.setLevel(Level.ALL);
        WIREBOOK_LOGGER.setUseParentHandlers(false);
        WIREBOOK_LOGGER.removeHandler(STDERR);
        WIREBOOK_LOGGER.addHandler(STDERR);
        WIREBOOK_LOGGER.setLevel(wirebook);
        NATIVE_LOGGER.setLevel(libraries);
    }

    /** Writes to the System.err of the moment (not of when it was made, as ConsoleHandler does). */
    private static final class StderrHandler extends Handler
    {
        @Override
        public void publish(final LogRecord record)
        {
            if (isLoggable(record))
            {
                System.err.print(getFormatter().format(record));
                System.err.flush();
            }
        }

        @Override
        public void flush()
        {
            System.err.flush();
        }

        @Override
        public void close()
        {
            flush();
        }
    }
}
