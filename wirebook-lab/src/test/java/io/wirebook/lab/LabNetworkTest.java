package io.wirebook.lab;

import static io.wirebook.lab.NamespaceThreads.eventually;
import static io.wirebook.lab.NamespaceThreads.inNamespace;
import static io.wirebook.lab.NamespaceThreads.namespaceExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Builds real namespaces: needs root. Prefixes tl1..tl6 are this class's own (other suites run alongside). */
class LabNetworkTest
{
    @BeforeEach
    void needsRoot()
    {
        final String why = LabNetwork.whyUnavailable();
        Assumptions.assumeTrue(why == null, why);
    }

    @Test
    void createThenDestroyLeavesNothing() throws Exception
    {
        final LabNetwork network = LabNetwork.create("tl1", true);
        final long sentinel = network.sentinelPid();
        assertThat(netnsList()).contains("tl1-exch", "tl1-host");
        assertThat(SystemCommand.run("ip", "-n", "tl1-exch", "-o", "link")).contains("tl1x-a", "tl1x-b");
        assertThat(SystemCommand.run("ip", "-n", "tl1-host", "-o", "addr")).contains("198.18.0.2/24", "198.18.1.2/24");
        assertThat(SystemCommand.run("ip", "-n", "tl1-host", "route", "show", "224.0.0.0/4")).contains("tl1h-a");
        assertThat(ProcessHandle.of(sentinel).map(ProcessHandle::isAlive)).contains(true);
        // One queue each way, so every frame reaches RX queue 0 (where an AF_XDP socket binds).
        assertThat(SystemCommand.run("ip", "netns", "exec", "tl1-host", "ls", "/sys/class/net/tl1h-a/queues").split("\\s+"))
            .containsExactly("rx-0", "tx-0");
        assertThat(SystemCommand.run("ip", "netns", "exec", "tl1-host", "cat",
            "/proc/sys/net/ipv6/conf/tl1h-a/disable_ipv6").strip()).isEqualTo("1");

        network.destroy();
        network.destroy();

        assertThat(netnsList()).doesNotContain("tl1-exch", "tl1-host");
        assertThat(SystemCommand.run("ip", "-o", "link")).doesNotContain("tl1x-", "tl1h-");
        assertThat(eventually(3000, () -> ProcessHandle.of(sentinel).map(h -> !h.isAlive()).orElse(true)))
            .as("the watcher exits once released").isTrue();
        assertThat(namespaceExists("tl1-exch")).isFalse();
    }

