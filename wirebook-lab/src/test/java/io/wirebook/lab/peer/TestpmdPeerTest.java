package io.wirebook.lab.peer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import io.wirebook.rx.dpdk.DpdkLeftovers;
import io.wirebook.sys.Netns;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs dpdk-testpmd in its own {@link TestNetwork} (the exchange sends multicast, the host receives with
 * net_af_xdp) and checks it counted what was sent and left nothing behind. Skipped where testpmd cannot run.
 */
class TestpmdPeerTest
{
    private static final int DATAGRAMS = 20_000;
    private static TestNetwork network;

    @BeforeAll
    static void network()
    {
        final String reason = TestpmdPeer.unavailableReason();
        assumeTrue(reason == null, reason);
        network = TestNetwork.create("tpmd", false);
    }

    @AfterAll
    static void removeNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    @Test
    void countsEveryDatagramSentAndLeavesNothingBehind() throws Exception
    {
        final TestpmdPeer peer = new TestpmdPeer(network.hostNs(), "net_af_xdp0,iface=" + network.hostIf(), 1);
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
        assertThat(network.hostLink(network.hostIf())).doesNotContain("prog/xdp");
    }

    private static void send(final AtomicReference<Exception> failure)
    {
        try
        {
            Netns.enterCurrentThread(network.exchangeNs());
            try (DatagramChannel channel = DatagramChannel.open())
            {
                channel.bind(new InetSocketAddress(TestNetwork.EXCHANGE_ADDRESS, 0));
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
}
