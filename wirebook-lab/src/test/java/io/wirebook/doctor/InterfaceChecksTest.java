package io.wirebook.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class InterfaceChecksTest
{
    @TempDir
    Path root;

    private static NicInfo nic(final String driver, final int rxQueues, final boolean ntuple, final int rules)
    {
        return new NicInfo("eth1", null, driver, "0000:3b:00.0", rxQueues, ntuple, rules, true, null, null);
    }

    private static NicInfo veth()
    {
        return new NicInfo("wbh-a", "wb-host", "veth", null, 1, false, 0, false, "xdp/id:42", null);
    }

    private InterfaceChecks checks(final NicInfo nic)
    {
        return new InterfaceChecks(FakeHost.tuned(root).facts(1), nic, "no interface", "--interface IF");
    }

    @Test
    void xdpIsOkWithZeroCopyAndWarnsOnCopyModeOrGenericOnly()
    {
        assertThat(checks(nic("ice", 1, false, 0)).xdp().status()).isEqualTo(Status.OK);

        final Check veth = checks(veth()).xdp();
        assertThat(veth.status()).isEqualTo(Status.WARN);
        assertThat(veth.found()).contains("wbh-a in netns wb-host", "native XDP, no zero-copy", "xdp/id:42");

        assertThat(checks(nic("e1000e", 1, false, 0)).xdp().found()).contains("generic XDP only");
        assertThat(checks(nic("acme_nic", 1, false, 0)).xdp().found()).contains("not in wirebook's driver table");
    }

    @Test
    void virtioZeroCopyNeedsA611KernelAndRingReset()
    {
        final String features = "1".repeat(NicInfo.VIRTIO_F_RING_RESET) + "0";
        final NicInfo with = new NicInfo("eth0", null, "virtio_net", "virtio2", 1, false, 0, true, null,
            "1".repeat(NicInfo.VIRTIO_F_RING_RESET + 1));
        final NicInfo without = new NicInfo("eth0", null, "virtio_net", "virtio2", 1, false, 0, true, null, features);
        final FakeHost host = FakeHost.tuned(root);
        assertThat(new InterfaceChecks(host.facts(1), with, "", "").xdp().found())
            .contains("native XDP, no zero-copy");

        host.write("/proc/sys/kernel/osrelease", "6.12.0\n");
        assertThat(new InterfaceChecks(host.facts(1), with, "", "").xdp().status()).isEqualTo(Status.OK);
        final Check noReset = new InterfaceChecks(host.facts(1), without, "", "").xdp();
        assertThat(noReset.status()).isEqualTo(Status.WARN);
        assertThat(noReset.found()).contains("VIRTIO_F_RING_RESET");
    }

    @Test
    void severalRxQueuesWithoutSteeringWarn()
    {
        assertThat(checks(nic("ice", 1, false, 0)).rxQueues().status()).isEqualTo(Status.OK);

        final Check multi = checks(nic("ice", 8, false, 0)).rxQueues();
        assertThat(multi.status()).isEqualTo(Status.WARN);
        assertThat(multi.found()).contains("8 RX queues", "other 7 are lost");
        assertThat(multi.fix()).contains("ethtool -L eth1 combined 1", "ethtool -N eth1 flow-type udp4");

        assertThat(checks(nic("ice", 8, true, 4)).rxQueues().status()).isEqualTo(Status.OK);
    }

    @Test
    void theFixRunsInTheInterfacesNamespace()
    {
        final NicInfo multiVeth = new NicInfo("wbh-a", "wb-host", "veth", null, 4, false, 0, false, null, null);
        assertThat(checks(multiVeth).rxQueues().fix()).startsWith("ip netns exec wb-host ethtool -L wbh-a rx 1");
    }

    @Test
    void anIrqOnThePollCpuWarnsAndVethHasNone()
    {
        final FakeHost host = FakeHost.tuned(root);
        final Check clear = new InterfaceChecks(host.facts(1), nic("ice", 2, false, 0), "", "").irqAffinity();
        assertThat(clear.status()).isEqualTo(Status.OK);
        assertThat(clear.found()).contains("121 ice-eth1-TxRx-0 -> 0", "122 ice-eth1-TxRx-1 -> 2")
            .doesNotContain("misc");

        host.irq(122, "0-3", "1");
        final Check onPoll = new InterfaceChecks(host.facts(1), nic("ice", 2, false, 0), "", "").irqAffinity();
        assertThat(onPoll.status()).isEqualTo(Status.WARN);
        assertThat(onPoll.fix()).contains("for N in 122", "echo 0,2-3 > /proc/irq/N/smp_affinity_list");

        assertThat(new InterfaceChecks(host.facts(1), veth(), "", "").irqAffinity().status()).isEqualTo(Status.SKIP);
    }

    @Test
    void virtioIrqsAreFoundByTheirDevice()
    {
        final String interrupts = """
                       CPU0       CPU1
             37:          0          0  PCI-MSIX-0000:00:03.0   0-edge      virtio2-config
             38:          0       1576  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
             39:       1354          0  PCI-MSIX-0000:00:03.0   2-edge      virtio2-output.0
             40:          0          0  PCI-MSIX-0000:00:04.0   0-edge      virtio20-input.0
            """;
        final NicInfo eth0 = new NicInfo("eth0", null, "virtio_net", "virtio2", 1, false, 0, true, null, null);
        assertThat(InterfaceChecks.queueIrqs(interrupts, eth0)).extracting(irq -> irq[0]).containsExactly("38", "39");
    }

    @Test
    void withoutAnInterfaceItsChecksSkipWithTheReason()
    {
        final InterfaceChecks none = checks(null);
        for (final Check check : new Check[] {none.xdp(), none.rxQueues(), none.irqAffinity()})
        {
            assertThat(check.status()).isEqualTo(Status.SKIP);
            assertThat(check.found()).isEqualTo("no interface");
            assertThat(check.fix()).isEqualTo("--interface IF");
        }
    }
}
