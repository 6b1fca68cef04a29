package io.wirebook.rx.dpdk;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wirebook.rx.paths.TxExercise;
import io.wirebook.sys.HugePages;
import io.wirebook.sys.Privileges;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dpdk path answers a ping-pong client through its own Tx queue, over a veth with the net_af_xdp and the
 * net_af_packet PMDs: {@link DpdkTxProbeMain} in a child JVM in the host namespace (EAL runs once per process),
 * {@link TxExercise}'s client in this JVM's exchange namespace. Replies go back in the mbufs they came in; every
 * fourth answer is a send, in an mbuf of the port's pool; the poll thread allocates nothing once warm.
 */
class DpdkTxTest
{
    private static TestNetwork network;

    @BeforeAll
    static void network()
    {
        assumeTrue(Privileges.isRoot(), "needs root");
        assumeTrue(Dpdk.librariesPresent(), "needs " + Dpdk.INSTALL_FIX);
        assumeTrue(HugePages.system().freeOfAnySize() > 0, "needs free hugepages (scripts/setup.sh)");
        network = TestNetwork.create("tdpdktx", false);
        // net_af_xdp's own XDP program takes the whole queue, ARP included, so the host's kernel never answers the
        // exchange's ARP requests; a bypass host without an ARP responder of its own is reached through a
        // permanent neighbour entry, as a static ARP entry on a trading network.
        final Matcher mac = Pattern.compile("link/ether ([0-9a-f:]{17})")
            .matcher(TestNetwork.run("ip", "-n", network.hostNs(), "-o", "link", "show", "dev", network.hostIf()));
        assertThat(mac.find()).isTrue();
        TestNetwork.run("ip", "-n", network.exchangeNs(), "neigh", "replace", TestNetwork.HOST_ADDRESS, "lladdr",
            mac.group(1), "dev", network.exchangeIf(), "nud", "permanent");
    }

    @AfterAll
    static void removeNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"net_af_xdp0", "net_af_packet0"})
    void answersEveryRequestThroughItsTxQueueAllocatingNothing(final String pmd) throws Exception
    {
        final ProbeProcess probe = ProbeProcess.start(network.hostNs(), DpdkTxProbeMain.class,
            List.of(network.hostIf(), "20000", "dpdk.vdev=" + pmd + ",iface=" + network.hostIf()));
        final ExecutorService clientThread = Executors.newSingleThreadExecutor();
        final TxExercise.Client client = new TxExercise.Client(network);
        try
        {
            probe.awaitLine("READY", 60);
            final Future<?> clientRun = clientThread.submit(client);
            final String result = probe.awaitLine("RESULT", 120);
            client.stop();
            clientRun.get(10, TimeUnit.SECONDS);
            final String counters = probe.awaitLine("COUNTERS", 30);
            probe.awaitLine("CLOSED", 30);
            System.out.printf("dpdk %s TX: %d requests, %d answers (%d wrong); %s; %s%n", pmd, client.requests(),
                client.answers(), client.wrongAnswers(), result, counters);

            assertThat(result).startsWith("RESULT allocated=0 ").doesNotContain("answered=0");
            assertThat(client.wrongAnswers()).isZero();
            assertThat(client.answers()).isGreaterThan(client.requests() * 9 / 10);
            assertThat(counters).contains("tx.no_mac=0", "tx.ring_full=0", "tx.too_long=0")
                .doesNotContain("tx.in_place=0,").doesNotContain("tx.sent=0,");
            assertThat(probe.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.process().exitValue()).isZero();
        }
        finally
        {
            client.stop();
            clientThread.shutdownNow();
            probe.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
