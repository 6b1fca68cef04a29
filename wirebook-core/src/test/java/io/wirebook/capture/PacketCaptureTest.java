package io.wirebook.capture;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.ThreadMXBean;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.FilterCounters;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FrameFilter;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PacketCaptureTest
{
    private static final int SOURCE = Channel.parseIpv4("198.18.0.1");
    private static final int GROUP = Channel.parseIpv4("239.129.2.3");
    private static final int SOURCE_PORT = 12344;
    private static final int PORT = 12345;

    @TempDir
    Path dir;

    @Test
    void datagramGetsEthernetIpv4AndUdpHeadersThatAFrameFilterAccepts() throws Exception
    {
        final Path file = dir.resolve("d.pcap");
        final UnsafeBuffer payload = new UnsafeBuffer("MOLDPACKET-PAYLOAD".getBytes());
        final long stamp = HostClock.nanos() - 5_000;
        final long offset;
        try (PacketCapture capture = PacketCapture.open(file))
        {
            assertThat(capture.datagram(SOURCE, SOURCE_PORT, GROUP, PORT, payload, 4, 6, stamp)).isTrue();
            offset = capture.epochOffsetNanos();
        }

        final List<PcapRecords.Record> records = PcapRecords.read(file);
        assertThat(records).hasSize(1);
        final PcapRecords.Record record = records.get(0);
        assertThat(record.epochNanos()).as("the arrival stamp in epoch time").isEqualTo(stamp + offset);
        assertThat(record.capturedLength()).isEqualTo(14 + 20 + 8 + 6).isEqualTo(record.originalLength());
        final ByteBuffer frame = ByteBuffer.wrap(record.bytes()).order(ByteOrder.BIG_ENDIAN);
        // 239.129.2.3: the low 23 bits are 01:02:03 (the group's top bit of the second octet is not mapped).
        assertThat(new byte[] {frame.get(0), frame.get(1), frame.get(2), frame.get(3), frame.get(4), frame.get(5)})
            .containsExactly(0x01, 0x00, 0x5E, 0x01, 0x02, 0x03);
        assertThat(frame.getShort(12)).as("EtherType IPv4").isEqualTo((short)0x0800);
        assertThat(frame.get(14)).as("version 4, IHL 5").isEqualTo((byte)0x45);
        assertThat(frame.getShort(16)).as("IPv4 total length").isEqualTo((short)(20 + 8 + 6));
        assertThat(frame.getShort(20)).as("DF, no fragment").isEqualTo((short)0x4000);
        assertThat(frame.get(22)).as("TTL").isPositive();
        assertThat(frame.get(23)).as("protocol UDP").isEqualTo((byte)17);
        assertThat(frame.getInt(26)).isEqualTo(SOURCE);
        assertThat(frame.getInt(30)).isEqualTo(GROUP);
        assertThat(onesComplementSum(record.bytes(), 14, 20)).as("IPv4 header checksum verifies").isEqualTo(0xFFFF);
        assertThat(frame.getShort(34) & 0xFFFF).isEqualTo(SOURCE_PORT);
        assertThat(frame.getShort(36) & 0xFFFF).isEqualTo(PORT);
        assertThat(frame.getShort(38)).as("UDP length").isEqualTo((short)(8 + 6));
        assertThat(frame.getShort(40)).as("no UDP checksum").isZero();
        assertThat(new String(record.bytes(), 42, 6)).isEqualTo("PACKET");

        final FrameFilter filter = new FrameFilter(List.of(
            new Flow(0, Flow.LINE_A, new Channel(GROUP, PORT), SOURCE, SOURCE_PORT, "wbh-a", 0)), "wbh-a",
            new FilterCounters(HandlerCounters.inMemory(16)));
        final List<String> handed = new ArrayList<>();
        assertThat(filter.onFrame(new UnsafeBuffer(record.bytes()), 0, record.capturedLength(), 0,
            (flow, buffer, at, length, arrival) -> handed.add(buffer.getStringWithoutLengthAscii(at, length))))
            .as("the rebuilt frame passes the raw-frame paths' own checks").isTrue();
        assertThat(handed).containsExactly("PACKET");
    }

    @Test
    void unicastDestinationGetsAMadeUpMacAndChecksumsHoldForAnyAddresses() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int[] addresses = {0, -1, 0x7F000001, Channel.parseIpv4("198.18.2.1"), Channel.parseIpv4("224.0.0.1")};
        for (final int source : addresses)
        {
            for (final int destination : addresses)
            {
                for (final int length : new int[] {0, 1, 1471, UdpFrameHeaders.MAX_PAYLOAD})
                {
                    assertThat(UdpFrameHeaders.write(buffer, 0, source, 1, destination, 65535, length))
                        .isEqualTo(42 + length);
                    final byte[] bytes = new byte[42];
                    buffer.getBytes(0, bytes);
                    assertThat(onesComplementSum(bytes, 14, 20)).isEqualTo(0xFFFF);
                    assertThat(buffer.getShort(16, ByteOrder.BIG_ENDIAN) & 0xFFFF).isEqualTo(28 + length);
                    assertThat(buffer.getShort(38, ByteOrder.BIG_ENDIAN) & 0xFFFF).isEqualTo(8 + length);
                    final boolean multicast = (destination >>> 28) == 0xE;
                    assertThat(buffer.getByte(0)).isEqualTo(multicast ? (byte)0x01 : (byte)0x02);
                }
            }
        }
    }

    @Test
    void framesKeepTheirBytesAndAFrameWithoutStampIsStampedAtCapture() throws Exception
    {
        final Path file = dir.resolve("f.pcap");
        final UnsafeBuffer frames = new UnsafeBuffer(new byte[4096]);
        for (int i = 0; i < frames.capacity(); i++)
        {
            frames.putByte(i, (byte)(i * 7));
        }
        final long stamp = 123_456_789L;
        final long before;
        final long after;
        final long offset;
        try (PacketCapture capture = PacketCapture.open(file))
        {
            assertThat(capture.frame(frames, 100, 60, stamp)).isTrue();
            before = HostClock.nanos();
            assertThat(capture.frame(frames, 0, 1514, HostClock.NO_STAMP)).isTrue();
            after = HostClock.nanos();
            offset = capture.epochOffsetNanos();
            assertThat(capture.capturedPackets()).isEqualTo(2);
        }
        assertThat(offset).as("CLOCK_REALTIME - CLOCK_MONOTONIC")
            .isCloseTo(Instant.now().toEpochMilli() * 1_000_000 - System.nanoTime(), within(1_000_000_000L));

        final List<PcapRecords.Record> records = PcapRecords.read(file);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).epochNanos()).isEqualTo(stamp + offset);
        assertThat(records.get(0).capturedLength()).isEqualTo(60);
        for (int i = 0; i < 60; i++)
        {
            assertThat(records.get(0).bytes()[i]).isEqualTo((byte)((100 + i) * 7));
        }
        assertThat(records.get(1).epochNanos()).isBetween(before + offset, after + offset);
        assertThat(records.get(1).capturedLength()).isEqualTo(1514).isEqualTo(records.get(1).originalLength());
    }

    @Test
    void aFullRingDropsWithoutBlockingAndCountsTheDrops() throws Exception
    {
        final Path file = dir.resolve("full.pcap");
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[1000]);
        final PacketCapture capture = PacketCapture.openUnstarted(file, 16 * 1024, HandlerCounters.inMemory(3));
        int accepted = 0;
        for (int i = 0; i < 100; i++)
        {
            frame.putInt(0, i);
            if (capture.frame(frame, 0, 1000, i))
            {
                accepted++;
            }
        }
        final int acceptedBeforeDrain = accepted;
        assertThat(accepted).as("what 16 KiB holds of 1000-byte frames").isBetween(10, 16);
        assertThat(capture.droppedPackets()).isEqualTo(100 - accepted);
        assertThat(capture.datagram(SOURCE, SOURCE_PORT, GROUP, PORT, frame, 0, 1000 - 42, 1))
            .as("a datagram as long as the frames that did not fit").isFalse();
        assertThat(capture.droppedPackets()).isEqualTo(101 - accepted);
        assertThat(capture.capturedPackets()).isEqualTo(accepted);

        capture.close();
        final List<PcapRecords.Record> records = PcapRecords.read(file);
        assertThat(records).hasSize(acceptedBeforeDrain);
        for (int i = 0; i < records.size(); i++)
        {
            assertThat(ByteBuffer.wrap(records.get(i).bytes()).order(ByteOrder.nativeOrder()).getInt(0))
                .as("the first frames offered are the ones kept, in order").isEqualTo(i);
        }
        assertThat(capture.bytesWritten()).isEqualTo(24 + acceptedBeforeDrain * (16 + 1000L));
    }

    @Test
    void thePollThreadSideAllocatesNothingAfterWarmUp() throws Exception
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer packet = new UnsafeBuffer(ByteBuffer.allocateDirect(1514));
        try (PacketCapture capture =
            PacketCapture.open(dir.resolve("alloc.pcap"), 1 << 16, HandlerCounters.inMemory(3)))
        {
            for (int i = 0; i < 20_000; i++)
            {
                offer(capture, packet, i);
            }
            // The least of three intervals: the JIT may still recompile once mid-interval (1,296 bytes, seen once in
            // a whole-suite run), whereas a capture that allocates does so in every interval, megabytes over 400k.
            long allocated = Long.MAX_VALUE;
            int intervals = 0;
            while (intervals < 3 && allocated >= 1024)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 200_000; i++)
                {
                    offer(capture, packet, i);
                }
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
                intervals++;
            }
            assertThat(capture.capturedPackets() + capture.droppedPackets())
                .isEqualTo(2 * (20_000 + 200_000L * intervals));
            assertThat(allocated).as("bytes the poll thread allocated for 400k packets, captured or dropped")
                .isLessThan(1024);
        }
    }

    private static void offer(final PacketCapture capture, final UnsafeBuffer packet, final int i)
    {
        capture.frame(packet, 0, 60 + (i & 1023), i);
        capture.datagram(SOURCE, SOURCE_PORT, GROUP, PORT, packet, 0, 20 + (i & 511), HostClock.NO_STAMP);
    }

    /** RFC 1071 over {@code length} bytes: 0xFFFF when a header with its checksum is intact. */
    static int onesComplementSum(final byte[] bytes, final int from, final int length)
    {
        int sum = 0;
        for (int i = from; i < from + length; i += 2)
        {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }
}
