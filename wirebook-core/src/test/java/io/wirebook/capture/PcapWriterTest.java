package io.wirebook.capture;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PcapWriterTest
{
    @TempDir
    Path dir;

    @Test
    void writesTheGlobalHeaderAndEachRecordWithNanosecondStamps() throws Exception
    {
        final Path file = dir.resolve("a.pcap");
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[100]);
        for (int i = 0; i < frame.capacity(); i++)
        {
            frame.putByte(i, (byte)i);
        }
        final long t0 = 1_764_590_000_123_456_789L;
        try (PcapWriter writer = new PcapWriter(FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE), 70_000))
        {
            writer.write(t0, frame, 0, 60, 60);
            writer.write(t0 + 1, frame, 10, 42, 42);
            writer.write(t0 + 999_999_999L, frame, 0, 100, 1500);
            assertThat(writer.records()).isEqualTo(3);
        }

        final byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isEqualTo(24 + 3 * 16 + 60 + 42 + 100);
        // Little-endian nanosecond magic, as libpcap writes it on x86: d4 c3 b2 a1 is microseconds, 4d 3c b2 a1 nanos.
        assertThat(new byte[] {bytes[0], bytes[1], bytes[2], bytes[3]})
            .containsExactly(0x4D, 0x3C, 0xB2, 0xA1);
        final List<PcapRecords.Record> records = PcapRecords.read(file);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).epochNanos()).isEqualTo(t0);
        assertThat(records.get(0).capturedLength()).isEqualTo(60);
        assertThat(records.get(0).originalLength()).isEqualTo(60);
        assertThat(records.get(0).bytes()[59]).isEqualTo((byte)59);
        assertThat(records.get(1).epochNanos()).isEqualTo(t0 + 1);
        assertThat(records.get(1).bytes()[0]).isEqualTo((byte)10);
        assertThat(records.get(1).capturedLength()).isEqualTo(42);
        assertThat(records.get(2).epochNanos()).as("carries into the seconds").isEqualTo(t0 + 999_999_999L);
        assertThat(records.get(2).capturedLength()).isEqualTo(100);
        assertThat(records.get(2).originalLength()).as("the length on the wire").isEqualTo(1500);
    }

    @Test
    void flushesWhenTheNextRecordDoesNotFitAndCountsBytesWritten() throws Exception
    {
        final Path file = dir.resolve("b.pcap");
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[60_000]);
        try (PcapWriter writer = new PcapWriter(FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE), 70_000))
        {
            writer.write(1, frame, 0, 60_000, 60_000);
            assertThat(writer.bytesWritten()).as("still in the buffer").isZero();
            writer.write(2, frame, 0, 60_000, 60_000);
            assertThat(writer.bytesWritten()).as("the first record went out whole").isEqualTo(24 + 16 + 60_000);
            writer.flush();
            assertThat(writer.bytesWritten()).isEqualTo(24 + 2 * (16 + 60_000));
        }
        assertThat(PcapRecords.read(file)).extracting(PcapRecords.Record::epochNanos).containsExactly(1L, 2L);
    }
}
