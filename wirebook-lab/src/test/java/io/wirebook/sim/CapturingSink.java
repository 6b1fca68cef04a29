package io.wirebook.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Flow;
import org.agrona.concurrent.UnsafeBuffer;

/** Keeps every packet the publisher sends, per channel and line, and decodes them for assertions. */
final class CapturingSink implements PacketSink
{
    record Packet(int channel, int line, byte[] bytes)
    {
        UnsafeBuffer buffer()
        {
            return new UnsafeBuffer(bytes);
        }

        long sequenceNumber()
        {
            return buffer().getLong(MoldUDP64.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN);
        }

        int messageCount()
        {
            return buffer().getShort(MoldUDP64.MESSAGE_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }

        boolean isEndOfSession()
        {
            return messageCount() == MoldUDP64.END_OF_SESSION_COUNT;
        }

        boolean isHeartbeat()
        {
            return messageCount() == 0;
        }

        /** The messages, each as its own byte array. */
        List<byte[]> messages()
        {
            final List<byte[]> list = new ArrayList<>();
            if (isEndOfSession())
            {
                return list;
            }
            final UnsafeBuffer buffer = buffer();
            int at = MoldUDP64.HEADER_LENGTH;
            for (int i = 0; i < messageCount(); i++)
            {
                final int length = buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                final byte[] message = new byte[length];
                buffer.getBytes(at + 2, message);
                list.add(message);
                at += 2 + length;
            }
            if (at != bytes.length)
            {
                throw new AssertionError("packet length " + bytes.length + " but messages end at " + at);
            }
            return list;
        }
    }

    final List<Packet> packets = new ArrayList<>();
    boolean closed;

    @Override
    public void send(final int channel, final int line, final ByteBuffer packet)
    {
        final byte[] bytes = new byte[packet.remaining()];
        packet.get(bytes);
        packets.add(new Packet(channel, line, bytes));
    }

    @Override
    public void close()
    {
        closed = true;
    }

    /** The channel's packets on line A. */
    List<Packet> of(final int channel)
    {
        return of(channel, Flow.LINE_A);
    }

    List<Packet> of(final int channel, final int line)
    {
        return packets.stream().filter(p -> p.channel() == channel && p.line() == line).toList();
    }
}
