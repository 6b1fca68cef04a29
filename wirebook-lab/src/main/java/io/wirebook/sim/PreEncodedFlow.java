package io.wirebook.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Another source's messages, encoded before the session starts and then handed out by copy: the publisher's send
 * loop no longer pays for simulating the market, so it can offer more than a simulator can compute in real time.
 * The messages sit length-prefixed (2 bytes, as in a BinaryFILE) in one block of native memory, which the
 * {@link #close()} frees. The source's order, stock locates and bytes are kept exactly, so the receivers' books and
 * the simulator's digest are those of the source itself.
 */
public final class PreEncodedFlow implements MessageSource, AutoCloseable
{
    private static final int LENGTH_PREFIX = Short.BYTES;
    private static final int LARGEST_MESSAGE = 256;
    /** ITCH's most frequent messages are 19 to 50 bytes: room for a mix of the longest of them. */
    private static final long BYTES_PER_MESSAGE_BOUND = 48;

    private final Arena arena;
    private final UnsafeBuffer messages;
    private final long count;
    private final int end;
    private int position;
    private int lastStockLocate;

    private PreEncodedFlow(final Arena arena, final UnsafeBuffer messages, final long count, final int end)
    {
        this.arena = arena;
        this.messages = messages;
        this.count = count;
        this.end = end;
    }

    /**
     * Encodes up to {@code count} messages of {@code source}: fewer if it ends first or {@code maxBytes} (at most
     * 2 GiB) fills. The publisher then finds the flow exhausted, and says so (flow_exhausted), when it asks for more.
     */
    public static PreEncodedFlow of(final MessageSource source, final long count, final long maxBytes)
    {
        final long wanted = Math.min(maxBytes, Math.min(Integer.MAX_VALUE - 8L,
            count * BYTES_PER_MESSAGE_BOUND + LARGEST_MESSAGE + LENGTH_PREFIX));
        final Arena arena = Arena.ofShared();
        final MemorySegment block = arena.allocate(wanted, 64);
        final UnsafeBuffer buffer = new UnsafeBuffer(block.address(), (int)block.byteSize());
        int at = 0;
        long encoded = 0;
        while (encoded < count)
        {
            if (at + LENGTH_PREFIX + LARGEST_MESSAGE > buffer.capacity())
            {
                break;
            }
            final int length = source.next(buffer, at + LENGTH_PREFIX);
            if (length <= 0)
            {
                break;
            }
            buffer.putShort(at, (short)length, ByteOrder.BIG_ENDIAN);
            at += LENGTH_PREFIX + length;
            encoded++;
        }
        return new PreEncodedFlow(arena, buffer, encoded, at);
    }

    /** Messages encoded. */
    public long count()
    {
        return count;
    }

    /** Bytes the messages take, prefixes included. */
    public int bytes()
    {
        return end;
    }

    @Override
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        if (position >= end)
        {
            return 0;
        }
        final int length = messages.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int from = position + LENGTH_PREFIX;
        buffer.putBytes(offset, messages, from, length);
        lastStockLocate = length >= ItchMessages.STOCK_LOCATE_OFFSET + Short.BYTES ?
            messages.getShort(from + ItchMessages.STOCK_LOCATE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF : 0;
        position = from + length;
        return length;
    }

    /**
     * Reads the first {@code count} well-formed messages, in order, to {@code listener} (e.g. the simulator's books),
     * skipping those the publisher skips as malformed: after a session, the books of exactly what it sent, built
     * without slowing its send loop. Independent of {@link #next}'s position.
     *
     * @return the messages read.
     */
    public long readFirst(final long count, final ItchListener listener)
    {
        final ItchReader reader = new ItchReader();
        long read = 0;
        int at = 0;
        while (read < count && at < end)
        {
            final int length = messages.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int from = at + LENGTH_PREFIX;
            if (ItchReader.check(messages, from, length) == ItchReader.OK)
            {
                reader.read(messages, from, length, listener);
                read++;
            }
            at = from + length;
        }
        return read;
    }

    @Override
    public int lastStockLocate()
    {
        return lastStockLocate;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
