package io.wirebook.sim;

import java.nio.ByteBuffer;

/**
 * Where the publisher's packets go: the wire ({@link DatagramPacketSink}) or, in tests, a list.
 */
public interface PacketSink extends AutoCloseable
{
    /**
     * Sends one UDP payload on a channel. The packet lies between the buffer's position and limit; the sink may
     * move the position, and the buffer is reused once this returns.
     */
    void send(int channel, ByteBuffer packet);

    @Override
    void close();
}
