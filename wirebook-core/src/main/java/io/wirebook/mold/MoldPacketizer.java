package io.wirebook.mold;

import org.agrona.MutableDirectBuffer;

import static io.wirebook.mold.MoldUDP64.BE;
import static io.wirebook.mold.MoldUDP64.HEADER_LENGTH;
import static io.wirebook.mold.MoldUDP64.MAX_MESSAGE_COUNT;
import static io.wirebook.mold.MoldUDP64.MESSAGE_COUNT_OFFSET;
import static io.wirebook.mold.MoldUDP64.MESSAGE_LENGTH_PREFIX;
import static io.wirebook.mold.MoldUDP64.SESSION_LENGTH;

/**
 * Builds MoldUDP64 downstream packets in place, at offset 0 of one buffer, for the exchange simulator. The caller
 * encodes each message straight into the packet, so nothing is copied, and the header is kept valid after every
 * message, so the packet can be sent at any point.
 *
 * <pre>
 * packetizer.reset(nextSequenceNumber);
 * while (more &amp;&amp; packetizer.fits(length))
 * {
 *     final int at = packetizer.beginMessage();
 *     packetizer.commitMessage(ItchWriter.addOrder(buffer, at, ...));
 * }
 * send(buffer, 0, packetizer.length());
 * nextSequenceNumber = packetizer.nextSequenceNumber();
 * </pre>
 */
public final class MoldPacketizer
{
    /** Smallest message block: a 2-byte length and one byte. */
    private static final int MIN_BLOCK_LENGTH = MESSAGE_LENGTH_PREFIX + 1;

    private final byte[] session;
    private final MutableDirectBuffer buffer;
    private final int maxPacketLength;
    private final int maxMessageCount;
    private final int[] messageOffsets;

    private long firstSequenceNumber;
    private int messageCount;
    private int length;

    /**
     * @param session         ten session bytes, copied.
     * @param buffer          where packets are built, from offset 0.
     * @param maxPacketLength the largest packet to build, header included (e.g. the UDP payload the MTU allows).
     */
    public MoldPacketizer(final byte[] session, final MutableDirectBuffer buffer, final int maxPacketLength)
    {
        if (session.length != SESSION_LENGTH)
        {
            throw new IllegalArgumentException("session must be " + SESSION_LENGTH + " bytes: " + session.length);
        }
        if (maxPacketLength <= HEADER_LENGTH + MESSAGE_LENGTH_PREFIX || maxPacketLength > buffer.capacity())
        {
            throw new IllegalArgumentException(
                "maxPacketLength must be in (" + (HEADER_LENGTH + MESSAGE_LENGTH_PREFIX) + ", " +
                buffer.capacity() + "]: " + maxPacketLength);
        }
        this.session = session.clone();
        this.buffer = buffer;
        this.maxPacketLength = maxPacketLength;
        this.maxMessageCount = Math.min(MAX_MESSAGE_COUNT, (maxPacketLength - HEADER_LENGTH) / MIN_BLOCK_LENGTH);
        this.messageOffsets = new int[maxMessageCount];
        reset(1);
    }

    /** Starts a new, empty packet whose first message will carry {@code firstSequenceNumber}. */
    public void reset(final long firstSequenceNumber)
    {
        this.firstSequenceNumber = firstSequenceNumber;
        messageCount = 0;
        length = HEADER_LENGTH;
        MoldUDP64.header(buffer, 0, session, firstSequenceNumber, 0);
    }

    /** @return true if a message of {@code messageLength} bytes still fits in the packet. */
    public boolean fits(final int messageLength)
    {
        return messageLength > 0 &&
            messageCount < maxMessageCount &&
            messageLength <= maxPacketLength - length - MESSAGE_LENGTH_PREFIX;
    }

    /** @return the offset at which to encode the next message body, just after its length prefix. */
    public int beginMessage()
    {
        return length + MESSAGE_LENGTH_PREFIX;
    }

    /**
     * Adds the message encoded at {@link #beginMessage()}: writes its length prefix and updates the header.
     *
     * @throws IllegalStateException if it did not {@link #fits fit}; the caller should have asked.
     */
    public void commitMessage(final int messageLength)
    {
        if (!fits(messageLength))
        {
            throw new IllegalStateException("message of " + messageLength + " bytes does not fit the packet");
        }
        buffer.putShort(length, (short)messageLength, BE);
        messageOffsets[messageCount] = length + MESSAGE_LENGTH_PREFIX;
        length += MESSAGE_LENGTH_PREFIX + messageLength;
        messageCount++;
        buffer.putShort(MESSAGE_COUNT_OFFSET, (short)messageCount, BE);
    }

    public int messageCount()
    {
        return messageCount;
    }

    /** Bytes of the packet so far, header included. */
    public int length()
    {
        return length;
    }

    /** Offset of the body of the {@code index}-th message, so the publisher can restamp it just before sending. */
    public int messageOffset(final int index)
    {
        if (index < 0 || index >= messageCount)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return messageOffsets[index];
    }

    public long firstSequenceNumber()
    {
        return firstSequenceNumber;
    }

    /** Sequence number the message after the last one committed will carry. */
    public long nextSequenceNumber()
    {
        return firstSequenceNumber + messageCount;
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public int maxPacketLength()
    {
        return maxPacketLength;
    }
}
