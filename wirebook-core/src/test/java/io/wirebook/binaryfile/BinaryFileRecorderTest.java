package io.wirebook.binaryfile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.ThreadMXBean;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BinaryFileRecorderTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);

    @Test
    void recordsEveryMessageTypeItHearsByteForByte() throws IOException
    {
        final Path file = dir.resolve("rec.itch.gz");
        final HandlerCounters counters = HandlerCounters.inMemory(8);
        final List<byte[]> sent = new ArrayList<>();
        try (BinaryFileRecorder recorder = BinaryFileRecorder.open(file, 1 << 16, counters))
        {
            for (int i = 0; i < 1_000; i++)
            {
                sent.add(apply(recorder, i));
            }
        }

        assertThat(counters.value("record.messages")).isEqualTo(1_000);
        assertThat(counters.value("record.dropped")).isZero();
        assertThat(counters.value("record.bytes")).isEqualTo(sent.stream().mapToLong(m -> m.length + 2).sum());
        final List<byte[]> read = new ArrayList<>();
        try (BinaryFileReader in = BinaryFileReader.open(file))
        {
            while (in.read((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                read.add(copy);
            }, 100) > 0)
            {
                assertThat(read).isNotEmpty();
            }
        }
        assertThat(read).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++)
        {
            assertThat(read.get(i)).as("message %d", i).isEqualTo(sent.get(i));
        }
    }

    @Test
    void aFullRingDropsFromTheRecordingNotTheFeed() throws IOException
    {
        final HandlerCounters counters = HandlerCounters.inMemory(8);
        final BinaryFileRecorder recorder = BinaryFileRecorder.openUnstarted(dir.resolve("full.itch"), 4096, counters);
        for (int i = 0; i < 1_000; i++)
        {
            apply(recorder, i);
        }
        recorder.close();

        assertThat(counters.value("record.dropped")).isPositive();
        assertThat(counters.value("record.messages") + counters.value("record.dropped")).isEqualTo(1_000);
        assertThat(counters.value("record.bytes")).isPositive();
    }

    @Test
    void recordingAllocatesNothingOnThePollThread() throws IOException
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (BinaryFileRecorder recorder = BinaryFileRecorder.open(dir.resolve("a.itch"), 8 << 20,
            HandlerCounters.inMemory(8)))
        {
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 4; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 50_000; i++)
                {
                    recorder.onMessage(message, 0, encode(i % 8));
                }
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
                waitForDrain(recorder, (round + 1) * 50_000L);
            }
            assertThat(least).as("bytes allocated recording 50,000 messages").isLessThan(1_024);
            assertThat(recorder.droppedMessages()).isZero();
        }
    }

    private static void waitForDrain(final BinaryFileRecorder recorder, final long messages)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (recorder.bytesWritten() == 0 && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertThat(recorder.recordedMessages()).isEqualTo(messages);
    }

    /** Encodes message {@code i} (one of eight types) and hands its bytes to the recorder, as the handler does. */
    private byte[] apply(final BinaryFileRecorder recorder, final int i)
    {
        final int length = encode(i);
        assertThat(ItchReader.check(message, 0, length)).isEqualTo(ItchReader.OK);
        recorder.onMessage(message, 0, length);
        final byte[] copy = new byte[length];
        message.getBytes(0, copy);
        return copy;
    }

    private int encode(final int i)
    {
        return switch (i % 8)
        {
            case 0 -> ItchWriter.systemEvent(message, 0, 0, i, ItchMessages.EVENT_START_OF_MESSAGES);
            case 1 -> ItchWriter.stockDirectory(message, 0, 1 + i % 7, 0, i, 0x4141414120202020L, 100);
            case 2 -> ItchWriter.addOrder(message, 0, 1, 0, i, i, ItchMessages.BUY, 100, 0x4141414120202020L, 10_000);
            case 3 -> ItchWriter.orderExecuted(message, 0, 1, 0, i, i, 10, i);
            case 4 -> ItchWriter.orderCancel(message, 0, 1, 0, i, i, 5);
            case 5 -> ItchWriter.orderDelete(message, 0, 1, 0, i, i);
            case 6 -> ItchWriter.orderReplace(message, 0, 1, 0, i, i, i + 1, 100, 10_100);
            default -> ItchWriter.trade(message, 0, 1, 0, i, 0, ItchMessages.SELL, 100, 0x4141414120202020L,
                10_000, i);
        };
    }
}
