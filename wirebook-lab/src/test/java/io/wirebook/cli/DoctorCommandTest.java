package io.wirebook.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The real command on this host: it reads, never changes, the host (and the lab's namespace if it is up). */
class DoctorCommandTest
{
    @Test
    void onThisHostEveryCheckPrintsALineAndTheExitSaysWhetherOneFailed()
    {
        final CommandRun text = CommandRun.of("doctor");
        final String[] lines = text.out().split("\n");
        assertThat(lines).hasSize(22);
        assertThat(lines[lines.length - 1]).matches("21 checks \\(poll CPU 1, interface .+\\): .*");
        for (int i = 0; i < lines.length - 1; i++)
        {
            assertThat(lines[i]).matches("(OK  |WARN|FAIL|SKIP)  [a-z_-]+ +\\S.*");
        }
        assertThat(text.status()).isEqualTo(text.out().contains("\nFAIL  ") || text.out().startsWith("FAIL") ? 1 : 0);

        final CommandRun json = CommandRun.of("doctor", "--json");
        assertThat(json.status()).isEqualTo(text.status());
        assertThat(json.out()).startsWith("{").contains("\"checks\": [", "\"summary\": {");
    }

    @Test
    void onThisVmItWarnsAboutNohzFullAndTheVm() throws IOException
    {
        assumeThat(Files.readString(Path.of("/proc/cpuinfo"))).contains(" hypervisor");
        assumeThat(Path.of("/sys/devices/system/cpu/nohz_full")).doesNotExist();
        final String out = CommandRun.of("doctor").out();
        assertThat(out).containsPattern("(?m)^WARN  nohz_full ").containsPattern("(?m)^WARN  vm ");
    }
}
