package io.wirebook.feed;

import java.nio.ByteOrder;

import io.wirebook.mold.MoldPacket;
import io.wirebook.mold.MoldUDP64;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * MoldUDP64 packets for sequencer tests: each message is 12 bytes that carry its own sequence number and a tag, so
 * a test can tell which copy of a number (the exchange's or a forger's) was applied.
 */
final class SequencerPackets
{
    static final byte[] SESSION = MoldUDP64.session("SESSION001");
    static final byte[] LATER_SESSION = MoldUDP64.session("SESSION002");
    static final int MESSAGE_LENGTH = 12;
    static final int TAG_EXCHANGE = 0x45;
    static final int TAG_FORGED = 0x66;

    private SequencerPackets()
    {
    }

    static MoldPacket data(final long sequence, final int count)
    {
        return data(SESSION, sequence, count, TAG_EXCHANGE);
    }

    static MoldPacket data(final byte[] session, final long sequence, final int count, final int tag)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MoldUDP64.HEADER_LENGTH + count * (2 + MESSAGE_LENGTH)]);
        MoldUDP64.header(buffer, 0, session, sequence, count);
        int at = MoldUDP64.HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            buffer.putShort(at, (short)MESSAGE_LENGTH, ByteOrder.BIG_ENDIAN);
            at += 2;
            buffer.putByte(at, (byte)'S');
            buffer.putLong(at + 1, sequence + i);
            buffer.putByte(at + 9, (byte)tag);
            at += MESSAGE_LENGTH;
        }
        return wrap(buffer);
    }

    static MoldPacket heartbeat(final long next)
    {
        return heartbeat(SESSION, next);
    }

    static MoldPacket heartbeat(final byte[] session, final long next)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MoldUDP64.HEADER_LENGTH]);
        MoldUDP64.heartbeat(buffer, 0, session, next);
        return wrap(buffer);
    }

    static MoldPacket endOfSession(final long next)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MoldUDP64.HEADER_LENGTH]);
        MoldUDP64.endOfSession(buffer, 0, SESSION, next);
        return wrap(buffer);
    }

    private static MoldPacket wrap(final UnsafeBuffer buffer)
    {
        final MoldPacket packet = new MoldPacket();
        packet.wrap(buffer, 0, buffer.capacity());
        return packet;
    }

    /** The sequence number a message of {@link #data} carries. */
    static long sequenceOf(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 1);
    }

    static int tagOf(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + 9);
    }
}
