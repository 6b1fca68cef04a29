package io.wirebook.rx.dpdk;

import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EalArgumentsTest
{
    private static RxConfig config(final int cpu, final Map<String, String> options)
    {
        return new RxConfig(List.of(Channel.of("239.1.1.1", 12345)), "wbh-a", Channel.parseIpv4("198.18.0.2"), cpu,
            options);
    }

    @Test
    void defaultsToAfXdpOnTheInterfacePinnedToTheConfiguredCpu()
    {
        assertThat(EalArguments.of(config(1, Map.of()), 4242, "warning")).containsExactly(
            "wirebook", "-l", "1", "--no-pci", "--vdev=net_af_xdp0,iface=wbh-a", "--file-prefix=wirebook-4242",
            "--in-memory", "--no-telemetry", "--log-level=warning");
    }

    @Test
    void unpinnedConfigLetsLcoreZeroRunAnywhere()
    {
        assertThat(EalArguments.of(config(-1, Map.of()), 1)).element(1).asString().startsWith("--lcores=0@(0-");
    }

    @Test
    void optionsOverrideVdevLcoreLogLevelAndAppendExtraArguments()
    {
        final List<String> args = EalArguments.of(config(1, Map.of(
            "dpdk.vdev", "net_af_packet0,iface=wbh-a,blocksz=4096",
            "dpdk.lcore", "3",
            "dpdk.loglevel", "debug",
            "dpdk.eal", " --huge-worker-stack  -n 2")), 7);

        assertThat(args).containsSubsequence("-l", "3")
            .contains("--vdev=net_af_packet0,iface=wbh-a,blocksz=4096", "--log-level=debug")
            .endsWith("--huge-worker-stack", "-n", "2");
    }

    @Test
    void pciDeviceIsAllowedInsteadOfVdevAndNoPci()
    {
        final RxConfig config = config(1, Map.of("dpdk.device", "0000:01:00.0"));

        assertThat(EalArguments.of(config, 7)).containsSubsequence("-a", "0000:01:00.0")
            .doesNotContain("--no-pci").noneMatch(a -> a.startsWith("--vdev"));
        assertThat(EalArguments.portName(config)).isEqualTo("0000:01:00.0");
    }

    @Test
    void portNameIsTheVdevNameWithoutItsArguments()
    {
        assertThat(EalArguments.portName(config(1, Map.of()))).isEqualTo("net_af_xdp0");
        assertThat(EalArguments.portName(config(1, Map.of("dpdk.vdev", "net_null0")))).isEqualTo("net_null0");
    }

    @Test
    void twoInterfacesAreTwoVdevsNamedApart()
    {
        final RxConfig config = twoLines(Map.of());

        assertThat(EalArguments.of(config, 7)).containsSubsequence(
            "--no-pci", "--vdev=net_af_xdp0,iface=wbh-a", "--vdev=net_af_xdp1,iface=wbh-b");
        assertThat(EalArguments.portName(config, 0)).isEqualTo("net_af_xdp0");
        assertThat(EalArguments.portName(config, 1)).isEqualTo("net_af_xdp1");
    }

    @Test
    void theSecondLinesVdevOrDeviceHasItsOwnOption()
    {
        final RxConfig vdevs = twoLines(Map.of("dpdk.vdev", "net_af_packet0,iface=wbh-a",
            "dpdk.vdev.b", "net_af_packet1,iface=wbh-b"));
        assertThat(EalArguments.of(vdevs, 7)).contains("--vdev=net_af_packet0,iface=wbh-a",
            "--vdev=net_af_packet1,iface=wbh-b");
        assertThat(EalArguments.portName(vdevs, 1)).isEqualTo("net_af_packet1");

        final RxConfig devices = twoLines(Map.of("dpdk.device", "0000:01:00.0", "dpdk.device.b", "0000:01:00.1"));
        assertThat(EalArguments.of(devices, 7)).containsSubsequence("-a", "0000:01:00.0", "-a", "0000:01:00.1")
            .doesNotContain("--no-pci");
        assertThat(EalArguments.portName(devices, 1)).isEqualTo("0000:01:00.1");
    }

    private static RxConfig twoLines(final Map<String, String> options)
    {
        return new RxConfig(List.of(
            Flow.lineA(0, Channel.of("239.1.1.1", 12345), "wbh-a", Channel.parseIpv4("198.18.0.2")),
            new Flow(0, Flow.LINE_B, Channel.of("239.1.2.1", 12345), Flow.ANY_SOURCE, Flow.ANY_PORT, "wbh-b",
                Channel.parseIpv4("198.18.1.2"))), 1, options);
    }
}
