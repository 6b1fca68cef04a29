package io.wirebook.binaryfile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.agrona.DirectBuffer;

/**
 * Writes messages as a BinaryFILE, gzipped when the file's name ends in {@code .gz}. Each message is copied into
 * one reused array, so writing allocates nothing per message; a recorder can call it on its own thread.
 */
public final class BinaryFileWriter implements AutoCloseable
{
    private final OutputStream out;
    private final byte[] frame = new byte[BinaryFile.LENGTH_PREFIX + BinaryFile.MAX_MESSAGE_LENGTH];
    private long messages;
    private long bytes;

    private BinaryFileWriter(final OutputStream out)
    {
        this.out = out;
    }

    /** Creates (or truncates) {@code file}. */
    public static BinaryFileWriter create(final Path file) throws IOException
    {
        final OutputStream raw = Files.newOutputStream(file);
        final OutputStream out = BinaryFile.gzippedByName(file) ?
            new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
        return new BinaryFileWriter(out);
    }

    /** Writes to {@code out}, uncompressed; closing the writer closes it. */
    public static BinaryFileWriter of(final OutputStream out)
    {
        return new BinaryFileWriter(new BufferedOutputStream(out, 1 << 16));
    }

    /** Appends one message. */
    public void write(final DirectBuffer buffer, final int offset, final int length) throws IOException
    {
        if (length < 0 || length > BinaryFile.MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException("a message of " + length + " bytes does not fit a 2-byte length");
        }
        frame[0] = (byte)(length >>> 8);
        frame[1] = (byte)length;
        buffer.getBytes(offset, frame, BinaryFile.LENGTH_PREFIX, length);
        out.write(frame, 0, BinaryFile.LENGTH_PREFIX + length);
        messages++;
        bytes += BinaryFile.LENGTH_PREFIX + length;
    }

    public long messages()
    {
        return messages;
    }

    /** Uncompressed bytes written. */
    public long bytes()
    {
        return bytes;
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
