package io.wirebook.sim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Every message one channel has sent, by MoldUDP64 sequence number (the first is 1), for the recovery servers to
 * send again.
 *
 * <p>One writer (the publisher's thread) appends; any number of reader threads (the servers) copy. {@link #size()}
 * is published with release ordering after a message's bytes and index entry are written, and read with acquire
 * ordering, so a reader that sees size n sees messages 1..n whole. The bytes live in fixed chunks and the index in
 * fixed blocks, both added as needed and never moved: growing copies no old data and takes no lock.
 */
public final class MessageStore
{
    /** Bytes per data chunk; a message never spans two. */
    public static final int CHUNK_BYTES = 1 << 20;
    /** Index entries per index block. */
    public static final int BLOCK_ENTRIES = 1 << 16;
    /** Largest message: a MoldUDP64 message block's length is 2 bytes. */
    public static final int MAX_MESSAGE_LENGTH = 0xFFFF;

    private static final int MAX_CHUNKS = 1 << 16;
    private static final int MAX_BLOCKS = 1 << 16;
    private static final int BLOCK_SHIFT = 16;
    private static final int BLOCK_MASK = BLOCK_ENTRIES - 1;
    // An index entry packs chunk number (bits 40..63), offset in the chunk (16..39) and length (0..15).
    private static final int CHUNK_SHIFT = 40;
    private static final int OFFSET_SHIFT = 16;
    private static final long OFFSET_MASK = (1L << (CHUNK_SHIFT - OFFSET_SHIFT)) - 1;
    private static final long LENGTH_MASK = (1L << OFFSET_SHIFT) - 1;
    private static final VarHandle SIZE;

    static
    {
        try
        {
            SIZE = MethodHandles.lookup().findVarHandle(MessageStore.class, "size", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final UnsafeBuffer[] chunks = new UnsafeBuffer[MAX_CHUNKS];
    private final long[][] blocks = new long[MAX_BLOCKS][];
    private int chunkCount;
    private int chunkPosition = CHUNK_BYTES;
    @SuppressWarnings("unused") // through SIZE
    private volatile long size;

    /** A store that allocates its chunks and blocks as messages arrive. */
    public MessageStore()
    {
        this(0, 0);
    }

    /**
     * A store with room for {@code expectedMessages} messages of {@code expectedBytes} in all made up front, so
     * that a publisher appending within them allocates nothing; beyond them it grows as usual.
     */
    public MessageStore(final long expectedMessages, final long expectedBytes)
    {
        final long blocksNeeded = Math.min(MAX_BLOCKS, (expectedMessages + BLOCK_ENTRIES - 1) / BLOCK_ENTRIES);
        for (int i = 0; i < blocksNeeded; i++)
        {
            blocks[i] = new long[BLOCK_ENTRIES];
        }
        final long chunksNeeded = Math.min(MAX_CHUNKS, (expectedBytes + CHUNK_BYTES - 1) / CHUNK_BYTES);
        for (int i = 0; i < chunksNeeded; i++)
        {
            chunks[i] = new UnsafeBuffer(new byte[CHUNK_BYTES]);
        }
    }

    /**
     * Appends the next message: it gets sequence number {@code size() + 1}. Writer thread only.
     *
     * @throws IllegalArgumentException if the message is empty or longer than {@link #MAX_MESSAGE_LENGTH}.
     * @throws IllegalStateException if the store is full (2^32 messages or 64 GiB).
     */
    public void append(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > MAX_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException("message length must be 1.." + MAX_MESSAGE_LENGTH + ": " + length);
        }
        final long index = (long)SIZE.getOpaque(this);
        final int block = (int)(index >>> BLOCK_SHIFT);
        if (block >= MAX_BLOCKS)
        {
            throw new IllegalStateException("message store is full: " + index + " messages");
        }
        if (blocks[block] == null)
        {
            blocks[block] = new long[BLOCK_ENTRIES];
        }
        if (CHUNK_BYTES - chunkPosition < length)
        {
            if (chunkCount == MAX_CHUNKS)
            {
                throw new IllegalStateException("message store is full: " + index + " messages");
            }
            if (chunks[chunkCount] == null)
            {
                chunks[chunkCount] = new UnsafeBuffer(new byte[CHUNK_BYTES]);
            }
            chunkCount++;
            chunkPosition = 0;
        }
        final int chunk = chunkCount - 1;
        chunks[chunk].putBytes(chunkPosition, buffer, offset, length);
        blocks[block][(int)(index & BLOCK_MASK)] =
            ((long)chunk << CHUNK_SHIFT) | ((long)chunkPosition << OFFSET_SHIFT) | length;
        chunkPosition += length;
        SIZE.setRelease(this, index + 1);
    }

    /** Messages stored: sequence numbers 1..size() may be read. */
    public long size()
    {
        return (long)SIZE.getAcquire(this);
    }

    /** The length of message {@code sequenceNumber}, which must be in 1..{@link #size()}. */
    public int length(final long sequenceNumber)
    {
        return (int)(entry(sequenceNumber) & LENGTH_MASK);
    }

    /**
     * Copies message {@code sequenceNumber}, which must be in 1..{@link #size()}, to {@code dst}.
     *
     * @return its length.
     */
    public int copy(final long sequenceNumber, final MutableDirectBuffer dst, final int dstOffset)
    {
        final long entry = entry(sequenceNumber);
        final int length = (int)(entry & LENGTH_MASK);
        final UnsafeBuffer chunk = chunks[(int)(entry >>> CHUNK_SHIFT)];
        dst.putBytes(dstOffset, chunk, (int)((entry >>> OFFSET_SHIFT) & OFFSET_MASK), length);
        return length;
    }

    private long entry(final long sequenceNumber)
    {
        if (sequenceNumber < 1 || sequenceNumber > size())
        {
            throw new IndexOutOfBoundsException("sequence number " + sequenceNumber + " not in 1.." + size());
        }
        final long index = sequenceNumber - 1;
        return blocks[(int)(index >>> BLOCK_SHIFT)][(int)(index & BLOCK_MASK)];
    }
}
