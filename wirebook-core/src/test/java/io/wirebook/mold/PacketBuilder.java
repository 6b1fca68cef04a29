package io.wirebook.mold;

import java.nio.ByteOrder;

import io.wirebook.itch.ItchMessages;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes MoldUDP64 packets byte by byte, well-formed or not, for tests that must build what MoldPacketizer never
 * would.
 */
final class PacketBuilder
{
    static final byte[] SESSION_A = MoldUDP64.session("SESSION-A");
    static final byte[] SESSION_B = MoldUDP64.session("SESSION-B");

    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    int length;

    PacketBuilder header(final byte[] session, final long sequenceNumber, final int messageCount)
    {
        MoldUDP64.header(buffer, 0, session, sequenceNumber, messageCount);
        length = MoldUDP64.HEADER_LENGTH;
        return this;
    }

    /** Appends a block holding a well-formed message of {@code type}: right length, filler bytes. */
    PacketBuilder message(final byte type)
    {
        final int messageLength = ItchMessages.lengthOf(type);
        prefix(messageLength);
        buffer.putByte(length, type);
        buffer.setMemory(length + 1, messageLength - 1, (byte)0x5A);
        length += messageLength;
        return this;
    }

    /** Appends a block whose length prefix says {@code declared} and whose body holds {@code type} then filler. */
    PacketBuilder block(final int declared, final byte type, final int bodyLength)
    {
        prefix(declared);
        if (bodyLength > 0)
        {
            buffer.putByte(length, type);
            buffer.setMemory(length + 1, bodyLength - 1, (byte)0x5A);
        }
        length += bodyLength;
        return this;
    }

    PacketBuilder prefix(final int declared)
    {
        buffer.putShort(length, (short)declared, ByteOrder.BIG_ENDIAN);
        length += MoldUDP64.MESSAGE_LENGTH_PREFIX;
        return this;
    }

    PacketBuilder raw(final int... bytes)
    {
        for (final int b : bytes)
        {
            buffer.putByte(length++, (byte)b);
        }
        return this;
    }

    MoldPacket wrap()
    {
        final MoldPacket packet = new MoldPacket();
        packet.wrap(buffer, 0, length);
        return packet;
    }

    /** A valid data packet of {@code count} Order Delete messages. */
    static MoldPacket data(final byte[] session, final long sequenceNumber, final int count)
    {
        final PacketBuilder builder = new PacketBuilder().header(session, sequenceNumber, count);
        for (int i = 0; i < count; i++)
        {
            builder.message(ItchMessages.ORDER_DELETE);
        }
        return builder.wrap();
    }

    static MoldPacket heartbeat(final byte[] session, final long nextSequenceNumber)
    {
        final PacketBuilder builder = new PacketBuilder();
        builder.length = MoldUDP64.heartbeat(builder.buffer, 0, session, nextSequenceNumber);
        return builder.wrap();
    }

    static MoldPacket endOfSession(final byte[] session, final long nextSequenceNumber)
    {
        final PacketBuilder builder = new PacketBuilder();
        builder.length = MoldUDP64.endOfSession(builder.buffer, 0, session, nextSequenceNumber);
        return builder.wrap();
    }
}
