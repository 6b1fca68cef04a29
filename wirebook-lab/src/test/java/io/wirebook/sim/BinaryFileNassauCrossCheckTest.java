package io.wirebook.sim;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.paritytrading.nassau.binaryfile.BinaryFILEReader;
import io.wirebook.binaryfile.BinaryFileReader;
import io.wirebook.binaryfile.BinaryFileWriter;
import io.wirebook.itch.ItchReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulated day written by wirebook's BinaryFILE writer reads the same through nassau 0.9.0's reader. */
class BinaryFileNassauCrossCheckTest
{
    private static final int MESSAGES = 50_000;

    @ParameterizedTest
    @ValueSource(strings = { "day.itch", "day.itch.gz" })
    void nassauReadsTheSameMessagesAsWirebook(final String name, @TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve(name);
        final List<byte[]> written = new ArrayList<>(MESSAGES);
        final OrderFlow flow = new OrderFlow(42, 50);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        try (BinaryFileWriter writer = BinaryFileWriter.create(file))
        {
            for (int i = 0; i < MESSAGES; i++)
            {
                final int length = flow.next(message, 0);
                assertThat(ItchReader.check(message, 0, length)).isEqualTo(ItchReader.OK);
                writer.write(message, 0, length);
                final byte[] copy = new byte[length];
                message.getBytes(0, copy);
                written.add(copy);
            }
        }

        final List<byte[]> byNassau = new ArrayList<>(MESSAGES);
        try (BinaryFILEReader reader = BinaryFILEReader.open(new File(file.toString()), (final ByteBuffer buffer) ->
        {
            final byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            byNassau.add(copy);
        }))
        {
            while (reader.read())
            {
                assertThat(byNassau).isNotEmpty();
            }
        }
        final List<byte[]> byWirebook = new ArrayList<>(MESSAGES);
        try (BinaryFileReader reader = BinaryFileReader.open(file))
        {
            while (reader.read((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                byWirebook.add(copy);
            }, 4_096) > 0)
            {
                assertThat(byWirebook).isNotEmpty();
            }
        }

        assertThat(byNassau).hasSize(MESSAGES);
        assertThat(byWirebook).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++)
        {
            assertThat(byNassau.get(i)).as("message %d by nassau", i).isEqualTo(written.get(i));
            assertThat(byWirebook.get(i)).as("message %d by wirebook", i).isEqualTo(written.get(i));
        }
    }
}
