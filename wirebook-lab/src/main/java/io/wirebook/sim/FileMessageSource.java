package io.wirebook.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

import io.wirebook.binaryfile.BinaryFileHandler;
import io.wirebook.binaryfile.BinaryFileReader;
import io.wirebook.itch.ItchMessages;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A BinaryFILE replayed as the publisher's flow: its messages in file order, one per {@link #next}, without its
 * System Events (the publisher sends its own session's), until the file ends. Reading allocates nothing per
 * message.
 */
public final class FileMessageSource implements MessageSource, AutoCloseable, BinaryFileHandler
{

    private final BinaryFileReader reader;
    private MutableDirectBuffer target;
    private int targetOffset;
    private int copied;
    private int lastStockLocate;
    private long skippedEvents;

    private FileMessageSource(final BinaryFileReader reader)
    {
        this.reader = reader;
    }

    public static FileMessageSource open(final Path file) throws IOException
    {
        return new FileMessageSource(BinaryFileReader.open(file));
    }

    @Override
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        target = buffer;
        targetOffset = offset;
        try
        {
            do
            {
                copied = 0;
                if (reader.read(this, 1) == 0)
                {
                    return 0;
                }
            }
            while (copied < 0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("replay of the file failed", ex);
        }
        return copied;
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > 0 && buffer.getByte(offset) == ItchMessages.SYSTEM_EVENT)
        {
            skippedEvents++;
            copied = -1;
            return;
        }
        target.putBytes(targetOffset, buffer, offset, length);
        lastStockLocate = length >= ItchMessages.STOCK_LOCATE_OFFSET + Short.BYTES ?
            target.getShort(targetOffset + ItchMessages.STOCK_LOCATE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF : 0;
        copied = length;
    }

    @Override
    public int lastStockLocate()
    {
        return lastStockLocate;
    }

    /** The file's own System Events, left out. */
    public long skippedEvents()
    {
        return skippedEvents;
    }

    @Override
    public void close() throws IOException
    {
        reader.close();
    }
}
