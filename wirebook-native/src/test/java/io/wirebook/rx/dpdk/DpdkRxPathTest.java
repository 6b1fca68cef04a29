package io.wirebook.rx.dpdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wirebook.sys.HugePages;
import io.wirebook.sys.Netns;
import io.wirebook.sys.Privileges;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Receives real multicast over a veth pair with the dpdk path. EAL runs once per process and must run inside the
 * host namespace, so each case runs {@link DpdkProbeMain} in a child JVM under {@code ip netns exec} in the
 * host namespace of a {@link TestNetwork}; this JVM sends from its exchange namespace. Skipped without root,
 * DPDK or free hugepages.
 */
class DpdkRxPathTest
{
    private static final int DATAGRAMS = 2000;
    private static final int OTHER_CHANNEL_DATAGRAMS = 40;
    private static TestNetwork network;

    @BeforeAll
    static void network() throws Exception
    {
        assumeTrue(Privileges.isRoot(), "needs root");
        assumeTrue(Dpdk.librariesPresent(), "needs " + Dpdk.INSTALL_FIX);
        assumeTrue(HugePages.system().freeOfAnySize() > 0, "needs free hugepages (scripts/setup.sh)");
        network = TestNetwork.create("tdpdk");
    }

    @AfterAll
    static void removeNetwork() throws Exception
    {
        if (network != null)
        {
            network.close();
        }
    }

    @Test
    void afXdpReceivesEveryDatagramIntactAndLeavesNothingBehind() throws Exception
    {
        receivesEveryDatagram("net_af_xdp0,iface=" + network.hostIf());
    }

    @Test
    void afPacketReceivesEveryDatagramIntactAndLeavesNothingBehind() throws Exception
    {
        receivesEveryDatagram("net_af_packet0,iface=" + network.hostIf());
    }

