package io.wirebook.rx.paths;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture file read back for the path tests: each record as an Ethernet/IPv4/UDP frame (no VLAN tag), with its
 * stamp. Checks the nanosecond pcap global header on the way.
 */
public record CapturedFrames(List<Frame> frames)
{
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int IP = 14;
    private static final int UDP = IP + 20;
    private static final int PAYLOAD = UDP + 8;

    /** One captured frame: its pcap stamp (epoch nanoseconds) and its bytes. */
    public record Frame(long epochNanos, byte[] bytes)
    {
        private ByteBuffer be()
        {
            return ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        }

        public int source()
        {
            return be().getInt(IP + 12);
        }

        public int destination()
        {
            return be().getInt(IP + 16);
        }

        public int sourcePort()
        {
            return be().getShort(UDP) & 0xFFFF;
        }

        public int destinationPort()
        {
            return be().getShort(UDP + 2) & 0xFFFF;
        }

        public int payloadLength()
        {
            return (be().getShort(UDP + 4) & 0xFFFF) - 8;
        }

        /** The payload's first 8 bytes, little-endian: the tests' sequence number or packet index. */
        public long payloadLong()
        {
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(PAYLOAD);
        }

        public int payloadInt()
        {
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(PAYLOAD);
        }
    }

    public static CapturedFrames read(final Path file) throws IOException
    {
        final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.getInt(0)).as("nanosecond pcap magic").isEqualTo(0xA1B23C4D);
        assertThat(in.getInt(20)).as("LINKTYPE_ETHERNET").isEqualTo(1);
        final List<Frame> frames = new ArrayList<>();
        int at = GLOBAL_HEADER;
        while (at < in.limit())
        {
            final long nanos = (in.getInt(at) & 0xFFFF_FFFFL) * 1_000_000_000L + in.getInt(at + 4);
            final int captured = in.getInt(at + 8);
            assertThat(in.getInt(at + 12)).as("original length").isEqualTo(captured);
            final byte[] bytes = new byte[captured];
            in.get(at + RECORD_HEADER, bytes);
            frames.add(new Frame(nanos, bytes));
            at += RECORD_HEADER + captured;
        }
        assertThat(at).isEqualTo(in.limit());
        return new CapturedFrames(List.copyOf(frames));
    }
}
