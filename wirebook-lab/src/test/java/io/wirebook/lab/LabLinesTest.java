package io.wirebook.lab;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.sim.DatagramPacketSink;
import io.wirebook.sim.Forger;
import io.wirebook.sim.PublisherConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.wirebook.lab.NamespaceThreads.inNamespace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's two lines as the publisher uses them: its sink reaches a plain receiver on each line from the line's
 * exchange address and port 12344, and {@link FaultInjector}'s rules drop the feed on them and stop when removed.
 * Builds real namespaces: needs root and nft. Prefix tf1 (plus this JVM's pid) is this class's own.
 */
class LabLinesTest
{
    private static final String TF1 = NamespaceThreads.prefix("tf1");
    private static final Channel GROUP_A = Channel.of("239.1.1.1", FaultInjector.FEED_PORT);
    private static final Channel GROUP_B = Channel.of("239.1.2.1", FaultInjector.FEED_PORT);
    private static final long QUIET_MS = 300;

    private static LabNetwork network;
    private static DatagramPacketSink sink;
    private static DatagramChannel rxA;
    private static DatagramChannel rxB;

    @BeforeAll
    static void buildNetwork() throws Exception
    {
        final String why = LabNetwork.whyUnavailable();
        Assumptions.assumeTrue(why == null, why);
        Assumptions.assumeTrue(SystemCommand.find("nft") != null, "nft not installed (scripts/setup.sh)");
        network = LabNetwork.create(TF1, true);
        rxA = join(network.tradingHost().lineA().interfaceName(), GROUP_A);
        rxB = join(network.tradingHost().lineB().interfaceName(), GROUP_B);
        final PublisherConfig config = PublisherConfig.of(List.of(GROUP_A), network.exchange().lineA().ipv4(), 1, 0, 0)
            .withLineB(List.of(GROUP_B), network.exchange().lineB().ipv4());
        sink = inNamespace(network.exchange().namespace(), () -> new DatagramPacketSink(config));
    }

    @AfterAll
    static void tearDown() throws Exception
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{sink, rxA, rxB, network})
        {
            if (null != closeable)
            {
                closeable.close();
            }
        }
    }

    @BeforeEach
    void nothingLeftFromAnotherTest() throws Exception
    {
        drain(rxA);
        drain(rxB);
    }

    @Test
    void sinkSendsEachPacketOnBothLinesFromTheLinesExchangeAddressAndTheFixedPort() throws Exception
    {
        send(1);
        final List<InetSocketAddress> onA = drain(rxA);
        final List<InetSocketAddress> onB = drain(rxB);
        assertThat(onA).containsExactly(new InetSocketAddress("198.18.0.1", PublisherConfig.DEFAULT_SOURCE_PORT));
        assertThat(onB).containsExactly(new InetSocketAddress("198.18.1.1", PublisherConfig.DEFAULT_SOURCE_PORT));
    }

    @Test
    void lossOnOneLineDropsAboutItsShareThereAndNothingOnTheOtherUntilClosed() throws Exception
    {
        final int sent = 400;
        final long receivedOnA;
        try (FaultInjector faults = FaultInjector.open(network))
        {
            faults.loss(Flow.LINE_A, 50);
            send(sent);
            receivedOnA = drain(rxA).size();
            assertThat(receivedOnA).isBetween(sent * 25L / 100, sent * 75L / 100);
            assertThat(drain(rxB)).hasSize(sent);
            assertThat(faults.dropped()).containsEntry(FaultInjector.DROPPED_LOSS_A, sent - receivedOnA)
                .containsEntry(FaultInjector.DROPPED_LOSS_B, 0L);
            faults.close();
            assertThat(faults.dropped()).containsEntry(FaultInjector.DROPPED_LOSS_A, sent - receivedOnA);
        }
        assertThat(tables()).doesNotContain(FaultInjector.TABLE);
        send(100);
        assertThat(drain(rxA)).hasSize(100);
        assertThat(drain(rxB)).hasSize(100);
    }

    @Test
    void outageDropsTheFeedOnBothLinesThenNothingAndLetsOtherPortsThrough() throws Exception
    {
        try (FaultInjector faults = FaultInjector.open(network);
            DatagramChannel otherPort = inNamespace(network.exchange().namespace(), () -> DatagramChannel
                .open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.IP_MULTICAST_IF,
                    NetworkInterface.getByName(network.exchange().lineA().interfaceName()))
                .bind(new InetSocketAddress(network.exchange().lineA().address(), 40000))))
        {
            faults.startOutage();
            send(100);
            otherPort.send(ByteBuffer.wrap(new byte[MoldUDP64.HEADER_LENGTH]),
                new InetSocketAddress(GROUP_A.groupAddress(), GROUP_A.port()));
            assertThat(drain(rxA)).containsExactly(new InetSocketAddress("198.18.0.1", 40000));
            assertThat(drain(rxB)).isEmpty();
            faults.endOutage();
            send(100);
            assertThat(drain(rxA)).hasSize(100);
            assertThat(drain(rxB)).hasSize(100);
            faults.outage(20);
            send(10);
            assertThat(drain(rxA)).hasSize(10);
            assertThat(drain(rxB)).hasSize(10);
            assertThat(faults.dropped()).containsEntry(FaultInjector.DROPPED_OUTAGE, 200L);
        }
    }

    @Test
    void forgerOnThePeerAddressLearnsTheLiveFeedAndItsPacketsReachTheHost() throws Exception
    {
        final ByteBuffer live = ByteBuffer.allocateDirect(128);
        final UnsafeBuffer liveBuffer = new UnsafeBuffer(live);
        final MoldPacketizer packetizer = new MoldPacketizer(MoldUDP64.session("LIVE"), liveBuffer, 128);
        packetizer.reset(100);
        final int at = packetizer.beginMessage();
        packetizer.commitMessage(ItchWriter.addOrder(liveBuffer, at, 3, 0, 1, 4242, ItchMessages.BUY, 100, 1, 10));
        final int length = packetizer.length();

        // The exchange keeps publishing while the forger listens, as it would during a run.
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread exchange = Thread.ofPlatform().start(() ->
        {
            while (!stop.get())
            {
                live.limit(length).position(0);
                sink.send(0, Flow.LINE_A, live);
                try
                {
                    Thread.sleep(5);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        });
        final Forger.Result result;
        try
        {
            result = inNamespace(network.exchange().namespace(), () -> Forger.forge(GROUP_A,
                Channel.parseIpv4(LabNetwork.PEER_ADDRESS), 40000, EnumSet.allOf(Forger.Kind.class), 5000));
        }
        finally
        {
            stop.set(true);
            exchange.join();
        }
        assertThat(result.live().sessionText()).isEqualTo("LIVE      ");
        assertThat(result.live().nextSequenceNumber()).isEqualTo(101);
        assertThat(result.live().orderReference()).isEqualTo(4242);
        assertThat(result.total()).isEqualTo(4);
        assertThat(drain(rxA)).filteredOn(from -> from.getPort() == 40000)
            .containsOnly(new InetSocketAddress("198.18.0.3", 40000)).hasSize(4);
        drain(rxB);
    }

    private static void send(final int count)
    {
        final ByteBuffer packet = ByteBuffer.allocateDirect(64);
        for (int i = 0; i < count; i++)
        {
            packet.clear().putLong(MoldUDP64.SEQUENCE_NUMBER_OFFSET, i).limit(MoldUDP64.HEADER_LENGTH);
            sink.send(0, Flow.LINE_A, packet);
            packet.position(0);
            sink.send(0, Flow.LINE_B, packet);
        }
    }

    private static DatagramChannel join(final String hostIf, final Channel group) throws Exception
    {
        return inNamespace(network.tradingHost().namespace(), () ->
        {
            final InetAddress address = group.groupAddress();
            final DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20)
                .bind(new InetSocketAddress(address, group.port()));
            channel.join(address, NetworkInterface.getByName(hostIf));
            channel.configureBlocking(false);
            return channel;
        });
    }

    /** Every datagram's source until none has come for a while. */
    private static List<InetSocketAddress> drain(final DatagramChannel rx) throws Exception
    {
        final List<InetSocketAddress> sources = new ArrayList<>();
        final ByteBuffer buffer = ByteBuffer.allocate(2048);
        try (Selector selector = Selector.open())
        {
            final SelectionKey key = rx.register(selector, SelectionKey.OP_READ);
            while (selector.select(QUIET_MS) > 0)
            {
                selector.selectedKeys().clear();
                InetSocketAddress from;
                while (null != (from = (InetSocketAddress)rx.receive(buffer.clear())))
                {
                    sources.add(from);
                }
            }
            key.cancel();
            selector.selectNow();
        }
        return sources;
    }

    private static String tables()
    {
        return SystemCommand.run("ip", "netns", "exec", network.exchange().namespace(), "nft", "list", "tables");
    }
}