    @Test
    void afterSigkillOnlyTheRuntimeDirectoryAndXdpProgramRemainAndTheHelpersRemoveThem() throws Exception
    {
        final ProbeProcess probe = Probe.start(DATAGRAMS, 60_000, "net_af_xdp0,iface=" + network.hostIf());
        try
        {
            probe.awaitLine("READY", 60);
            assertThat(xdpProgram(network.hostIf())).contains("prog/xdp");
        }
        finally
        {
            probe.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        final String prefix = EalArguments.FILE_PREFIX + probe.process().pid();
        assertThat(DpdkLeftovers.find(prefix)).as("EAL's runtime directory of the killed probe").isNotEmpty();

        // --in-memory: no hugepage files, whatever killed the process.
        assertThat(DpdkLeftovers.find(prefix)).noneMatch(p -> p.startsWith(DpdkLeftovers.HUGEPAGES));
        DpdkLeftovers.removeFor(probe.process().pid());
        assertThat(DpdkLeftovers.find(prefix)).isEmpty();

        assertThat(DpdkLeftovers.resetInterface(network.hostNs(), network.hostIf())).isTrue();
        assertThat(xdpProgram(network.hostIf())).isEmpty();
    }

    @Test
    void twoLinesReceiveEachOnItsOwnPortAndAForgedSourceIsRejected() throws Exception
    {
        final int forged = 25;
        final ProbeProcess probe = Probe.start(DATAGRAMS, 30_000, "net_af_xdp0,iface=" + network.hostIf(),
            "dpdk.vdev.b=net_af_xdp1,iface=" + network.hostIfB(),
            "probe.line-b=" + network.hostIfB() + "," + TestNetwork.HOST_ADDRESS_B);
        try
        {
            probe.awaitLine("READY", 60);
            assertThat(xdpProgram(network.hostIfB())).contains("prog/xdp");
            sendFrom(TestNetwork.FORGER_ADDRESS, "239.1.1.1", forged);
            send();
            sendFrom(TestNetwork.EXCHANGE_ADDRESS_B, "239.1.2.1", DATAGRAMS);
            final String result = probe.awaitLine("RESULT", 60);
            assertThat(result).isEqualTo("RESULT intact=" + DATAGRAMS + " distinct=" + DATAGRAMS
                + " corrupt=0 otherChannel=" + OTHER_CHANNEL_DATAGRAMS + " bytes=" + expectedBytes()
                + " lineB=" + DATAGRAMS);
            assertThat(probe.awaitLine("COUNTERS", 30)).contains("rejected.wrong_source=" + forged,
                "rejected.bad_descriptor=0", "ports=2", "rx_nombuf=0", "imissed=0", "ierrors=0");
            probe.awaitLine("CLOSED", 30);
            assertThat(probe.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.process().exitValue()).isZero();
            assertThat(xdpProgram(network.hostIf())).isEmpty();
            assertThat(xdpProgram(network.hostIfB())).isEmpty();
        }
        finally
        {
            probe.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            DpdkLeftovers.removeFor(probe.process().pid());
        }
    }

    /** A counter's value in the probe's COUNTERS line, a map's {@code {name=value, ...}}. */
    private static long counter(final String line, final String name)
    {
        final Matcher value = Pattern.compile("[{ ]" + Pattern.quote(name) + "=(\\d+)").matcher(line);
        assertThat(value.find()).as(name + " in " + line).isTrue();
        return Long.parseLong(value.group(1));
    }

    private static void receivesEveryDatagram(final String vdev) throws Exception
    {
        final ProbeProcess probe = Probe.start(DATAGRAMS, 30_000, vdev);
        try
        {
            probe.awaitLine("READY", 60);
            send();
            final String result = probe.awaitLine("RESULT", 60);
            assertThat(result).isEqualTo("RESULT intact=" + DATAGRAMS + " distinct=" + DATAGRAMS
                + " corrupt=0 otherChannel=" + OTHER_CHANNEL_DATAGRAMS + " bytes=" + expectedBytes());
            final String counters = probe.awaitLine("COUNTERS", 30);
            assertThat(counters).contains("rx_nombuf=0", "imissed=0", "ierrors=0");
            // The port's own statistics, summed by the path, saw at least what the test sent.
            assertThat(counter(counters, "rx_packets")).isGreaterThanOrEqualTo(DATAGRAMS + OTHER_CHANNEL_DATAGRAMS);
            assertThat(counter(counters, "rx_bytes")).isGreaterThan(counter(counters, "rx_packets"));
            probe.awaitLine("CLOSED", 30);
            assertThat(probe.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(probe.process().exitValue()).isZero();
            assertThat(DpdkLeftovers.find(EalArguments.FILE_PREFIX + probe.process().pid())).isEmpty();
            assertThat(xdpProgram(network.hostIf())).isEmpty();
        }
        finally
        {
            // On a failed case the probe did not close: clean up after it as the lab would.
            probe.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            DpdkLeftovers.removeFor(probe.process().pid());
        }
    }

    private static long expectedBytes()
    {
        long bytes = 0;
        for (long sequence = 0; sequence < DATAGRAMS; sequence++)
        {
            bytes += TestDatagrams.lengthOf(sequence);
        }
        return bytes;
    }

    /** The attached XDP program of a host interface ("prog/xdp ..."), or empty. */
    private static String xdpProgram(final String hostInterface)
    {
        final String link = network.hostLink(hostInterface);
        return link.contains("prog/xdp") ? link.substring(link.indexOf("prog/xdp")).trim() : "";
    }

    /** Sends the test datagrams to 239.1.1.1 and a few to 239.1.1.2 (channel 1) from the exchange namespace. */
    private static void send() throws Exception
    {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Thread sender = new Thread(() ->
        {
            try
            {
                Netns.enterCurrentThread(network.exchangeNs());
                try (DatagramChannel channel = DatagramChannel.open())
                {
                    channel.bind(new InetSocketAddress(TestNetwork.EXCHANGE_ADDRESS, 0));
                    final InetSocketAddress channel0 = new InetSocketAddress("239.1.1.1", 12345);
                    final InetSocketAddress channel1 = new InetSocketAddress("239.1.1.2", 12345);
                    for (int sequence = 0; sequence < DATAGRAMS; sequence++)
                    {
                        channel.send(ByteBuffer.wrap(TestDatagrams.payload(sequence)), channel0);
                        if (sequence % 50 == 0)
                        {
                            channel.send(ByteBuffer.wrap(TestDatagrams.payload(sequence)), channel1);
                        }
                        // About 7k a second, well inside the rings (af_packet's is 512 frames) while the receiver's
                        // JIT warms up on a busy machine: this checks delivery, not speed.
                        if (sequence % 8 == 7)
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
        }, "tdpdk-sender");
        sender.start();
        sender.join();
        if (failure.get() != null)
        {
            throw failure.get();
        }
    }

    /** Sends the test datagrams 0 to count - 1 to {@code group} from {@code address}, in the exchange namespace. */
    private static void sendFrom(final String address, final String group, final int count) throws Exception
    {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Thread sender = new Thread(() ->
        {
            try
            {
                Netns.enterCurrentThread(network.exchangeNs());
                try (DatagramChannel channel = DatagramChannel.open())
                {
                    channel.bind(new InetSocketAddress(address, 0));
                    final InetSocketAddress to = new InetSocketAddress(group, 12345);
                    for (int sequence = 0; sequence < count; sequence++)
                    {
                        channel.send(ByteBuffer.wrap(TestDatagrams.payload(sequence)), to);
                        if (sequence % 8 == 7)
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
        }, "tdpdk-sender-" + address);
        sender.start();
        sender.join();
        if (failure.get() != null)
        {
            throw failure.get();
        }
    }

    /** A {@link DpdkProbeMain} child JVM in the host namespace, its output lines queued. */
    /** The probe of {@link DpdkProbeMain} in the host namespace, receiving {@code count} on {@code vdev}. */
    private static final class Probe
    {
        private Probe()
        {
        }

        static ProbeProcess start(final int count, final long timeoutMillis, final String vdev,
            final String... options) throws IOException
        {
            final List<String> arguments = new ArrayList<>(List.of(network.hostIf(), TestNetwork.HOST_ADDRESS,
                Integer.toString(count), Long.toString(timeoutMillis), "dpdk.vdev=" + vdev));
            arguments.addAll(List.of(options));
            return ProbeProcess.start(network.hostNs(), DpdkProbeMain.class, arguments);
        }
    }
}
