package io.wirebook.recovery;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import com.sun.management.ThreadMXBean;
import io.wirebook.glimpse.EndOfSnapshot;
import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.soupbintcp.SoupBinTCP;
import io.wirebook.stats.HostClock;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** After warm-up the recovery clients allocate nothing per request, reply or snapshot message. */
class RecoveryClientsAllocationTest
{
    private static final byte[] SESSION = MoldUDP64.session("WB0000001");

    private final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private long replies;

    @Test
    void requestAndPollAllocateNothing() throws Exception
    {
        final DatagramHandler handler = (flow, buffer, offset, length, arrivalNanos) -> replies++;
        try (DatagramChannel server = DatagramChannel.open())
        {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (RequestClient client = new RequestClient(
                (InetSocketAddress)server.getLocalAddress(), InetAddress.getLoopbackAddress()))
            {
                server.connect(client.localAddress());
                final ByteBuffer reply = ByteBuffer.allocateDirect(MoldUDP64.HEADER_LENGTH);
                MoldUDP64.heartbeat(new UnsafeBuffer(reply), 0, SESSION, 1);

                exchange(client, server, reply, handler, 20_000);
                exchange(client, server, reply, handler, 20_000);
                final long allocated = exchange(client, server, reply, handler, 20_000);

                assertThat(client.sendFailures()).isZero();
                assertThat(replies).isEqualTo(60_000);
                // One object per request or reply would be 320 KB at least; a late JIT recompilation can leave about
                // a kilobyte once, as in the batching paths' allocation test.
                assertThat(allocated).isLessThan(4_096);
            }
        }
    }

    @Test
    void aSnapshotsMessagesAllocateNothing() throws Exception
    {
        final int count = 60_000;
        final ExpandableArrayBuffer script = new ExpandableArrayBuffer(count * 40);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        int length = SoupBinTCP.loginAccepted(script, 0, SESSION, 1);
        for (int i = 1; i <= count; i++)
        {
            final int messageLength = ItchWriter.addOrder(
                message, 0, 1, 0, 0, i, (byte)'B', 100, ItchWriter.stock("AAPL"), 1_000_000);
            length += SoupBinTCP.sequencedData(script, length, message, 0, messageLength);
        }
        length += SoupBinTCP.sequencedData(script, length, message, 0, EndOfSnapshot.encode(message, 0, count + 1));

        final long[] messages = {0};
        final long[] next = {0};
        final SnapshotListener listener = new SnapshotListener()
        {
            @Override
            public void onSnapshotStart(final byte[] session)
            {
            }

            @Override
            public void onSnapshotMessage(final DirectBuffer buffer, final int offset, final int length)
            {
                messages[0]++;
            }

            @Override
            public void onSnapshotEnd(final long nextSequenceNumber)
            {
                next[0] = nextSequenceNumber;
            }

            @Override
            public void onSnapshotFailed(final String reason)
            {
                throw new AssertionError(reason);
            }
        };
        try (ScriptedSoupServer server = new ScriptedSoupServer(script, length, false, false);
            SnapshotClient client = new SnapshotClient(server.address(), "", "", 10_000_000_000L))
        {
            client.start(HostClock.nanos());
            long allocated = 0;
            final long deadline = HostClock.nanos() + 20_000_000_000L;
            while (client.active() && HostClock.nanos() < deadline)
            {
                // Measure once the JIT has had the first half to compile the frame loop.
                final boolean measure = messages[0] > count / 2;
                final long before = threads.getCurrentThreadAllocatedBytes();
                client.poll(HostClock.nanos(), listener);
                if (measure)
                {
                    allocated += threads.getCurrentThreadAllocatedBytes() - before;
                }
            }

            assertThat(next[0]).isEqualTo(count + 1);
            assertThat(messages[0]).isEqualTo(count);
            assertThat(allocated).isLessThan(1_024);
        }
    }

    /** @return the bytes the client's calls allocated, the fake server's sends left out. */
    private long exchange(
        final RequestClient client, final DatagramChannel server, final ByteBuffer reply,
        final DatagramHandler handler, final int rounds) throws Exception
    {
        long allocated = 0;
        for (int i = 0; i < rounds; i++)
        {
            long before = threads.getCurrentThreadAllocatedBytes();
            client.request(SESSION, 1 + i, 10);
            allocated += threads.getCurrentThreadAllocatedBytes() - before;

            reply.clear();
            server.write(reply);

            final long expected = replies + 1;
            while (replies < expected)
            {
                before = threads.getCurrentThreadAllocatedBytes();
                client.poll(handler, 0);
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
            }
        }
        return allocated;
    }
}
