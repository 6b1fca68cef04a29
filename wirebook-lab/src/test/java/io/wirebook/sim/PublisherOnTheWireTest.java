package io.wirebook.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.Netns;
import io.wirebook.sys.Privileges;
import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Sends a short session over the veth pair of its own {@link TestNetwork} and receives it with a plain socket. */
class PublisherOnTheWireTest
{
    private static final int PORT = 12399;

    /** Batch 1 is the per-packet sender; 32 is the flood sender, sendmmsg over a pre-encoded flow. */
    @ParameterizedTest(name = "send batch {0}")
    @ValueSource(ints = {1, 32})
    void deliversEverySequenceNumberOfEveryChannelToAReceiverInTheOtherNamespace(final int batch) throws Exception
    {
        assumeTrue(Privileges.isRoot(), "needs root for network namespaces");
        try (TestNetwork network = TestNetwork.create("tpub", false))
        {
            final String exchange = network.exchangeNs();
            final String host = network.hostNs();
            final String hostIf = network.hostIf();

            final List<Channel> channels = List.of(Channel.of("239.1.1.1", PORT), Channel.of("239.1.1.2", PORT));
            final PublisherConfig config = new PublisherConfig(channels, Channel.parseIpv4("198.18.0.1"), 4_000,
                0.05, 0.25, 100, 500, 1, -1, MoldUDP64.session("WIRE"), 1);

            final CountDownLatch joined = new CountDownLatch(1);
            final CompletableFuture<long[]> received = new CompletableFuture<>();
            final Thread receiver = new Thread(() ->
            {
                try
                {
                    Netns.enterCurrentThread(host);
                    received.complete(receive(channels, hostIf, joined));
                }
                catch (final Throwable t)
                {
                    joined.countDown();
                    received.completeExceptionally(t);
                }
            });
            receiver.start();
            assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();

            final CompletableFuture<PublisherStats> sent = new CompletableFuture<>();
            final Thread sender = new Thread(() ->
            {
                try
                {
                    Netns.enterCurrentThread(exchange);
                    if (batch == 1)
                    {
                        sent.complete(new Publisher(config, new PairFlow(8, Long.MAX_VALUE), null).run());
                        return;
                    }
                    try (PreEncodedFlow flow = PreEncodedFlow.of(new PairFlow(8, Long.MAX_VALUE),
                        config.warmupMessages() + config.measuredMessages(), 1 << 20))
                    {
                        sent.complete(new Publisher(config, flow, null, new SendmmsgPacketSink(config, batch),
                            HostClock::nanos).run());
                    }
                }
                catch (final Throwable t)
                {
                    sent.completeExceptionally(t);
                }
            });
            sender.start();
            final PublisherStats stats = sent.get(30, TimeUnit.SECONDS);
            final long[] lastSequence = received.get(30, TimeUnit.SECONDS);
            assertThat(stats.measuredMessages()).isEqualTo(1_000);
            for (int c = 0; c < channels.size(); c++)
            {
                assertThat(lastSequence[c]).isEqualTo(stats.channels().get(c).lastSequenceNumber()).isPositive();
            }
        }
    }

    /** Reads until every channel has ended its session; returns each channel's last sequence number, -1 on a gap. */
    private static long[] receive(final List<Channel> channels, final String ifName, final CountDownLatch joined)
        throws IOException
    {
        final int n = channels.size();
        final DatagramChannel[] sockets = new DatagramChannel[n];
        try
        {
            final NetworkInterface nif = NetworkInterface.getByName(ifName);
            for (int c = 0; c < n; c++)
            {
                // Bound to the group's address, a socket only gets that group's datagrams.
                sockets[c] = DatagramChannel.open(StandardProtocolFamily.INET);
                sockets[c].setOption(StandardSocketOptions.SO_REUSEADDR, true);
                // Two busy cores are shared with other work here: room for the receiver to be descheduled a while.
                sockets[c].setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
                sockets[c].bind(new InetSocketAddress(channels.get(c).groupAddress(), PORT));
                sockets[c].join(channels.get(c).groupAddress(), nif);
                sockets[c].configureBlocking(false);
            }
            joined.countDown();

            final long[] expected = new long[n];
            Arrays.fill(expected, 1);
            final boolean[] ended = new boolean[n];
            final ByteBuffer buffer = ByteBuffer.allocate(2048).order(ByteOrder.BIG_ENDIAN);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int open = n;
            while (open > 0 && System.nanoTime() < deadline)
            {
                for (int c = 0; c < n; c++)
                {
                    buffer.clear();
                    final InetSocketAddress from = (InetSocketAddress)sockets[c].receive(buffer);
                    if (null == from || ended[c])
                    {
                        continue;
                    }
                    assertThat(from.getAddress().getHostAddress()).isEqualTo("198.18.0.1");
                    final long sequence = buffer.getLong(MoldUDP64.SEQUENCE_NUMBER_OFFSET);
                    final int count = buffer.getShort(MoldUDP64.MESSAGE_COUNT_OFFSET) & 0xFFFF;
                    if (count == MoldUDP64.END_OF_SESSION_COUNT)
                    {
                        ended[c] = true;
                        open--;
                    }
                    else if (count > 0)
                    {
                        if (sequence != expected[c] && expected[c] > 0)
                        {
                            System.err.println("channel " + c + ": gap, expected " + expected[c] + " got " + sequence);
                        }
                        expected[c] = sequence == expected[c] ? expected[c] + count : 0;
                    }
                }
                Thread.onSpinWait();
            }
            final long[] last = new long[n];
            for (int c = 0; c < n; c++)
            {
                last[c] = ended[c] ? expected[c] - 1 : -2;
            }
            return last;
        }
        finally
        {
            for (final DatagramChannel socket : sockets)
            {
                if (null != socket)
                {
                    socket.close();
                }
            }
        }
    }
}
