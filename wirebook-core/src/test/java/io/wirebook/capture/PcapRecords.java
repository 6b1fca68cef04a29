package io.wirebook.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a pcap file back, byte by byte, for the tests: checks the global header and lists the records. */
final class PcapRecords
{
    record Record(long epochNanos, int capturedLength, int originalLength, byte[] bytes)
    {
    }

    private PcapRecords()
    {
    }

    static List<Record> read(final Path file) throws IOException
    {
        final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.remaining()).isGreaterThanOrEqualTo(24);
        assertThat(in.getInt(0)).as("magic (nanosecond pcap)").isEqualTo(0xA1B23C4D);
        assertThat(in.getShort(4)).as("version major").isEqualTo((short)2);
        assertThat(in.getShort(6)).as("version minor").isEqualTo((short)4);
        assertThat(in.getInt(8)).as("thiszone").isZero();
        assertThat(in.getInt(12)).as("sigfigs").isZero();
        assertThat(in.getInt(16)).as("snaplen").isEqualTo(65535);
        assertThat(in.getInt(20)).as("link type (Ethernet)").isEqualTo(1);
        final List<Record> records = new ArrayList<>();
        int at = 24;
        while (at < in.limit())
        {
            assertThat(in.limit() - at).as("room for a record header").isGreaterThanOrEqualTo(16);
            final long seconds = in.getInt(at) & 0xFFFF_FFFFL;
            final int nanos = in.getInt(at + 4);
            assertThat(nanos).as("nanoseconds field").isBetween(0, 999_999_999);
            final int captured = in.getInt(at + 8);
            final int original = in.getInt(at + 12);
            final byte[] bytes = new byte[captured];
            in.get(at + 16, bytes);
            records.add(new Record(seconds * 1_000_000_000L + nanos, captured, original, bytes));
            at += 16 + captured;
        }
        assertThat(at).as("the last record ends at the end of the file").isEqualTo(in.limit());
        return records;
    }
}
