package io.wirebook.lab.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import io.wirebook.rx.dpdk.DpdkLeftovers;
import io.wirebook.sys.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs dpdk-testpmd in its own namespace pair (tdpdk-x sends multicast, tdpdk-h receives with net_af_xdp) and
 * checks it counted what was sent and left nothing behind. Skipped where testpmd cannot run.
 */
class TestpmdPeerTest
{
    private static final String EXCHANGE_NS = "tdpdk-x";
    private static final String HOST_NS = "tdpdk-h";
    private static final int DATAGRAMS = 20_000;
    private static boolean networkMade;

    @BeforeAll
    static void network() throws Exception
    {
        final String reason = TestpmdPeer.unavailableReason();
        assumeTrue(reason == null, reason);
        removeNetwork();
        networkMade = true;
        run("ip", "netns", "add", EXCHANGE_NS);
        run("ip", "netns", "add", HOST_NS);
        run("ip", "link", "add", "tdpdkx", "netns", EXCHANGE_NS, "type", "veth", "peer", "name", "tdpdkh",
            "netns", HOST_NS);
        configure(EXCHANGE_NS, "tdpdkx", "198.18.0.1");
        configure(HOST_NS, "tdpdkh", "198.18.0.2");
    }

    @AfterAll
    static void removeNetwork() throws Exception
    {
        if (networkMade)
        {
            quietly("ip", "netns", "del", EXCHANGE_NS);
            quietly("ip", "netns", "del", HOST_NS);
        }
    }

    @Test
    void countsEveryDatagramSentAndLeavesNothingBehind() throws Exception
    {
        final TestpmdPeer peer = new TestpmdPeer(HOST_NS, "net_af_xdp0,iface=tdpdkh", 1);
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Thread sender = new Thread(() -> send(failure), "tdpdk-sender");

        final TestpmdPeer.Result result = peer.run(5, sender::start);
        sender.join();

        System.out.println("testpmd " + result);
        assertThat(failure.get()).isNull();
        assertThat(result.status()).as(result.reason()).isEqualTo("ok");
        // Besides the datagrams only the odd IPv6 router solicitation of the fresh veth may arrive.
        assertThat(result.figures().get("rx_packets")).isBetween((long)DATAGRAMS, DATAGRAMS + 20L);
        assertThat(result.figures().get("testpmd_rx_pps")).isPositive();
        assertThat(result.figures().get("rx_missed")).isZero();
        assertThat(DpdkLeftovers.find("wirebook-testpmd-" + ProcessHandle.current().pid())).isEmpty();
        assertThat(Path.of("/var/run/dpdk")).satisfiesAnyOf(
            p -> assertThat(p).doesNotExist(),
            p -> assertThat(Files.list(p).noneMatch(f -> f.getFileName().toString().startsWith("wirebook-testpmd")))
                .isTrue());
        assertThat(output("ip", "-n", HOST_NS, "link", "show", "dev", "tdpdkh")).doesNotContain("prog/xdp");
    }

    private static void send(final AtomicReference<Exception> failure)
    {
        try
        {
            Netns.enterCurrentThread(EXCHANGE_NS);
            try (DatagramChannel channel = DatagramChannel.open())
            {
                channel.bind(new InetSocketAddress("198.18.0.1", 0));
                final InetSocketAddress group = new InetSocketAddress("239.1.1.1", 12345);
                final ByteBuffer payload = ByteBuffer.allocate(100);
                for (int i = 0; i < DATAGRAMS; i++)
                {
                    payload.clear().putInt(0, i);
                    channel.send(payload, group);
                    // About 7k datagrams a second, so the figures cover a few busy seconds.
                    if (i % 8 == 7)
                    {
                        Thread.sleep(1);
                    }
                }
            }
        }
        catch (final Exception ex)
        {
            failure.set(ex);
        }
    }

    private static void configure(final String ns, final String device, final String address) throws Exception
    {
        run("ip", "-n", ns, "addr", "add", address + "/24", "dev", device);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "-n", ns, "link", "set", device, "up");
        run("ip", "-n", ns, "route", "add", "239.1.1.0/24", "dev", device);
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
    }

    private static String output(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    private static void quietly(final String... command) throws IOException, InterruptedException
    {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
            .waitFor();
    }
}
