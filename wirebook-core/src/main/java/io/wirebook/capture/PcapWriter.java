package io.wirebook.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.wirebook.capture.PcapFormat.BYTE_ORDER;
import static io.wirebook.capture.PcapFormat.NANOS_PER_SECOND;

/**
 * Writes a nanosecond pcap file ({@link PcapFormat}) through one buffer: records collect in it and reach the
 * channel in big writes, when the next one does not fit or on {@link #flush()}. One thread only.
 */
public final class PcapWriter implements AutoCloseable
{
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private int position;
    private long bytesWritten;
    private long records;

    /** Writes the global header into the buffer; nothing reaches the channel before the first flush. */
    public PcapWriter(final FileChannel channel, final int bufferBytes)
    {
        if (bufferBytes < PcapFormat.GLOBAL_HEADER_LENGTH + PcapFormat.RECORD_HEADER_LENGTH + PcapFormat.SNAPLEN)
        {
            throw new IllegalArgumentException("a pcap buffer must hold one whole record, got " + bufferBytes);
        }
        this.channel = channel;
        byteBuffer = ByteBuffer.allocateDirect(bufferBytes);
        buffer = new UnsafeBuffer(byteBuffer);
        buffer.putInt(PcapFormat.GLOBAL_MAGIC, PcapFormat.MAGIC_NANOSECONDS, BYTE_ORDER);
        buffer.putShort(PcapFormat.GLOBAL_VERSION_MAJOR, PcapFormat.VERSION_MAJOR, BYTE_ORDER);
        buffer.putShort(PcapFormat.GLOBAL_VERSION_MINOR, PcapFormat.VERSION_MINOR, BYTE_ORDER);
        buffer.putInt(PcapFormat.GLOBAL_THIS_ZONE, 0, BYTE_ORDER);
        buffer.putInt(PcapFormat.GLOBAL_SIGFIGS, 0, BYTE_ORDER);
        buffer.putInt(PcapFormat.GLOBAL_SNAPLEN, PcapFormat.SNAPLEN, BYTE_ORDER);
        buffer.putInt(PcapFormat.GLOBAL_LINKTYPE, PcapFormat.LINKTYPE_ETHERNET, BYTE_ORDER);
        position = PcapFormat.GLOBAL_HEADER_LENGTH;
    }

    /**
     * Adds one record: its header, then the first {@code min(length, SNAPLEN)} bytes of the frame.
     *
     * @param epochNanos     when the packet arrived, in nanoseconds since 1970-01-01 UTC.
     * @param originalLength the packet's length on the wire (at least {@code length}).
     */
    public void write(
        final long epochNanos, final DirectBuffer frame, final int offset, final int length, final int originalLength)
        throws IOException
    {
        final int captured = Math.min(length, PcapFormat.SNAPLEN);
        if (position + PcapFormat.RECORD_HEADER_LENGTH + captured > buffer.capacity())
        {
            flush();
        }
        final int record = position;
        buffer.putInt(record + PcapFormat.RECORD_SECONDS, (int)Math.floorDiv(epochNanos, NANOS_PER_SECOND),
            BYTE_ORDER);
        buffer.putInt(record + PcapFormat.RECORD_NANOSECONDS, (int)Math.floorMod(epochNanos, NANOS_PER_SECOND),
            BYTE_ORDER);
        buffer.putInt(record + PcapFormat.RECORD_CAPTURED_LENGTH, captured, BYTE_ORDER);
        buffer.putInt(record + PcapFormat.RECORD_ORIGINAL_LENGTH, Math.max(originalLength, length), BYTE_ORDER);
        buffer.putBytes(record + PcapFormat.RECORD_HEADER_LENGTH, frame, offset, captured);
        position = record + PcapFormat.RECORD_HEADER_LENGTH + captured;
        records++;
    }

    /** Bytes collected and not yet written to the channel. */
    public int pending()
    {
        return position;
    }

    /** Writes everything collected to the channel. */
    public void flush() throws IOException
    {
        if (position == 0)
        {
            return;
        }
        byteBuffer.clear().limit(position);
        while (byteBuffer.hasRemaining())
        {
            bytesWritten += channel.write(byteBuffer);
        }
        position = 0;
    }

    /** Bytes the channel took so far, the global header included. */
    public long bytesWritten()
    {
        return bytesWritten;
    }

    /** Records added so far, flushed or not. */
    public long records()
    {
        return records;
    }

    /** Flushes and closes the channel. */
    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            channel.close();
        }
    }
}
