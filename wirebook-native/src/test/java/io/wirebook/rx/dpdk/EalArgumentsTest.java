package io.wirebook.rx.dpdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wirebook.rx.Channel;
import io.wirebook.rx.RxConfig;

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
        assertThat(EalArguments.of(config(1, Map.of()), 4242)).containsExactly(
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
}
