package io.wirebook.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HostParsersTest
{
    @TempDir
    Path root;

    @Test
    void cpuListsRoundTripAndIgnoreFlags()
    {
        final BitSet cpus = CpuList.parse("nohz,domain,managed_irq,1-3,8,10-11");
        assertThat(cpus.stream().toArray()).containsExactly(1, 2, 3, 8, 10, 11);
        assertThat(CpuList.format(cpus)).isEqualTo("1-3,8,10-11");
        assertThat(CpuList.format(CpuList.parse("(null)"))).isEqualTo("none");
        assertThat(CpuList.parse(null).isEmpty()).isTrue();
    }

    @Test
    void theCommandLineStopsWhereInitsArgumentsBegin()
    {
        final KernelCmdline cmdline = KernelCmdline.parse("quiet isolcpus=1 nohz_full=1 idle=halt idle=poll -- " +
            "--rcu_nocbs=1 single");
        assertThat(cmdline.value("isolcpus")).isEqualTo("1");
        assertThat(cmdline.value("idle")).isEqualTo("poll");
        assertThat(cmdline.value("quiet")).isEmpty();
        assertThat(cmdline.has("single")).isFalse();
        assertThat(cmdline.value("rcu_nocbs")).isNull();
    }

    @Test
    void theKernelConfigComesFromBootOrFromProcConfigGz() throws IOException
    {
        final FakeHost host = FakeHost.tuned(root);
        final KernelConfig boot = KernelConfig.load(host.files());
        assertThat(boot.source()).isEqualTo("/boot/config-6.1.0-18-amd64");
        assertThat(boot.value("CONFIG_HZ")).isEqualTo("1000");
        assertThat(boot.enabled("CONFIG_RCU_NOCB_CPU_DEFAULT_ALL")).isFalse();

        host.delete("/boot/config-6.1.0-18-amd64");
        final ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz))
        {
            out.write("CONFIG_HZ=250\n# CONFIG_NO_HZ_FULL is not set\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(root.resolve("proc/config.gz"), gz.toByteArray());
        final KernelConfig proc = KernelConfig.load(host.files());
        assertThat(proc.source()).isEqualTo("/proc/config.gz");
        assertThat(proc.value("CONFIG_HZ")).isEqualTo("250");
        assertThat(proc.enabled("CONFIG_NO_HZ_FULL")).isFalse();

        Files.delete(root.resolve("proc/config.gz"));
        assertThat(KernelConfig.load(host.files()).known()).isFalse();
    }

    @Test
    void aProcSysIntegerReadsWhole()
    {
        // /proc/sys reads at an offset past 0 as empty; a fixture file cannot show that, this host's can.
        final String budget = HostFiles.system().readTrimmed("/proc/sys/net/core/netdev_budget");
        if (budget != null)
        {
            assertThat(budget).matches("[0-9]{2,}");
        }
        assertThat(FakeHost.tuned(root).files().readTrimmed("/proc/sys/net/core/netdev_budget")).isEqualTo("300");
    }
}
