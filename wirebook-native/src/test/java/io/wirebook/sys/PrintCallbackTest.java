package io.wirebook.sys;

import java.lang.foreign.Arena;
import java.util.logging.Level;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PrintCallbackTest
{
    private static final String LOGGER = "io.wirebook.native.test";

    private final Arena arena = Arena.ofAuto();

    @BeforeEach
    void onX86()
    {
        assumeTrue(VaListFormatter.supported(), "the va_list layout is x86-64 System V's");
    }

    @Test
    void eachLevelGoesToItsLoggerLevelWithoutTheLibrarysPrefix()
    {
        final PrintCallback callback = new PrintCallback(System.getLogger(LOGGER), "libbpf: ");
        try (CapturedLog log = CapturedLog.of(LOGGER))
        {
            callback.print(PrintCallback.LIBRARY_WARN, arena.allocateFrom("libbpf: prog '%s': failed to load: %d\n"),
                VaLists.of(arena, arena.allocateFrom("xdp_pass"), -1L));
            callback.print(PrintCallback.LIBRARY_INFO, arena.allocateFrom("elf: skipping section(%d)\n"),
                VaLists.of(arena, 8L));
            callback.print(PrintCallback.LIBRARY_DEBUG, arena.allocateFrom("libbpf: relo #%d\n"),
                VaLists.of(arena, 9L));

            assertThat(log.lines()).containsExactly("WARNING prog 'xdp_pass': failed to load: -1",
                "INFO elf: skipping section(8)", "FINER relo #9");
        }
    }

    @Test
    void aMessageTheLoggerDropsIsNotLogged()
    {
        final PrintCallback callback = new PrintCallback(System.getLogger(LOGGER), "libbpf: ");
        try (CapturedLog log = CapturedLog.of(LOGGER, Level.WARNING))
        {
            assertThat(callback.print(PrintCallback.LIBRARY_INFO, arena.allocateFrom("libbpf: %s\n"),
                VaLists.of(arena, arena.allocateFrom("dropped")))).isZero();

            assertThat(log.lines()).isEmpty();
        }
    }
}
