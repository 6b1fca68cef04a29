package io.wirebook.rx.dpdk;

import org.agrona.DirectBuffer;

/** The datagrams the dpdk tests send: sequence number then a pattern derived from it, so each can be checked. */
final class TestDatagrams
{
    static final int MIN_LENGTH = 8;

    private TestDatagrams()
    {
    }

    static int lengthOf(final long sequence)
    {
        return MIN_LENGTH + (int)(sequence * 37 % 1200);
    }

    static byte[] payload(final long sequence)
    {
        final byte[] bytes = new byte[lengthOf(sequence)];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(sequence >>> (56 - 8 * i));
        }
        for (int i = 8; i < bytes.length; i++)
        {
            bytes[i] = patternByte(sequence, i);
        }
        return bytes;
    }

    /** @return the sequence number if the datagram is intact, else -1. */
    static long check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MIN_LENGTH)
        {
            return -1;
        }
        long sequence = 0;
        for (int i = 0; i < 8; i++)
        {
            sequence = (sequence << 8) | (buffer.getByte(offset + i) & 0xFF);
        }
        if (sequence < 0 || length != lengthOf(sequence))
        {
            return -1;
        }
        for (int i = 8; i < length; i++)
        {
            if (buffer.getByte(offset + i) != patternByte(sequence, i))
            {
                return -1;
            }
        }
        return sequence;
    }

    private static byte patternByte(final long sequence, final int index)
    {
        return (byte)(sequence * 31 + index * 7);
    }
}
