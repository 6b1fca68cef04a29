package io.wirebook.mold;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Builds one MoldUDP64 packet at a time at offset 0 of a buffer: messages are encoded in place after their
 * 2-byte length prefix, so nothing is copied and nothing is allocated.
 */
public final class MoldPacketizer
{
    private final byte[] session;
    private final MutableDirectBuffer buffer;
    private final int maxPacketLength;
    private final int[] messageOffsets;

    private long firstSequenceNumber;
    private int messageCount;
    private int length;

    public MoldPacketizer(final byte[] session, final MutableDirectBuffer buffer, final int maxPacketLength)
    {
        if (maxPacketLength < MoldUDP64.HEADER_LENGTH + MoldUDP64.MESSAGE_LENGTH_PREFIX + 1
            || maxPacketLength > buffer.capacity())
        {
            throw new IllegalArgumentException("bad maximum packet length " + maxPacketLength);
        }
        this.session = session.clone();
        this.buffer = buffer;
        this.maxPacketLength = maxPacketLength;
        this.messageOffsets = new int[(maxPacketLength - MoldUDP64.HEADER_LENGTH) / 3 + 1];
        reset(1);
    }

    /** Starts an empty packet whose first message will carry {@code firstSequenceNumber}. */
    public void reset(final long firstSequenceNumber)
    {
        this.firstSequenceNumber = firstSequenceNumber;
        messageCount = 0;
        length = MoldUDP64.header(buffer, 0, session, firstSequenceNumber, 0);
    }

    public boolean fits(final int messageLength)
    {
        return messageCount < MoldUDP64.END_OF_SESSION_COUNT - 1
            && length + MoldUDP64.MESSAGE_LENGTH_PREFIX + messageLength <= maxPacketLength;
    }

    /** @return the offset at which to encode the next message's body. */
    public int beginMessage()
    {
        return length + MoldUDP64.MESSAGE_LENGTH_PREFIX;
    }

    public void commitMessage(final int messageLength)
    {
        buffer.putShort(length, (short)messageLength, ByteOrder.BIG_ENDIAN);
        messageOffsets[messageCount++] = length + MoldUDP64.MESSAGE_LENGTH_PREFIX;
        length += MoldUDP64.MESSAGE_LENGTH_PREFIX + messageLength;
        buffer.putShort(MoldUDP64.MESSAGE_COUNT_OFFSET, (short)messageCount, ByteOrder.BIG_ENDIAN);
    }

    public int messageCount()
    {
        return messageCount;
    }

    /** The packet's length so far, header included. */
    public int length()
    {
        return length;
    }

    /** The offset of message {@code index}'s body. */
    public int messageOffset(final int index)
    {
        return messageOffsets[index];
    }

    public long nextSequenceNumber()
    {
        return firstSequenceNumber + messageCount;
    }
}
