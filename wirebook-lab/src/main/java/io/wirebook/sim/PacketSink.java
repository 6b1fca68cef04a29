package io.wirebook.sim;

import java.nio.ByteBuffer;

/**
 * Where the publisher's packets go: the wire ({@link DatagramPacketSink}) or, in tests, a list.
 */
public interface PacketSink extends AutoCloseable
{
    /**
     * Sends one UDP payload of a channel on one line. The packet lies between the buffer's position and limit; the
     * sink may move the position, and the buffer is reused once this returns.
     *
     * @param channel index into the publisher's channels.
     * @param line    {@code Flow.LINE_A} or {@code Flow.LINE_B}: the channel's group on that line.
     */
    void send(int channel, int line, ByteBuffer packet);

    /**
     * Hands every packet the sink still holds to the kernel. A sink that sends each packet in {@link #send} holds
     * none; a batching one ({@link SendmmsgPacketSink}) is flushed by the publisher before it waits and at the end
     * of each phase.
     */
    default void flush()
    {
    }

    /** Whether {@link #send} may keep a packet until {@link #flush}. */
    default boolean holdsPackets()
    {
        return false;
    }

    @Override
    void close();
}
