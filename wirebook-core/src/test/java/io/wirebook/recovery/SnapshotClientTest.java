package io.wirebook.recovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

import io.wirebook.glimpse.EndOfSnapshot;
import io.wirebook.itch.ItchWriter;
import io.wirebook.soupbintcp.SoupBinTCP;
import io.wirebook.stats.HostClock;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotClientTest
{
    private static final byte[] SESSION = "SESSION-A ".getBytes(StandardCharsets.US_ASCII);
    private static final long SECOND = 1_000_000_000L;
    private static final long WALL_LIMIT_NANOS = 10 * SECOND;

    private final ExpandableArrayBuffer script = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
    private final CapturingSnapshotListener listener = new CapturingSnapshotListener();
    private int length;

    @Test
    void framesSplitAtEveryByteAreReassembled() throws Exception
    {
        loginAccepted();
        addOrder(1);
        addOrder(2);
        serverHeartbeat();
        addOrder(3);
        endOfSnapshot(1_001);
        endOfSession();

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, true, false);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);

            assertThat(listener.failure).isNull();
            assertThat(listener.starts).isEqualTo(1);
            assertThat(listener.session).isEqualTo(SESSION);
            assertThat(listener.messages).hasSize(3);
            for (int i = 0; i < 3; i++)
            {
                final UnsafeBuffer got = new UnsafeBuffer(listener.messages.get(i));
                assertThat(got.capacity()).isEqualTo(36);
                assertThat(got.getLong(11, ByteOrder.BIG_ENDIAN)).isEqualTo(i + 1);
            }
            assertThat(listener.ends).isEqualTo(1);
            assertThat(listener.nextSequenceNumber).isEqualTo(1_001);
            assertThat(client.state()).isEqualTo(SnapshotClient.DONE);
            assertThat(client.messages()).isEqualTo(3);
            assertThat(server.failure()).isNull();
        }
    }

    @Test
    void logsInWithItsCredentialsForSequenceOne() throws Exception
    {
        loginAccepted();
        endOfSnapshot(1);

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);

            final UnsafeBuffer login = new UnsafeBuffer(server.received());
            assertThat(SoupBinTCP.packetType(login, 0)).isEqualTo(SoupBinTCP.LOGIN_REQUEST);
            assertThat(SoupBinTCP.payloadLength(login, 0)).isEqualTo(SoupBinTCP.LOGIN_REQUEST_LENGTH);
            final int payload = SoupBinTCP.PAYLOAD_OFFSET;
            assertThat(SoupBinTCP.alpha(login, payload + SoupBinTCP.USERNAME_OFFSET, 6)).isEqualTo("wb");
            assertThat(SoupBinTCP.alpha(login, payload + SoupBinTCP.PASSWORD_OFFSET, 10)).isEqualTo("pass");
            assertThat(SoupBinTCP.alpha(login, payload + SoupBinTCP.REQUESTED_SESSION_OFFSET, 10)).isEmpty();
            assertThat(SoupBinTCP.numeric(login, payload + SoupBinTCP.REQUESTED_SEQUENCE_NUMBER_OFFSET, 20))
                .isEqualTo(1);
            assertThat(listener.nextSequenceNumber).isEqualTo(1);
            assertThat(listener.messages).isEmpty();
        }
    }

    @Test
    void sendsAClientHeartbeatEverySecond() throws Exception
    {
        loginAccepted();

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 60 * SECOND))
        {
            final long t0 = HostClock.nanos();
            client.start(t0);
            final long deadline = t0 + WALL_LIMIT_NANOS;
            while (listener.starts == 0 && HostClock.nanos() < deadline)
            {
                client.poll(t0, listener);
            }
            assertThat(listener.starts).isEqualTo(1);
            assertThat(server.received()).hasSize(49);

            client.poll(t0 + SECOND / 2, listener);
            client.poll(t0 + SECOND + 1, listener);
            client.poll(t0 + SECOND + 2, listener);
            client.poll(t0 + 2 * SECOND + 2, listener);
            waitForBytes(server, 49 + 6);

            final UnsafeBuffer sent = new UnsafeBuffer(server.received());
            assertThat(sent.capacity()).isEqualTo(49 + 6);
            assertThat(SoupBinTCP.packetType(sent, 49)).isEqualTo(SoupBinTCP.CLIENT_HEARTBEAT);
            assertThat(SoupBinTCP.packetType(sent, 52)).isEqualTo(SoupBinTCP.CLIENT_HEARTBEAT);
            assertThat(client.active()).isTrue();
            assertThat(listener.failures).isZero();
        }
    }

    @Test
    void silenceBeyondTheTimeoutFails() throws Exception
    {
        loginAccepted();
        addOrder(1);

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 3 * SECOND))
        {
            final long t0 = HostClock.nanos();
            client.start(t0);
            final long deadline = t0 + WALL_LIMIT_NANOS;
            while (listener.messages.isEmpty() && HostClock.nanos() < deadline)
            {
                client.poll(t0 + SECOND, listener);
            }
            assertThat(listener.messages).hasSize(1);

            client.poll(t0 + 3 * SECOND, listener);
            assertThat(client.active()).as("3 s since the last byte at t0 + 1 s: not yet").isTrue();

            client.poll(t0 + 4 * SECOND, listener);
            assertThat(client.active()).isFalse();
            assertThat(client.state()).isEqualTo(SnapshotClient.FAILED);
            assertThat(listener.failures).isEqualTo(1);
            assertThat(listener.failure).contains("silent").doesNotContain("\n");
            assertThat(listener.ends).isZero();
        }
    }

    @Test
    void connectThatFailsOrNeverCompletesFails() throws Exception
    {
        // 198.18.0.0/15 is not routed from a test host: a SYN there gets no answer (or an unreachable error).
        try (SnapshotClient client = client(new InetSocketAddress("198.19.255.254", 12500), SECOND))
        {
            final long t0 = HostClock.nanos();
            client.start(t0);
            client.poll(t0, listener);
            client.poll(t0 + 2 * SECOND, listener);

            assertThat(client.active()).isFalse();
            assertThat(listener.failures).isEqualTo(1);
            assertThat(listener.failure).contains("198.19.255.254");
        }
    }

    @Test
    void connectionRefusedFails() throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        try (SnapshotClient client = client(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);

            assertThat(listener.failures).isEqualTo(1);
            assertThat(listener.failure).contains("failed");
        }
    }

    @Test
    void loginRejectedFailsWithItsReason() throws Exception
    {
        length += SoupBinTCP.loginRejected(script, length, SoupBinTCP.NOT_AUTHORIZED);

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);

            assertThat(listener.starts).isZero();
            assertThat(listener.failures).isEqualTo(1);
            assertThat(listener.failure).contains("rejected").contains("not authorized");
        }
    }

    @Test
    void endOfStreamMidSnapshotFails() throws Exception
    {
        loginAccepted();
        addOrder(1);
        addOrder(2);
        // Half of a third frame, then the server closes.
        length += SoupBinTCP.sequencedData(script, length, message, 0, ItchWriter.addOrder(
            message, 0, 1, 0, 0, 3, (byte)'B', 100, ItchWriter.stock("AAPL"), 1_000_000)) - 20;

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, true);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);

            assertThat(listener.messages).hasSize(2);
            assertThat(listener.ends).isZero();
            assertThat(listener.failures).isEqualTo(1);
            assertThat(listener.failure).contains("closed the connection before End of Snapshot");
        }
    }

    @Test
    void endOfSessionBeforeEndOfSnapshotFails() throws Exception
    {
        loginAccepted();
        addOrder(1);
        endOfSession();

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);

            assertThat(listener.failures).isEqualTo(1);
            assertThat(listener.failure).contains("ended the session");
        }
    }

    @Test
    void dataBeforeLoginAcceptedFails() throws Exception
    {
        addOrder(1);
        loginAccepted();

        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);

            assertThat(listener.messages).isEmpty();
            assertThat(listener.failure).contains("before Login Accepted");
        }
    }

    @Test
    void malformedPacketsFail() throws Exception
    {
        for (final int variant : new int[]{0, 1, 2})
        {
            script.setMemory(0, script.capacity(), (byte)0);
            length = 0;
            loginAccepted();
            switch (variant)
            {
                case 0 -> length += 2;                                    // Packet Length 0: no type
                case 1 -> length += SoupBinTCP.emptyPacket(script, length, (byte)'?');
                default ->
                {
                    // An End of Snapshot whose number is not a number.
                    final int at = length;
                    length += SoupBinTCP.sequencedData(script, length, message, 0, EndOfSnapshot.encode(message, 0, 9));
                    script.putByte(at + SoupBinTCP.PAYLOAD_OFFSET + 5, (byte)'x');
                }
            }
            final CapturingSnapshotListener capture = new CapturingSnapshotListener();
            try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
                SnapshotClient client = client(server.address(), 5 * SECOND))
            {
                client.start(HostClock.nanos());
                final long deadline = HostClock.nanos() + WALL_LIMIT_NANOS;
                while (client.active() && HostClock.nanos() < deadline)
                {
                    client.poll(HostClock.nanos(), capture);
                }
                assertThat(capture.failures).as("variant %d", variant).isEqualTo(1);
                assertThat(capture.ends).isZero();
            }
        }
    }

    @Test
    void startsAgainAfterAFailure() throws Exception
    {
        length += SoupBinTCP.loginRejected(script, length, SoupBinTCP.SESSION_NOT_AVAILABLE);
        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);
            assertThat(listener.failure).contains("session not available");
        }

        length = 0;
        loginAccepted();
        addOrder(7);
        endOfSnapshot(8);
        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = client(server.address(), 5 * SECOND))
        {
            client.start(HostClock.nanos());
            runToEnd(client);
            client.start(HostClock.nanos());
            assertThat(client.active()).isTrue();
            client.cancel();
            assertThat(client.active()).isFalse();
            assertThat(client.state()).isEqualTo(SnapshotClient.IDLE);
        }
        assertThat(listener.ends).isEqualTo(1);
        assertThat(listener.nextSequenceNumber).isEqualTo(8);
        assertThat(listener.messages).hasSize(1);
    }

    private SnapshotClient client(final InetSocketAddress server, final long timeoutNanos)
    {
        return new SnapshotClient(server, "wb", "pass", timeoutNanos);
    }

    private void runToEnd(final SnapshotClient client)
    {
        final long deadline = HostClock.nanos() + WALL_LIMIT_NANOS;
        while (client.active() && HostClock.nanos() < deadline)
        {
            if (client.poll(HostClock.nanos(), listener) == 0)
            {
                LockSupport.parkNanos(50_000);
            }
        }
        assertThat(client.active()).as("snapshot finished within 10 s").isFalse();
    }

    private static void waitForBytes(final ScriptedSoupServer server, final int count)
    {
        final long deadline = HostClock.nanos() + WALL_LIMIT_NANOS;
        while (server.received().length < count && HostClock.nanos() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void loginAccepted()
    {
        length += SoupBinTCP.loginAccepted(script, length, SESSION, 1);
    }

    private void addOrder(final long reference)
    {
        final int messageLength = ItchWriter.addOrder(
            message, 0, 1, 0, 0, reference, (byte)'B', 100, ItchWriter.stock("AAPL"), 1_000_000);
        length += SoupBinTCP.sequencedData(script, length, message, 0, messageLength);
    }

    private void endOfSnapshot(final long next)
    {
        length += SoupBinTCP.sequencedData(script, length, message, 0, EndOfSnapshot.encode(message, 0, next));
    }

    private void serverHeartbeat()
    {
        length += SoupBinTCP.emptyPacket(script, length, SoupBinTCP.SERVER_HEARTBEAT);
    }

    private void endOfSession()
    {
        length += SoupBinTCP.emptyPacket(script, length, SoupBinTCP.END_OF_SESSION);
    }
}
