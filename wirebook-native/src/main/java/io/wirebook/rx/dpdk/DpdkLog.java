package io.wirebook.rx.dpdk;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;

import io.wirebook.sys.BpfLibraryLogs;
import io.wirebook.sys.CookieStream;
import io.wirebook.sys.NativeLines;

/**
 * DPDK's log (EAL and the drivers, "EAL: ..." lines on stdout by default) to the {@link System.Logger}
 * {@value #LOGGER}, through a {@code FILE *} of {@link CookieStream} given to {@code rte_openlog_stream}; and, for
 * the net_af_xdp driver, libbpf's and libxdp's prints to theirs. rte_vlog flushes after each message, so each
 * write is one message, at the level {@code rte_log_cur_msg_loglevel} tells on the thread that logs it.
 */
final class DpdkLog
{
    static final String LOGGER = "io.wirebook.native.dpdk";

    /** RTE_LOG_* of rte_log.h. */
    static final int RTE_LOG_ERR = 4;
    static final int RTE_LOG_WARNING = 5;
    static final int RTE_LOG_INFO = 7;

    private static final Logger LOG = System.getLogger(LOGGER);
    private static boolean routed;
    private static volatile String lastProblem;

    private DpdkLog()
    {
    }

    /** Routes the logs; idempotent. Call it before rte_eal_init, whose first lines would go to stdout otherwise. */
    static synchronized void route()
    {
        if (routed)
        {
            return;
        }
        BpfLibraryLogs.routeLibbpf();
        BpfLibraryLogs.routeLibxdp();
        final MemorySegment file = CookieStream.open(DpdkLog::onWrite);
        try
        {
            final int result = (int)Dpdk.OPENLOG_STREAM.invokeExact(file);
            if (result != 0)
            {
                throw new IllegalStateException("rte_openlog_stream returned " + result);
            }
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_openlog_stream", t);
        }
        routed = true;
    }

    /**
     * The EAL {@code --log-level} that lets through what {@link #LOGGER} would keep and no more, so that DPDK does
     * not format lines that would be dropped.
     */
    static String ealLogLevel()
    {
        if (LOG.isLoggable(Level.DEBUG))
        {
            return "debug";
        }
        if (LOG.isLoggable(Level.INFO))
        {
            return "info";
        }
        return LOG.isLoggable(Level.WARNING) ? "warning" : "error";
    }

    static Level level(final int rteLevel)
    {
        if (rteLevel <= RTE_LOG_ERR)
        {
            return Level.ERROR;
        }
        if (rteLevel == RTE_LOG_WARNING)
        {
            return Level.WARNING;
        }
        return rteLevel <= RTE_LOG_INFO ? Level.INFO : Level.DEBUG;
    }

    /**
     * The last warning or error DPDK logged, whether the logger showed it or not, for a failure's message:
     * {@code " (DPDK: <line>)"}, or empty when there was none.
     */
    static String lastProblem()
    {
        final String line = lastProblem;
        return line == null ? "" : " (DPDK: " + line + ")";
    }

    private static void onWrite(final String text)
    {
        final int rteLevel = currentMessageLevel();
        if (rteLevel <= RTE_LOG_WARNING && !text.isBlank())
        {
            lastProblem = text.strip().replace('\n', ' ');
        }
        NativeLines.log(LOG, level(rteLevel), text);
    }

    private static int currentMessageLevel()
    {
        try
        {
            return (int)Dpdk.LOG_CUR_MSG_LOGLEVEL.invokeExact();
        }
        catch (final Throwable t)
        {
            return RTE_LOG_ERR;
        }
    }
}
