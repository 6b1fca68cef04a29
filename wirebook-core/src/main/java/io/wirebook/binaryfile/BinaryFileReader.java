package io.wirebook.binaryfile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams the messages of a BinaryFILE, plain or gzipped (told by its first bytes, not its name), through one
 * reused buffer: reading allocates nothing per message, whatever the file's size.
 *
 * <p>A file that ends inside a message is an error that names the byte offset where the last whole message ends,
 * so a truncated download is told apart from a short day.
 */
public final class BinaryFileReader implements AutoCloseable
{
    /** How much of the file is read at a time; a multiple of the largest message, so one always fits. */
    public static final int DEFAULT_BUFFER_SIZE = 1 << 20;

    private final InputStream in;
    private final byte[] bytes;
    private final UnsafeBuffer buffer;
    private int start;
    private int end;
    private long position;
    private long messages;
    private boolean endOfFile;

    private BinaryFileReader(final InputStream in, final int bufferSize)
    {
        if (bufferSize < BinaryFile.LENGTH_PREFIX + BinaryFile.MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException("buffer of " + bufferSize + " bytes cannot hold the largest message ("
                + (BinaryFile.LENGTH_PREFIX + BinaryFile.MAX_MESSAGE_LENGTH) + " bytes)");
        }
        this.in = in;
        this.bytes = new byte[bufferSize];
        this.buffer = new UnsafeBuffer(bytes);
    }

    /** Opens {@code file}, gunzipping it if it starts as gzip does. */
    public static BinaryFileReader open(final Path file) throws IOException
    {
        return open(Files.newInputStream(file), DEFAULT_BUFFER_SIZE);
    }

    /** Reads {@code source}, gunzipping it if it starts as gzip does; closing the reader closes it. */
    public static BinaryFileReader open(final InputStream source, final int bufferSize) throws IOException
    {
        final InputStream buffered = new BufferedInputStream(source, 1 << 16);
        final InputStream in = BinaryFile.gzippedByContent(buffered) ?
            new GZIPInputStream(buffered, 1 << 16) : buffered;
        return new BinaryFileReader(in, bufferSize);
    }

    /**
     * Hands up to {@code limit} messages to {@code handler}.
     *
     * @return how many were handed over; 0 only at the end of the file.
     * @throws EOFException when the file ends inside a message.
     */
    public int read(final BinaryFileHandler handler, final int limit) throws IOException
    {
        int count = 0;
        while (count < limit)
        {
            if (end - start < BinaryFile.LENGTH_PREFIX && !fill(BinaryFile.LENGTH_PREFIX))
            {
                break;
            }
            final int length = buffer.getShort(start, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int framed = BinaryFile.LENGTH_PREFIX + length;
            if (end - start < framed && !fill(framed))
            {
                throw new EOFException("the file ends inside a message of " + length + " bytes; the last whole " +
                    "message ends at byte " + position);
            }
            handler.onMessage(buffer, start + BinaryFile.LENGTH_PREFIX, length);
            start += framed;
            position += framed;
            count++;
        }
        messages += count;
        return count;
    }

    /** Messages handed over so far. */
    public long messages()
    {
        return messages;
    }

    /** Bytes of the (uncompressed) file consumed so far. */
    public long position()
    {
        return position;
    }

    /**
     * Makes at least {@code needed} bytes available from {@code start}, moving the rest to the front first.
     *
     * @return false at the end of the file with fewer bytes left; an end exactly between messages leaves none.
     */
    private boolean fill(final int needed) throws IOException
    {
        if (start > 0)
        {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end < needed && !endOfFile)
        {
            final int n = in.read(bytes, end, bytes.length - end);
            if (n < 0)
            {
                endOfFile = true;
            }
            else
            {
                end += n;
            }
        }
        if (end < needed && end > 0 && needed == BinaryFile.LENGTH_PREFIX)
        {
            throw new EOFException("the file ends inside a length prefix; the last whole message ends at byte " +
                position);
        }
        return end >= needed;
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }
}
