package io.wirebook.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The real command on this host: it reads, never changes, the host (and the lab's namespace if it is up). */
class DoctorCommandTest
{
    private record Run(int exit, String out)
    {
    }

    private static Run run(final String... args)
    {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            final int exit = Main.execute(args);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(stdout);
        }
    }

    @Test
    void wrongArgumentsExitWithStatus2()
    {
        assertThat(run("doctor", "--cpu", "-1").exit()).isEqualTo(2);
        assertThat(run("doctor", "--cpu", "4096").exit()).isEqualTo(2);
        assertThat(run("doctor", "--cpu", "one").exit()).isEqualTo(2);
        assertThat(run("doctor", "--netns", "wb-host").exit()).isEqualTo(2);
        assertThat(run("doctor", "--interface", "wb-no-such-if0").exit()).isEqualTo(2);
    }

    @Test
    void onThisHostEveryCheckPrintsALineAndTheExitSaysWhetherOneFailed()
    {
        final Run text = run("doctor");
        final String[] lines = text.out().split("\n");
        assertThat(lines).hasSize(21);
        assertThat(lines[lines.length - 1]).matches("20 checks \\(poll CPU 1, interface .+\\): .*");
        for (int i = 0; i < lines.length - 1; i++)
        {
            assertThat(lines[i]).matches("(OK  |WARN|FAIL|SKIP)  [a-z_-]+ +\\S.*");
        }
        assertThat(text.exit()).isEqualTo(text.out().contains("\nFAIL  ") || text.out().startsWith("FAIL") ? 1 : 0);

        final Run json = run("doctor", "--json");
        assertThat(json.exit()).isEqualTo(text.exit());
        assertThat(json.out()).startsWith("{").contains("\"checks\": [", "\"summary\": {");
    }

    @Test
    void onThisVmItWarnsAboutNohzFullAndTheVm() throws IOException
    {
        assumeThat(Files.readString(Path.of("/proc/cpuinfo"))).contains(" hypervisor");
        assumeThat(Path.of("/sys/devices/system/cpu/nohz_full")).doesNotExist();
        final String out = run("doctor").out();
        assertThat(out).containsPattern("(?m)^WARN  nohz_full ").containsPattern("(?m)^WARN  vm ");
    }
}
