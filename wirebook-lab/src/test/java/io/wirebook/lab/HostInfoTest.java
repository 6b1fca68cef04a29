package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.report.HtmlReport;
import io.wirebook.report.RunResult;
import io.wirebook.sys.Libc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostInfoTest
{
    @Test
    void countsTheCpusOfAKernelCpuList()
    {
        assertThat(HostInfo.countCpus("0-1\n")).isEqualTo(2);
        assertThat(HostInfo.countCpus("0")).isEqualTo(1);
        assertThat(HostInfo.countCpus("0,2-5,8-9")).isEqualTo(7);
    }

    @Test
    void theOnlineListIsOneTasksetTakesAndNamesEveryCpuTheKernelCounts()
    {
        final String list = HostInfo.onlineCpuList();

        assertThat(list).matches("[0-9][0-9,-]*");
        assertThat(HostInfo.countCpus(list)).isEqualTo(HostInfo.countCpus(readOnline()));
    }

    private static String readOnline()
    {
        try
        {
            return Files.readString(Path.of(HostInfo.ONLINE_CPUS));
        }
        catch (final IOException ex)
        {
            return "0";
        }
    }

    @Test
    void anUnreadableListFallsBackToTheCpusThisProcessMayUse()
    {
        assertThat(HostInfo.countCpus("unknown")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(HostInfo.countCpus("")).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    /** The launcher pins bench to CPU 0: the host still has all its CPUs. */
    @Test
    void theHostsCpusAreCountedEvenWhenThisThreadMayUseOnlyOne() throws Exception
    {
        final int online = HostInfo.countCpus(Files.readString(Path.of(HostInfo.ONLINE_CPUS)));
        final long before = Libc.affinity(0);
        Libc.pinCurrentThread(0);
        try
        {
            assertThat(Runtime.getRuntime().availableProcessors()).isEqualTo(1);
            final Map<String, Object> host = HostInfo.describe("lab");
            assertThat(host).containsEntry("cpus", online);
            assertThat(HtmlReport.html(new RunResult("single", 50_000, 3, 3, 1, host, List.of(), List.of(), Map.of())))
                .contains(" · " + online + " CPUs (");
        }
        finally
        {
            Libc.setAffinity(0, before);
        }
    }
}
