package io.wirebook.feed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import io.wirebook.capture.PacketCapture;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FeedHandlerCaptureTest
{
    private static final int HEARTBEATS = 5;

    @TempDir
    Path dir;

    @Test
    void theBuildersCaptureOpensWithThePathReachesItAndIsCompleteOnClose() throws Exception
    {
        final Path file = dir.resolve("sub").resolve("capture.pcap");
        final HeartbeatPath path = new HeartbeatPath();
        final FeedHandler feed = ScriptedRxPath.oneChannelFeed(path)
            .capture(file)
            .build();
        assertThat(feed.capture()).as("nothing opened before the path").isNull();
        feed.open();
        assertThat(path.config.capture()).as("handed to the path").isSameAs(feed.capture()).isNotNull();
        for (int i = 0; i < HEARTBEATS; i++)
        {
            feed.doWork();
        }
        feed.close();

        assertThat(path.capturedOnClose).as("the path closed before the capture").isEqualTo(HEARTBEATS);
        assertThat(feed.capture().capturedPackets()).isEqualTo(HEARTBEATS);
        assertThat(feed.capture().droppedPackets()).isZero();
        assertThat(feed.channel(0).drops()).as("capture never touches the feed's counts").isZero();
        assertThat(feed.capture().bytesWritten()).isEqualTo(Files.size(file))
            .isEqualTo(24 + HEARTBEATS * (16 + 14 + 20 + 8 + MoldUDP64.HEADER_LENGTH));
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getInt(0)).isEqualTo(0xA1B23C4D);
    }

    @Test
    void withoutCaptureThePathGetsNone() throws Exception
    {
        final HeartbeatPath path = new HeartbeatPath();
        final FeedHandler feed = ScriptedRxPath.oneChannelFeed(path).build();
        feed.open();
        feed.doWork();
        feed.close();
        assertThat(path.config.capture()).isNull();
        assertThat(feed.capture()).isNull();
    }

    /** Hands over one heartbeat per poll, capturing it first as a socket path does. */
    private static final class HeartbeatPath extends QueuedRxPath
    {
        private final UnsafeBuffer packet = new UnsafeBuffer(new byte[MoldUDP64.HEADER_LENGTH]);
        RxConfig config;
        long capturedOnClose = -1;
        private long sequence = 1;

        @Override
        public void open(final RxConfig config)
        {
            this.config = config;
        }

        @Override
        public int poll(final DatagramHandler handler)
        {
            final int length = MoldUDP64.heartbeat(packet, 0, Packets.SESSION, sequence);
            final long stamp = HostClock.nanos();
            final PacketCapture capture = config.capture();
            if (capture != null)
            {
                capture.datagram(Channel.parseIpv4("198.18.0.1"), 12344, config.flows().get(0).address().group(),
                    config.flows().get(0).address().port(), packet, 0, length, stamp);
            }
            handler.onDatagram(0, packet, 0, length, stamp);
            return 1;
        }

        @Override
        public void close()
        {
            final PacketCapture capture = config.capture();
            capturedOnClose = capture == null ? -1 : capture.capturedPackets();
        }
    }
}
