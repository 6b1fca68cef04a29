package io.wirebook.binaryfile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.zip.GZIPOutputStream;

import com.sun.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a gzipped day, after warm-up, allocates nothing per message: the reader refills one buffer. */
class BinaryFileReaderAllocationTest
{
    private static final int MESSAGES = 200_000;

    private long checksum;

    @Test
    void readingAGzippedDayAllocatesNothingPerMessage() throws IOException
    {
        final byte[] day = gzippedDay();
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final BinaryFileHandler handler = (buffer, offset, length) -> checksum += buffer.getByte(offset) + length;

        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++)
        {
            try (BinaryFileReader reader = BinaryFileReader.open(new ByteArrayInputStream(day), 1 << 20))
            {
                reader.read(handler, 1_000);  // the first refill, and the reader's own buffers, come before
                final long before = threads.getCurrentThreadAllocatedBytes();
                while (reader.read(handler, 1_000) > 0)
                {
                    checksum++;
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertThat(reader.messages()).isEqualTo(MESSAGES);
                least = Math.min(least, allocated);
            }
        }
        assertThat(least).as("bytes allocated reading %,d messages", MESSAGES).isLessThan(1_024);
    }

    private static byte[] gzippedDay() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BinaryFileWriter writer = BinaryFileWriter.of(new GZIPOutputStream(bytes)))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[36]);
            for (int i = 0; i < MESSAGES; i++)
            {
                message.putByte(0, (byte)'A');
                message.putInt(1, i);
                writer.write(message, 0, 20 + i % 17);
            }
        }
        return bytes.toByteArray();
    }
}
