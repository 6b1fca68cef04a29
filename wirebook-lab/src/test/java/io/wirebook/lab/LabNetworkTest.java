package io.wirebook.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.wirebook.lab.NamespaceThreads.eventually;
import static io.wirebook.lab.NamespaceThreads.inNamespace;
import static io.wirebook.lab.NamespaceThreads.namespaceExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builds real namespaces: needs root. Prefixes tl1..tl8, tk1 and tk2 (plus this JVM's pid) are this class's own. */
class LabNetworkTest
{
    private static final String TL1 = NamespaceThreads.prefix("tl1");
    private static final String TL2 = NamespaceThreads.prefix("tl2");
    private static final String TL3 = NamespaceThreads.prefix("tl3");
    private static final String TL4 = NamespaceThreads.prefix("tl4");
    private static final String TL5 = NamespaceThreads.prefix("tl5");
    private static final String TL6 = NamespaceThreads.prefix("tl6");
    private static final String TL7 = NamespaceThreads.prefix("tl7");
    private static final String TL8 = NamespaceThreads.prefix("tl8");

    @BeforeEach
    void needsRoot()
    {
        final String why = LabNetwork.whyUnavailable();
        Assumptions.assumeTrue(why == null, why);
    }

    @Test
    void createThenDestroyLeavesNothing() throws Exception
    {
        final LabNetwork network = LabNetwork.create(TL1, true);
        final long sentinel = network.sentinelPid();
        assertThat(netnsList()).contains(TL1 + "-exch", TL1 + "-host");
        assertThat(SystemCommand.run("ip", "-n", TL1 + "-exch", "-o", "link")).contains(TL1 + "x-a", TL1 + "x-b");
        assertThat(SystemCommand.run("ip", "-n", TL1 + "-host", "-o", "addr"))
            .contains("198.18.0.2/24", "198.18.1.2/24");
        // The exchange's line-A veth also holds a peer's address on its subnet (for the forger).
        assertThat(SystemCommand.run("ip", "-n", TL1 + "-exch", "-o", "addr", "show", "dev", TL1 + "x-a"))
            .contains("198.18.0.1/24", "198.18.0.3/24");
        assertThat(SystemCommand.run("ip", "-n", TL1 + "-exch", "-o", "addr", "show", "dev", TL1 + "x-b"))
            .contains("198.18.1.1/24");
        assertThat(SystemCommand.run("ip", "netns", "exec", TL1 + "-exch", "cat",
            "/proc/sys/net/ipv6/conf/" + TL1 + "x-b/disable_ipv6").strip()).isEqualTo("1");
        assertThat(SystemCommand.run("ip", "netns", "exec", TL1 + "-host", "ls", "/sys/class/net/" + TL1 + "h-b/queues")
            .split("\\s+")).containsExactly("rx-0", "tx-0");
        assertThat(SystemCommand.run("ip", "-n", TL1 + "-host", "route", "show", "224.0.0.0/4")).contains(TL1 + "h-a");
        assertThat(ProcessHandle.of(sentinel).map(ProcessHandle::isAlive)).contains(true);
        // One queue each way, so every frame reaches RX queue 0 (where an AF_XDP socket binds).
        assertThat(SystemCommand.run("ip", "netns", "exec", TL1 + "-host", "ls", "/sys/class/net/" + TL1 + "h-a/queues")
            .split("\\s+")).containsExactly("rx-0", "tx-0");
        assertThat(SystemCommand.run("ip", "netns", "exec", TL1 + "-host", "cat",
            "/proc/sys/net/ipv6/conf/" + TL1 + "h-a/disable_ipv6").strip()).isEqualTo("1");

        network.destroy();
        network.destroy();

        assertThat(netnsList()).doesNotContain(TL1 + "-exch", TL1 + "-host");
        assertThat(SystemCommand.run("ip", "-o", "link")).doesNotContain(TL1 + "x-", TL1 + "h-");
        assertThat(eventually(3000, () -> ProcessHandle.of(sentinel).map(h -> !h.isAlive()).orElse(true)))
            .as("the watcher exits once released").isTrue();
        assertThat(namespaceExists(TL1 + "-exch")).isFalse();
    }

    @Test
    void udpDatagramCrossesFromExchangeToHost() throws Exception
    {
        try (LabNetwork network = LabNetwork.create(TL2, false))
        {
            assertThat(network.checksumsComplete()).isTrue();
            try (DatagramChannel rx = inNamespace(network.tradingHost().namespace(),
                () -> DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress(network.tradingHost().lineA().address(), 0)));
                DatagramChannel tx = inNamespace(network.exchange().namespace(),
                    () -> DatagramChannel.open(StandardProtocolFamily.INET)))
            {
                tx.send(ByteBuffer.wrap("unicast".getBytes(StandardCharsets.US_ASCII)), rx.getLocalAddress());
                assertThat(receive(rx)).isEqualTo("unicast");
            }
        }
        assertThat(namespaceExists(TL2 + "-exch")).isFalse();
    }

    @Test
    void multicastFromExchangeReachesAJoinOnTheHost() throws Exception
    {
        try (LabNetwork network = LabNetwork.create(TL3, false))
        {
            final InetAddress group = InetAddress.getByName("239.1.1.1");
            try (DatagramChannel rx = inNamespace(network.tradingHost().namespace(), () ->
                {
                    final DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                        .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                        .bind(new InetSocketAddress(12345));
                    channel.join(group, NetworkInterface.getByName(network.tradingHost().lineA().interfaceName()));
                    return channel;
                });
                DatagramChannel tx = inNamespace(network.exchange().namespace(),
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
        try (LabNetwork network = LabNetwork.create(TL4, false))
        {
            try
            {
                network.netem("delay 1ms");
            }
            catch (final LabNetworkException ex)
            {
                // Some kernels (this project's CI VM among them) are built without sch_netem: the error must say so.
                assertThat(ex.getMessage()).isEqualTo(Netem.UNAVAILABLE);
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
                .hasMessageContaining("tc -n " + TL4 + "-exch qdisc replace").hasMessageNotContaining("\n");
        }
    }

    @Test
    void cleanupStaleRemovesWhatACrashedRunLeft() throws Exception
    {
        SystemCommand.run("ip", "netns", "add", TL5 + "-exch");
        SystemCommand.run("ip", "netns", "add", TL5 + "-host");
        SystemCommand.run("ip", "link", "add", TL5 + "x-a", "netns", TL5 + "-exch", "type", "veth", "peer", "name",
            TL5 + "h-a", "netns", TL5 + "-host");
        // A process left running inside the dead run's exchange namespace (a peer tool, say).
        final Process orphan = new ProcessBuilder("ip", "netns", "exec", TL5 + "-exch", "sleep", "60").start();
        try
        {
            assertThat(eventually(3000,
                () -> SystemCommand.run("ip", "netns", "pids", TL5 + "-exch").strip().length() > 0)).isTrue();

            LabNetwork.cleanupStale(TL5);

            assertThat(netnsList()).doesNotContain(TL5 + "-exch", TL5 + "-host");
            assertThat(eventually(3000, () -> !orphan.isAlive())).isTrue();
        }
        finally
        {
            orphan.destroyForcibly();
            SystemCommand.runAllowingFailure("ip", "netns", "del", TL5 + "-exch");
            SystemCommand.runAllowingFailure("ip", "netns", "del", TL5 + "-host");
        }
    }

    @Test
    void createReplacesAStaleNetworkOfTheSameName() throws Exception
    {
        SystemCommand.run("ip", "netns", "add", TL6 + "-host");
        try (LabNetwork network = LabNetwork.create(TL6, false))
        {
            final LabHost host = network.tradingHost();
            assertThat(network.ifIndex(host.namespace(), host.lineA().interfaceName())).isPositive();
            assertThat(network.mac(host.namespace(), host.lineA().interfaceName()))
                .matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(SystemCommand.run("ip", "-n", TL6 + "-host", "-o", "link")).contains(TL6 + "h-a");
        }
        assertThat(netnsList()).doesNotContain(TL6 + "-exch", TL6 + "-host");
    }

    @Test
    void recoveryLinkCarriesTcpAndUnicastButNoMulticastAndGoesWithTheRest() throws Exception
    {
        try (LabNetwork network = LabNetwork.create(TL7, false))
        {
            assertThat(network.exchange().recovery().interfaceName()).isEqualTo(TL7 + "x-r");
            assertThat(network.tradingHost().recovery().interfaceName()).isEqualTo(TL7 + "h-r");
            assertThat(SystemCommand.run("ip", "-n", TL7 + "-exch", "-o", "addr", "show", "dev", TL7 + "x-r"))
                .contains("198.18.2.1/24");
            assertThat(SystemCommand.run("ip", "-n", TL7 + "-host", "-o", "addr", "show", "dev", TL7 + "h-r"))
                .contains("198.18.2.2/24");
            assertThat(SystemCommand.run("ip", "netns", "exec", TL7 + "-host", "cat",
                "/proc/sys/net/ipv6/conf/" + TL7 + "h-r/disable_ipv6").strip()).isEqualTo("1");
            assertThat(SystemCommand.run("ip", "netns", "exec", TL7 + "-host", "cat",
                "/proc/sys/net/ipv4/conf/" + TL7 + "h-r/rp_filter").strip()).isEqualTo("0");
            assertThat(SystemCommand.run("ip", "-n", TL7 + "-host", "route", "show", "224.0.0.0/4"))
                .doesNotContain(TL7 + "h-r");
            assertThat(SystemCommand.run("ip", "-n", TL7 + "-exch", "route", "show", "224.0.0.0/4"))
                .doesNotContain(TL7 + "x-r");

            // The snapshot server's TCP: a connection from the host's end to the exchange's, and a byte across.
            try (ServerSocketChannel server = inNamespace(network.exchange().namespace(), () -> ServerSocketChannel
                    .open()
                    .bind(new InetSocketAddress(network.exchange().recovery().address(), 0)));
                SocketChannel client = inNamespace(network.tradingHost().namespace(), () -> SocketChannel.open(
                    new InetSocketAddress(network.exchange().recovery().address(),
                        ((InetSocketAddress)server.getLocalAddress()).getPort())));
                SocketChannel accepted = server.accept())
            {
                assertThat(((InetSocketAddress)accepted.getRemoteAddress()).getHostString())
                    .isEqualTo(network.tradingHost().recovery().address());
                client.write(ByteBuffer.wrap(new byte[]{42}));
                final ByteBuffer in = ByteBuffer.allocate(1);
                accepted.read(in);
                assertThat(in.get(0)).isEqualTo((byte)42);
            }
            assertThat(network.toString()).contains("recovery 198.18.2.1 <-> 198.18.2.2");
        }
        assertThat(netnsList()).doesNotContain(TL7 + "-exch", TL7 + "-host");
        assertThat(SystemCommand.run("ip", "-o", "link")).doesNotContain(TL7 + "x-r", TL7 + "h-r");
    }

    @Test
    void cleanupStaleRemovesAStrayRecoveryVeth() throws Exception
    {
        // A crash between 'link add' and the move into the namespaces leaves the pair in this namespace.
        SystemCommand.run("ip", "link", "add", TL8 + "x-r", "type", "veth", "peer", "name", TL8 + "h-r");
        try
        {
            LabNetwork.cleanupStale(TL8);
            assertThat(SystemCommand.run("ip", "-o", "link")).doesNotContain(TL8 + "x-r", TL8 + "h-r");
        }
        finally
        {
            SystemCommand.runAllowingFailure("ip", "link", "del", TL8 + "x-r");
        }
    }

    @Test
    void rejectsPrefixesThatMakeVethNamesTooLong()
    {
        assertThatThrownBy(() -> LabNetwork.create("waytoolongprefix", false))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabNetwork.create("Bad-Name", false)).isInstanceOf(IllegalArgumentException.class);
    }

    /** SIGKILL runs nothing in the JVM that built the network: only the detached watcher can clean up. */
    @Test
    void sigkillOfTheRunnerStillRemovesTheNetwork() throws Exception
    {
        killTheRunnerThenCheckTheNetworkIsGone("tk1", process ->
        {
            process.destroyForcibly();
            process.waitFor();
        });
    }

    /** SIGTERM runs the shutdown hook. */
    @Test
    void sigtermOfTheRunnerRemovesTheNetwork() throws Exception
    {
        killTheRunnerThenCheckTheNetworkIsGone("tk2", process ->
        {
            process.destroy();
            assertThat(process.waitFor()).as("exit status of a JVM ended by SIGTERM").isEqualTo(143);
        });
    }

    /** Kills a child JVM that built a network ({@link LabNetworkHolder}): the namespaces and the watcher go. */
    private static void killTheRunnerThenCheckTheNetworkIsGone(final String tag, final Kill kill) throws Exception
    {
        final String prefix = NamespaceThreads.prefix(tag);
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            LabNetworkHolder.class.getName(), prefix)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        try
        {
            final BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            final String line = out.readLine();
            assertThat(line).as("child JVM reports the network built").startsWith("ready ");
            assertThat(namespaceExists(prefix + "-exch")).isTrue();
            assertThat(namespaceExists(prefix + "-host")).isTrue();
            final long sentinelPid = Long.parseLong(line.substring(6).strip());

            kill.kill(process);

            assertThat(eventually(5000, () -> !namespaceExists(prefix + "-exch") && !namespaceExists(prefix + "-host")))
                .as("namespaces of " + prefix + " vanish").isTrue();
            assertThat(eventually(5000, () -> ProcessHandle.of(sentinelPid).map(h -> !h.isAlive()).orElse(true)))
                .as("the watcher exits").isTrue();
        }
        finally
        {
            process.destroyForcibly();
            LabNetwork.cleanupStale(prefix);
        }
    }

    @FunctionalInterface
    private interface Kill
    {
        void kill(Process process) throws Exception;
    }

    private static String qdisc(final LabNetwork network)
    {
        return SystemCommand.run("tc", "-n", network.exchange().namespace(), "qdisc", "show", "dev",
            network.exchange().lineA().interfaceName());
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
