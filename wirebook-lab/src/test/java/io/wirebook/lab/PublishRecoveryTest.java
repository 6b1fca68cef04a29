package io.wirebook.lab;

import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import io.wirebook.cli.Main;
import io.wirebook.mold.MoldRequest;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.sim.RecoveryEndpoints;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.wirebook.lab.NamespaceThreads.inNamespace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publish command on a lab network of its own serves re-requests from the trading host over the recovery
 * link, and stays up after End of Session for the linger. Needs root. Prefix tr1 (plus this JVM's pid) is this
 * class's own.
 */
class PublishRecoveryTest
{
    private static final String TR1 = NamespaceThreads.prefix("tr1");

    @Test
    void answersARequestFromTheTradingHostOverTheRecoveryLinkAndCountsIt(@TempDir final Path dir) throws Exception
    {
        final String why = LabNetwork.whyUnavailable();
        Assumptions.assumeTrue(why == null, why);
        try (LabNetwork network = LabNetwork.create(TR1, true))
        {
            final AtomicLong answeredSequence = new AtomicLong();
            final DatagramChannel client = inNamespace(network.tradingHost().namespace(), () -> DatagramChannel
                .open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(network.tradingHost().recovery().address(), 0)));
            final Thread requester = Thread.ofPlatform().start(() -> answeredSequence.set(requestUntilAnswered(
                client, RecoveryEndpoints.requestServer(0))));
            try
            {
                final int exit = inNamespace(network.exchange().namespace(), () -> Main.execute("publish",
                    "--channel", "239.1.1.1:12345", "--source", network.exchange().lineA().address(),
                    "--line-b", "239.1.2.1:12345", "--source-b", network.exchange().lineB().address(),
                    "--rate", "2000", "--warmup", "0.2", "--duration", "0.5", "--linger-seconds", "0.5",
                    "--out", dir.toString()));
                assertThat(exit).isZero();
                requester.join(10_000);
            }
            finally
            {
                client.close();
            }
            assertThat(answeredSequence.get()).as("a reply starting at the sequence asked").isEqualTo(1);

            final Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(dir.resolve(PublisherRun.FILE)))
            {
                p.load(in);
            }
            assertThat(Long.parseLong(p.getProperty("request_server_requests"))).isPositive();
            assertThat(Long.parseLong(p.getProperty("request_server_messages_sent"))).isGreaterThanOrEqualTo(5);
            assertThat(Long.parseLong(p.getProperty("store_messages"))).isGreaterThan(1_000);
            assertThat(p.getProperty(RecoveryServers.STORE_FULL_MESSAGES)).isEqualTo("0");
            assertThat(p.getProperty("snapshot_server_logins")).isEqualTo("0");
            assertThat(p.getProperty("lines")).isEqualTo("2");
        }
    }

    /**
     * Asks for messages 1..5 every 50 ms until a reply carries all five: the store is empty until the session
     * starts, and a request that comes while it holds fewer gets only those it holds.
     */
    private static long requestUntilAnswered(final DatagramChannel client, final InetSocketAddress server)
    {
        final UnsafeBuffer request = new UnsafeBuffer(ByteBuffer.allocateDirect(MoldRequest.LENGTH));
        final ByteBuffer reply = ByteBuffer.allocate(2048);
        final byte[] session = MoldUDP64.session("WB" + (20261124L % 100_000_000L));
        try (Selector selector = Selector.open())
        {
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline)
            {
                MoldRequest.encode(request, 0, session, 1, 5);
                client.send(request.byteBuffer().clear(), server);
                if (selector.select(50) > 0)
                {
                    selector.selectedKeys().clear();
                    reply.clear();
                    client.receive(reply);
                    final UnsafeBuffer header = new UnsafeBuffer(reply.flip());
                    if (header.getShort(MoldUDP64.MESSAGE_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) == 5)
                    {
                        return header.getLong(MoldUDP64.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN);
                    }
                }
            }
        }
        catch (final Exception ex)
        {
            return -1;
        }
        return 0;
    }
}
