package io.wirebook.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.wirebook.lab.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingTest
{
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ";

    private final PrintStream stderr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void captureStderr()
    {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setErr(stderr);
        System.clearProperty(ChildJvm.VERBOSE_PROPERTY);
        Logging.configure(false);
    }

    @Test
    void byDefaultOnlyWirebooksWarningsAndTheLibrariesErrorsAppearOneLineEach()
    {
        Logging.configure(false);

        System.getLogger("io.wirebook.rx.xdp").log(Level.WARNING, "af-xdp: no 2 MiB hugepages\nfor the UMEM");
        System.getLogger("io.wirebook.rx.xdp").log(Level.INFO, "not shown");
        System.getLogger("io.wirebook.native.libbpf").log(Level.WARNING, "libbpf: not shown either");
        System.getLogger("io.wirebook.native.dpdk").log(Level.ERROR, "EAL: Cannot get hugepage information.");
        System.getLogger("io.wirebook.feed.FeedHandler").log(Level.ERROR, "feed handler error",
            new IllegalStateException("listener failed", new ArithmeticException("/ by zero")));

        assertThat(lines()).satisfiesExactly(
            l -> assertThat(l).matches(TIME + "WARNING rx\\.xdp: af-xdp: no 2 MiB hugepages for the UMEM"),
            l -> assertThat(l).matches(TIME + "ERROR dpdk: EAL: Cannot get hugepage information\\."),
            l -> assertThat(l).matches(TIME + "ERROR feed\\.FeedHandler: feed handler error "
                + "\\(java\\.lang\\.IllegalStateException: listener failed; caused by "
                + "java\\.lang\\.ArithmeticException: / by zero\\)"));
    }

    @Test
    void verboseShowsEverythingDownToDebugAndIsPassedToChildren()
    {
        new picocli.CommandLine(new ReceiveCommand()).parseArgs("--verbose", "--path", "socket", "--channel",
            "239.1.1.1:12345", "--interface", "lo", "--address", "127.0.0.1", "--out", "/tmp/unused");

        System.getLogger("io.wirebook.native.libbpf").log(Level.DEBUG, "libbpf: loading object");
        System.getLogger("io.wirebook.native.dpdk").log(Level.INFO, "EAL: Detected CPU lcores: 2");
        System.getLogger("io.wirebook.rx.xdp").log(Level.TRACE, "not shown");

        assertThat(lines()).satisfiesExactly(
            l -> assertThat(l).matches(TIME + "DEBUG libbpf: libbpf: loading object"),
            l -> assertThat(l).matches(TIME + "INFO dpdk: EAL: Detected CPU lcores: 2"));
        assertThat(Boolean.getBoolean(ChildJvm.VERBOSE_PROPERTY)).isTrue();
    }

    @Test
    void traceShowsTheLibrariesDebugPrintsToo()
    {
        System.setProperty(ChildJvm.VERBOSE_PROPERTY, "trace");
        new picocli.CommandLine(new ReceiveCommand()).parseArgs("--verbose", "--path", "socket", "--channel",
            "239.1.1.1:12345", "--interface", "lo", "--address", "127.0.0.1", "--out", "/tmp/unused");

        System.getLogger("io.wirebook.native.libbpf").log(Level.TRACE, "sec '.relxdp': relo #9");

        assertThat(lines()).singleElement().asString().matches(TIME + "TRACE libbpf: sec '\\.relxdp': relo #9");
        assertThat(System.getProperty(ChildJvm.VERBOSE_PROPERTY)).isEqualTo("trace");
    }

    @Test
    void withoutTheFlagNothingTurnsVerbose()
    {
        new picocli.CommandLine(new ReceiveCommand()).parseArgs("--path", "socket", "--channel",
            "239.1.1.1:12345", "--interface", "lo", "--address", "127.0.0.1", "--out", "/tmp/unused");

        assertThat(System.getProperty(ChildJvm.VERBOSE_PROPERTY)).isNull();
    }

    private List<String> lines()
    {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
