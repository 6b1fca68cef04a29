package io.wirebook.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldRequest;
import io.wirebook.mold.MoldUDP64;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher's recovery side over loopback, on ports the kernel chooses. */
class RecoveryServersTest
{
    private static final byte[] SESSION = MoldUDP64.session("WBTEST");
    private static final String LOOPBACK = "127.0.0.1";

    @Test
    void storesWhatIsSentAndAnswersARequestFromIt() throws Exception
    {
        try (RecoveryServers servers = RecoveryServers.start(LOOPBACK, 0, 0, SESSION, 1, 1_000, 1 << 20))
        {
            send(servers, 0, 100);
            assertThat(servers.store(0).size()).isEqualTo(100);

            try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET))
            {
                client.bind(new InetSocketAddress(LOOPBACK, 0));
                final UnsafeBuffer request = new UnsafeBuffer(ByteBuffer.allocateDirect(MoldRequest.LENGTH));
                MoldRequest.encode(request, 0, SESSION, 41, 10);
                client.send(request.byteBuffer().clear(), servers.requestServerAddress(0));
                final ByteBuffer reply = ByteBuffer.allocate(2048);
                client.receive(reply);
                final UnsafeBuffer header = new UnsafeBuffer(reply.flip());
                assertThat(header.getLong(MoldUDP64.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN)).isEqualTo(41);
                assertThat(header.getShort(MoldUDP64.MESSAGE_COUNT_OFFSET, ByteOrder.BIG_ENDIAN)).isEqualTo((short)10);
            }
            // The server counts what it sent after the send: the reply can reach the client first.
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (servers.counters().get("request_server_messages_sent") < 10 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertThat(servers.counters()).containsEntry("request_server_requests", 1L)
                .containsEntry("request_server_messages_sent", 10L)
                .containsEntry("request_server_bad_requests", 0L)
                .containsEntry("snapshot_server_logins", 0L)
                .containsEntry("store_messages", 100L)
                .containsEntry(RecoveryServers.STORE_FULL_MESSAGES, 0L)
                .containsKeys("request_server_packets_sent", "snapshot_server_snapshots_sent",
                    "snapshot_server_messages_sent", "snapshot_server_rejected_logins");
        }
    }

    @Test
    void aStoreStopsAtItsShareOfTheByteLimitAndCountsTheRest() throws Exception
    {
        // 19-byte Order Deletes: 10 fit in 200 bytes.
        try (RecoveryServers servers = RecoveryServers.start(LOOPBACK, 0, 0, SESSION, 1, 100, 200))
        {
            send(servers, 0, 15);
            assertThat(servers.store(0).size()).isEqualTo(10);
            assertThat(servers.counters()).containsEntry(RecoveryServers.STORE_FULL_MESSAGES, 5L)
                .containsEntry("store_messages", 10L);
        }
    }

    @Test
    void expectsEachChannelsShareOfTheSessionWithAMargin()
    {
        assertThat(RecoveryServers.expectedMessagesPerChannel(50_000, 13, 1)).isEqualTo(813_500);
        assertThat(RecoveryServers.expectedMessagesPerChannel(200_000, 13, 4)).isEqualTo(813_500);
    }

    @Test
    void aPortInUseClosesWhatWasOpenedAndNamesTheAddress() throws Exception
    {
        try (ServerSocketChannel taken = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)))
        {
            final int port = ((InetSocketAddress)taken.getLocalAddress()).getPort();
            assertThatThrownBy(() -> RecoveryServers.start(LOOPBACK, 0, port, SESSION, 1, 100, 1 << 20))
                .isInstanceOf(IOException.class).hasMessageContaining("snapshot server cannot bind");
        }
    }

    @Test
    void closeTwiceIsFine() throws Exception
    {
        final RecoveryServers servers = RecoveryServers.start(LOOPBACK, 0, 0, SESSION, 1, 100, 1 << 20);
        servers.close();
        servers.close();
    }

    private static void send(final RecoveryServers servers, final int channel, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (long sequenceNumber = 1; sequenceNumber <= count; sequenceNumber++)
        {
            final int length = ItchWriter.orderDelete(buffer, 0, 1, 0, sequenceNumber, sequenceNumber);
            servers.onSent(channel, sequenceNumber, buffer, 0, length);
        }
    }
}