    @Test
    void udpDatagramCrossesFromExchangeToHost() throws Exception
    {
        try (LabNetwork network = LabNetwork.create("tl2", false))
        {
            assertThat(network.checksumsComplete()).isTrue();
            try (DatagramChannel rx = inNamespace(network.hostNs(),
                () -> DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress(network.hostAddressString(), 0)));
                DatagramChannel tx = inNamespace(network.exchangeNs(),
                    () -> DatagramChannel.open(StandardProtocolFamily.INET)))
            {
                tx.send(ByteBuffer.wrap("unicast".getBytes(StandardCharsets.US_ASCII)), rx.getLocalAddress());
                assertThat(receive(rx)).isEqualTo("unicast");
            }
        }
        assertThat(namespaceExists("tl2-exch")).isFalse();
    }

    @Test
    void multicastFromExchangeReachesAJoinOnTheHost() throws Exception
    {
        try (LabNetwork network = LabNetwork.create("tl3", false))
        {
            final InetAddress group = InetAddress.getByName("239.1.1.1");
            try (DatagramChannel rx = inNamespace(network.hostNs(), () ->
                {
                    final DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                        .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                        .bind(new InetSocketAddress(12345));
                    channel.join(group, NetworkInterface.getByName(network.hostIf()));
                    return channel;
                });
                DatagramChannel tx = inNamespace(network.exchangeNs(),
                    () -> DatagramChannel.open(StandardProtocolFamily.INET)))
            {
                // No IP_MULTICAST_IF on the sender: the 224.0.0.0/4 route must pick the veth.
                tx.send(ByteBuffer.wrap("multicast".getBytes(StandardCharsets.US_ASCII)),
                    new InetSocketAddress(group, 12345));
                assertThat(receive(rx)).isEqualTo("multicast");
            }
        }
    }

    @Test
    void netemGoesOnTheExchangeSideAndComesOff() throws Exception
    {
        try (LabNetwork network = LabNetwork.create("tl4", false))
        {
            try
            {
                network.netem("delay 1ms");
            }
            catch (final LabNetworkException ex)
            {
                // Some kernels (this project's CI VM among them) are built without sch_netem: the error must say so.
                assertThat(ex.getMessage()).isEqualTo(LabNetwork.NETEM_UNAVAILABLE);
                network.clearNetem();
                Assumptions.abort(ex.getMessage());
            }
            assertThat(qdisc(network)).contains("netem").contains("delay 1ms");
            network.netem("loss 1%");
            assertThat(qdisc(network)).contains("loss 1%").doesNotContain("delay");
            network.clearNetem();
            network.clearNetem();
            assertThat(qdisc(network)).doesNotContain("netem");
            assertThatThrownBy(() -> network.netem("bogus 1")).isInstanceOf(LabNetworkException.class)
                .hasMessageContaining("tc -n tl4-exch qdisc replace").hasMessageNotContaining("\n");
        }
    }

    @Test
    void cleanupStaleRemovesWhatACrashedRunLeft() throws Exception
    {
        SystemCommand.run("ip", "netns", "add", "tl5-exch");
        SystemCommand.run("ip", "netns", "add", "tl5-host");
        SystemCommand.run("ip", "link", "add", "tl5x-a", "netns", "tl5-exch", "type", "veth", "peer", "name",
            "tl5h-a", "netns", "tl5-host");
        // A process left running inside the dead run's exchange namespace (a peer tool, say).
        final Process orphan = new ProcessBuilder("ip", "netns", "exec", "tl5-exch", "sleep", "60").start();
        try
        {
            assertThat(eventually(3000,
                () -> SystemCommand.run("ip", "netns", "pids", "tl5-exch").strip().length() > 0)).isTrue();

            LabNetwork.cleanupStale("tl5");

            assertThat(netnsList()).doesNotContain("tl5-exch", "tl5-host");
            assertThat(eventually(3000, () -> !orphan.isAlive())).isTrue();
        }
        finally
        {
            orphan.destroyForcibly();
            SystemCommand.runAllowingFailure("ip", "netns", "del", "tl5-exch");
            SystemCommand.runAllowingFailure("ip", "netns", "del", "tl5-host");
        }
    }

    @Test
    void createReplacesAStaleNetworkOfTheSameName() throws Exception
    {
        SystemCommand.run("ip", "netns", "add", "tl6-host");
        try (LabNetwork network = LabNetwork.create("tl6", false))
        {
            assertThat(network.ifIndex(network.hostNs(), network.hostIf())).isPositive();
            assertThat(network.mac(network.hostNs(), network.hostIf())).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(SystemCommand.run("ip", "-n", "tl6-host", "-o", "link")).contains("tl6h-a");
        }
        assertThat(netnsList()).doesNotContain("tl6-exch", "tl6-host");
    }

    @Test
    void rejectsPrefixesThatMakeVethNamesTooLong()
    {
        assertThatThrownBy(() -> LabNetwork.create("waytoolongprefix", false))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabNetwork.create("Bad-Name", false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String qdisc(final LabNetwork network)
    {
        return SystemCommand.run("tc", "-n", network.exchangeNs(), "qdisc", "show", "dev", network.exchangeIf());
    }

    private static String netnsList()
    {
        return SystemCommand.run("ip", "netns", "list");
    }

    private static String receive(final DatagramChannel rx) throws Exception
    {
        rx.configureBlocking(false);
        try (Selector selector = Selector.open())
        {
            rx.register(selector, SelectionKey.OP_READ);
            assertThat(selector.select(5000)).as("a datagram arrives").isEqualTo(1);
            final ByteBuffer buffer = ByteBuffer.allocate(64);
            rx.receive(buffer);
            buffer.flip();
            return StandardCharsets.US_ASCII.decode(buffer).toString();
        }
    }
}
