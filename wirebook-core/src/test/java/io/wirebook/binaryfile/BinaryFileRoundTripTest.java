package io.wirebook.binaryfile;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryFileRoundTripTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "day.itch", "day.itch.gz" })
    void readsBackWhatWasWrittenPlainOrGzipped(final String name) throws IOException
    {
        final List<byte[]> written = randomMessages(20_000, 7);
        final Path file = write(dir.resolve(name), written);

        final List<byte[]> read = readAll(file, 3);

        assertThat(read).hasSameSizeAs(written);
        for (int i = 0; i < written.size(); i++)
        {
            assertThat(read.get(i)).as("message %d", i).isEqualTo(written.get(i));
        }
    }

    @Test
    void gzipIsToldByContentNotByName() throws IOException
    {
        final List<byte[]> written = randomMessages(100, 1);
        final Path gz = write(dir.resolve("a.itch.gz"), written);
        final Path renamed = Files.move(gz, dir.resolve("a.bin"));

        assertThat(readAll(renamed, 1_000)).hasSize(100);
        assertThat(Files.readAllBytes(renamed)[0]).isEqualTo((byte)0x1F);
    }

    @Test
    void aBufferThatSpillsKeepsMessagesWhole() throws IOException
    {
        final List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            final byte[] message = new byte[BinaryFile.MAX_MESSAGE_LENGTH - i];
            Arrays.fill(message, (byte)i);
            written.add(message);
        }
        final Path file = write(dir.resolve("big.itch"), written);

        final List<byte[]> read = new ArrayList<>();
        try (BinaryFileReader reader = BinaryFileReader.open(Files.newInputStream(file),
            BinaryFile.LENGTH_PREFIX + BinaryFile.MAX_MESSAGE_LENGTH))
        {
            while (reader.read((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                read.add(copy);
            }, 1) > 0)
            {
                assertThat(read).isNotEmpty();
            }
        }
        assertThat(read).hasSize(50);
        assertThat(read.get(49)).hasSize(BinaryFile.MAX_MESSAGE_LENGTH - 49).containsOnly((byte)49);
    }

    @Test
    void anEmptyFileHasNoMessages() throws IOException
    {
        final Path file = Files.write(dir.resolve("empty.itch"), new byte[0]);
        assertThat(readAll(file, 10)).isEmpty();
    }

    @Test
    void aFileCutInsideAMessageNamesWhereTheLastWholeOneEnds() throws IOException
    {
        final byte[] whole = Files.readAllBytes(write(dir.resolve("w.itch"), List.of(new byte[10], new byte[20])));
        final byte[] cut = Arrays.copyOf(whole, whole.length - 5);

        final List<Integer> lengths = new ArrayList<>();
        try (BinaryFileReader reader = BinaryFileReader.open(new ByteArrayInputStream(cut), 1 << 17))
        {
            assertThatThrownBy(() -> reader.read((buffer, offset, length) -> lengths.add(length), 10))
                .isInstanceOf(EOFException.class)
                .hasMessage("the file ends inside a message of 20 bytes; the last whole message ends at byte 12");
            assertThat(reader.messages()).isZero();
        }
        assertThat(lengths).containsExactly(10);
    }

    @Test
    void aFileCutInsideALengthIsAnErrorToo() throws IOException
    {
        final byte[] whole = Files.readAllBytes(write(dir.resolve("w.itch"), List.of(new byte[10])));
        final byte[] cut = Arrays.copyOf(whole, whole.length + 1);

        try (BinaryFileReader reader = BinaryFileReader.open(new ByteArrayInputStream(cut), 1 << 17))
        {
            assertThatThrownBy(() -> reader.read((buffer, offset, length) -> { }, 10))
                .isInstanceOf(EOFException.class)
                .hasMessage("the file ends inside a length prefix; the last whole message ends at byte 12");
        }
    }

    @Test
    void aMessageTooLongForTheLengthIsRefused() throws IOException
    {
        try (BinaryFileWriter writer = BinaryFileWriter.create(dir.resolve("x.itch")))
        {
            final UnsafeBuffer big = new UnsafeBuffer(new byte[BinaryFile.MAX_MESSAGE_LENGTH + 1]);
            assertThatThrownBy(() -> writer.write(big, 0, big.capacity()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a message of 65536 bytes does not fit a 2-byte length");
            assertThat(writer.messages()).isZero();
        }
    }

    @Test
    void theWriterCountsMessagesAndBytesAndTheReaderItsPosition() throws IOException
    {
        final Path file = write(dir.resolve("c.itch"), List.of(new byte[3], new byte[0], new byte[40]));
        assertThat(Files.size(file)).isEqualTo(3 * 2 + 43);
        try (BinaryFileReader reader = BinaryFileReader.open(file))
        {
            assertThat(reader.read((buffer, offset, length) -> { }, 2)).isEqualTo(2);
            assertThat(reader.position()).isEqualTo(2 + 3 + 2);
            assertThat(reader.read((buffer, offset, length) -> { }, 2)).isEqualTo(1);
            assertThat(reader.read((buffer, offset, length) -> { }, 2)).isZero();
            assertThat(reader.messages()).isEqualTo(3);
            assertThat(reader.position()).isEqualTo(49);
        }
    }

    static List<byte[]> randomMessages(final int count, final long seed)
    {
        final Random random = new Random(seed);
        final List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final byte[] message = new byte[random.nextInt(60)];
            random.nextBytes(message);
            messages.add(message);
        }
        return messages;
    }

    static Path write(final Path file, final List<byte[]> messages) throws IOException
    {
        try (BinaryFileWriter writer = BinaryFileWriter.create(file))
        {
            for (final byte[] message : messages)
            {
                writer.write(new UnsafeBuffer(message), 0, message.length);
            }
            assertThat(writer.messages()).isEqualTo(messages.size());
        }
        return file;
    }

    private static List<byte[]> readAll(final Path file, final int batch) throws IOException
    {
        final List<byte[]> read = new ArrayList<>();
        try (BinaryFileReader reader = BinaryFileReader.open(file))
        {
            while (reader.read((buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                read.add(copy);
            }, batch) > 0)
            {
                assertThat(reader.messages()).isEqualTo(read.size());
            }
        }
        return read;
    }
}
