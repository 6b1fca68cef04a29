package io.wirebook.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.wirebook.sim.OrderFlow;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A simulated trading day encoded back to back in a direct buffer, each ITCH message behind a 2-byte big-endian
 * length as in a NASDAQ binary file: the same bytes for every implementation a benchmark compares.
 */
public final class TradingDay
{
    private final ByteBuffer bytes;
    private final UnsafeBuffer buffer;
    private final int length;
    private final int messages;

    private TradingDay(final ByteBuffer bytes, final int length, final int messages)
    {
        this.bytes = bytes;
        this.buffer = new UnsafeBuffer(bytes, 0, length);
        this.length = length;
        this.messages = messages;
    }

    /** {@code messages} messages of an {@link OrderFlow}: its Stock Directory first, then the order flow. */
    public static TradingDay generate(final long seed, final int instruments, final int messages)
    {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(messages * 42).order(ByteOrder.BIG_ENDIAN);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final OrderFlow flow = new OrderFlow(seed, instruments);
        int position = 0;
        for (int i = 0; i < messages; i++)
        {
            final int messageLength = flow.next(buffer, position + 2);
            buffer.putShort(position, (short)messageLength, ByteOrder.BIG_ENDIAN);
            position += 2 + messageLength;
        }
        return new TradingDay(bytes, position, messages);
    }

    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** The same memory as a ByteBuffer, for APIs that take one. */
    public ByteBuffer byteBuffer()
    {
        return bytes;
    }

    public int length()
    {
        return length;
    }

    public int messages()
    {
        return messages;
    }
}
