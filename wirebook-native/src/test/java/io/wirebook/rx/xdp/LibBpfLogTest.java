package io.wirebook.rx.xdp;

import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.sys.BpfLibraryLogs;
import io.wirebook.sys.CapturedLog;
import io.wirebook.sys.NativeException;
import io.wirebook.sys.StdioCapture;
import io.wirebook.sys.VaListFormatter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** libbpf's prints go to the logger, formatted, at their level, and nothing reaches stdout or stderr. */
class LibBpfLogTest
{
    private static final String MISSING = "/nonexistent/wirebook-test.o";

    @Test
    void aFailingOpenIsLoggedAsAWarningAndPrintsNothing() throws Exception
    {
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libbpf.so.1")), AfXdpRxPath.INSTALL_LIBS);
        assumeTrue(VaListFormatter.supported(), "the va_list layout is x86-64 System V's");
        final LibBpf bpf = LibBpf.load();
        final String printed;
        try (CapturedLog log = CapturedLog.of(BpfLibraryLogs.LIBBPF_LOGGER))
        {
            try (StdioCapture stdio = StdioCapture.start())
            {
                assertThatThrownBy(() -> bpf.openFile(MISSING)).isInstanceOf(NativeException.class);
                printed = stdio.stop();
            }
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARNING ")
                .contains("failed to open " + MISSING).doesNotContain("libbpf: ").doesNotEndWith("\n"));
        }
        assertThat(printed).isEmpty();
    }

    @Test
    void routingIsIdempotent()
    {
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libbpf.so.1")), AfXdpRxPath.INSTALL_LIBS);
        assumeTrue(VaListFormatter.supported(), "the va_list layout is x86-64 System V's");

        assertThat(BpfLibraryLogs.routeLibbpf()).isTrue();
        assertThat(BpfLibraryLogs.routeLibbpf()).isTrue();
    }
}
