package io.wirebook.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.sys.Netns;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Sends a short session over a veth pair between two namespaces of its own and receives it with a plain socket. */
class PublisherOnTheWireTest
{
    private static final int PORT = 12399;

    @Test
    void deliversEverySequenceNumberOfEveryChannelToAReceiverInTheOtherNamespace() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        final String suffix = Long.toString(ProcessHandle.current().pid() % 100000);
        final String exchange = "tsimpx" + suffix;
        final String host = "tsimph" + suffix;
        final String exchangeIf = "tpx" + suffix;
        final String hostIf = "tph" + suffix;
        try
        {
            sh("ip", "netns", "add", exchange);
            sh("ip", "netns", "add", host);
            sh("ip", "link", "add", exchangeIf, "type", "veth", "peer", "name", hostIf);
            sh("ip", "link", "set", exchangeIf, "netns", exchange);
            sh("ip", "link", "set", hostIf, "netns", host);
            sh("ip", "-n", exchange, "addr", "add", "198.18.0.1/24", "dev", exchangeIf);
            sh("ip", "-n", host, "addr", "add", "198.18.0.2/24", "dev", hostIf);
            sh("ip", "-n", exchange, "link", "set", exchangeIf, "up");
            sh("ip", "-n", host, "link", "set", hostIf, "up");

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
                    sent.complete(new Publisher(config, new PairFlow(8, Long.MAX_VALUE), null).run());
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
        finally
        {
            shQuietly("ip", "netns", "del", exchange);
            shQuietly("ip", "netns", "del", host);
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

    private static void sh(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void shQuietly(final String... command)
    {
        try
        {
            new ProcessBuilder(List.of(command)).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
        catch (final IOException | InterruptedException ignored)
        {
            // best effort clean-up
        }
    }
}
