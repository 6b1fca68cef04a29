package io.wirebook.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NicProbeTest
{
    private static final String VETH_LINK = """
        7: wbh-a@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 xdp/id:42 qdisc noqueue state UP mode DEFAULT
            link/ether 5e:1f:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netns wb-exch promiscuity 0 allmulti 0
            veth addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535
            prog/xdp id 42 name wirebook_xdp tag 0123456789abcdef jited
        """;

    private static final String ICE_LINK = """
        4: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
            link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 allmulti 0 minmtu 68 maxmtu 9702
            addrgenmode eui64 numtxqueues 8 numrxqueues 8 gso_max_size 65536 parentbus pci parentdev 0000:3b:00.0
        """;

    private static final String CHANNELS = """
        Channel parameters for eth1:
        Pre-set maximums:
        RX:		n/a
        TX:		n/a
        Other:		1
        Combined:	64
        Current hardware settings:
        RX:		n/a
        TX:		n/a
        Other:		1
        Combined:	8
        """;

    @TempDir
    Path root;

    @Test
    void aVethInTheLabNamespaceIsProbedThroughIpNetnsExec()
    {
        final FakeHost host = FakeHost.tuned(root)
            .tool("ip -n wb-host -d link show dev wbh-a", 0, VETH_LINK)
            .tool("ip netns exec wb-host ethtool -i wbh-a", 0, "driver: veth\nversion: 1.0\nbus-info: \n")
            .tool("ip netns exec wb-host ethtool -k wbh-a", 0, "ntuple-filters: off [fixed]\n")
            .tool("ip netns exec wb-host ethtool -n wbh-a", 94, "")
            .tool("ip netns exec wb-host ls -1 /sys/class/net/wbh-a/queues", 0, "rx-0\ntx-0\n")
            .write("/run/netns/wb-host", "");
        final NicProbe probe = new NicProbe(host.files(), host);
        assertThat(probe.namespaceExists("wb-host")).isTrue();
        assertThat(probe.namespaceExists("wb-other")).isFalse();

        final NicInfo nic = probe.probe("wb-host", "wbh-a");
        assertThat(nic).isEqualTo(new NicInfo("wbh-a", "wb-host", "veth", null, 1, false, 0, false, "xdp/id:42", null));
    }

    @Test
    void aNicInThisNamespaceIsReadFromSysfsAndEthtool()
    {
        final FakeHost host = FakeHost.tuned(root)
            .tool("ip -d link show dev eth1", 0, ICE_LINK)
            .tool("ethtool -i eth1", 0, "driver: ice\nversion: 1.13.7\nbus-info: 0000:3b:00.0\n")
            .tool("ethtool -k eth1", 0, "rx-checksumming: on\nntuple-filters: on\n")
            .tool("ethtool -n eth1", 0, "8 RX rings available\nTotal 2 rules\n\nFilter: 1\n")
            .tool("ethtool -l eth1", 0, CHANNELS);
        for (int q = 0; q < 8; q++)
        {
            host.write("/sys/class/net/eth1/queues/rx-" + q + "/rps_cpus", "0\n");
            host.write("/sys/class/net/eth1/queues/tx-" + q + "/xps_cpus", "0\n");
        }
        final NicInfo nic = new NicProbe(host.files(), host).probe(null, "eth1");
        assertThat(nic).isEqualTo(new NicInfo("eth1", null, "ice", "0000:3b:00.0", 8, true, 2, true, null, null));
    }

    @Test
    void anInterfaceThatIsNotThereProbesAsNull()
    {
        final FakeHost host = FakeHost.tuned(root).tool("ip -d link show dev nope", 1, "");
        assertThat(new NicProbe(host.files(), host).probe(null, "nope")).isNull();
    }

    @Test
    void withoutEthtoolTheLinkKindNamesTheDriver()
    {
        assertThat(NicProbe.linkKind(VETH_LINK)).isEqualTo("veth");
        assertThat(NicProbe.linkKind(ICE_LINK)).isNull();
        assertThat(NicProbe.xdpAttached(ICE_LINK)).isNull();
    }
}
