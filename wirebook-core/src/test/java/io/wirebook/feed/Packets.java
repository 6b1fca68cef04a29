package io.wirebook.feed;

import java.util.function.ToIntBiFunction;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.stats.HostClock;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Builds MoldUDP64 packets of ITCH messages for feed handler tests. */
final class Packets
{
    static final byte[] SESSION = MoldUDP64.session("TEST000001");

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
    private final MoldPacketizer packetizer;
    private final byte[] session;
    private long nextSequence = 1;

    Packets()
    {
        this(SESSION);
    }

    Packets(final byte[] session)
    {
        this.session = session;
        packetizer = new MoldPacketizer(session, buffer, 1472);
    }

    byte[] session()
    {
        return session;
    }

    /** A packet of the given messages, with the next sequence numbers. */
    @SafeVarargs
    final byte[] packet(final ToIntBiFunction<MutableDirectBuffer, Integer>... messages)
    {
        packetizer.reset(nextSequence);
        for (final ToIntBiFunction<MutableDirectBuffer, Integer> message : messages)
        {
            final int at = packetizer.beginMessage();
            packetizer.commitMessage(message.applyAsInt(buffer, at));
        }
        nextSequence = packetizer.nextSequenceNumber();
        final byte[] bytes = new byte[packetizer.length()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    void skip(final long messages)
    {
        nextSequence += messages;
    }

    long nextSequence()
    {
        return nextSequence;
    }

    static ToIntBiFunction<MutableDirectBuffer, Integer> add(
        final int locate, final long ref, final byte side, final long shares, final long price)
    {
        return (b, at) -> ItchWriter.addOrder(b, at, locate, 0, now(), ref, side, shares, ItchWriter.stock("TEST"),
            price);
    }

    static ToIntBiFunction<MutableDirectBuffer, Integer> execute(final int locate, final long ref, final long shares)
    {
        return (b, at) -> ItchWriter.orderExecuted(b, at, locate, 0, now(), ref, shares, 1);
    }

    static ToIntBiFunction<MutableDirectBuffer, Integer> delete(final int locate, final long ref)
    {
        return (b, at) -> ItchWriter.orderDelete(b, at, locate, 0, now(), ref);
    }

    static ToIntBiFunction<MutableDirectBuffer, Integer> event(final byte code)
    {
        return (b, at) -> ItchWriter.systemEvent(b, at, 0, now(), code);
    }

    static ToIntBiFunction<MutableDirectBuffer, Integer> marketOpen()
    {
        return event(ItchMessages.EVENT_START_OF_MARKET_HOURS);
    }

    private static long now()
    {
        return HostClock.itchTimestamp(HostClock.nanos());
    }
}
