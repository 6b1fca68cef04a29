package io.wirebook.rx.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.logging.Level;

import io.wirebook.sys.CapturedLog;
import io.wirebook.sys.StdioCapture;
import org.junit.jupiter.api.Test;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** DPDK's rte_log lines reach the logger at their level and not stdout or stderr; no EAL needed to log. */
class DpdkLogTest
{
    /** RTE_LOGTYPE_EAL of rte_log.h. */
    private static final int LOGTYPE_EAL = 0;

    @Test
    void rteLogLinesGoToTheLoggerAtTheirLevel() throws Throwable
    {
        assumeTrue(Dpdk.librariesPresent(), Dpdk.INSTALL_FIX);
        final MethodHandle rteLog = Linker.nativeLinker().downcallHandle(
            SymbolLookup.libraryLookup(Dpdk.EAL_LIBRARY, Arena.global()).findOrThrow("rte_log"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(3));
        DpdkLog.route();
        final String printed;
        try (CapturedLog log = CapturedLog.of(DpdkLog.LOGGER); Arena arena = Arena.ofConfined())
        {
            try (StdioCapture stdio = StdioCapture.start())
            {
                final int error = (int)rteLog.invokeExact(DpdkLog.RTE_LOG_ERR, LOGTYPE_EAL,
                    arena.allocateFrom("EAL: wirebook test error %d\n"), 42);
                final int warning = (int)rteLog.invokeExact(DpdkLog.RTE_LOG_WARNING, LOGTYPE_EAL,
                    arena.allocateFrom("EAL: two\nlines %d\n"), 7);
                printed = stdio.stop();
            }
            assertThat(log.lines()).containsExactly(
                "SEVERE EAL: wirebook test error 42", "WARNING EAL: two", "WARNING lines 7");
            assertThat(DpdkLog.lastProblem()).isEqualTo(" (DPDK: EAL: two lines 7)");
        }
        assertThat(printed).isEmpty();
    }

    @Test
    void ealLogLevelIsWhatTheLoggerKeeps()
    {
        try (CapturedLog log = CapturedLog.of(DpdkLog.LOGGER, Level.WARNING))
        {
            assertThat(DpdkLog.ealLogLevel()).isEqualTo("warning");
        }
        try (CapturedLog log = CapturedLog.of(DpdkLog.LOGGER, Level.INFO))
        {
            assertThat(DpdkLog.ealLogLevel()).isEqualTo("info");
        }
        try (CapturedLog log = CapturedLog.of(DpdkLog.LOGGER, Level.FINE))
        {
            assertThat(DpdkLog.ealLogLevel()).isEqualTo("debug");
        }
        try (CapturedLog log = CapturedLog.of(DpdkLog.LOGGER, Level.SEVERE))
        {
            assertThat(DpdkLog.ealLogLevel()).isEqualTo("error");
        }
    }

    @Test
    void rteLevelsMapToLoggerLevels()
    {
        assertThat(DpdkLog.level(1)).isEqualTo(System.Logger.Level.ERROR);
        assertThat(DpdkLog.level(DpdkLog.RTE_LOG_ERR)).isEqualTo(System.Logger.Level.ERROR);
        assertThat(DpdkLog.level(DpdkLog.RTE_LOG_WARNING)).isEqualTo(System.Logger.Level.WARNING);
        assertThat(DpdkLog.level(6)).isEqualTo(System.Logger.Level.INFO);
        assertThat(DpdkLog.level(DpdkLog.RTE_LOG_INFO)).isEqualTo(System.Logger.Level.INFO);
        assertThat(DpdkLog.level(8)).isEqualTo(System.Logger.Level.DEBUG);
    }
}
