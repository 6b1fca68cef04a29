package io.wirebook.rx;

import org.agrona.DirectBuffer;

/**
 * Where a receive path hands each UDP payload: zero-copy, valid only during the call.
 */
@FunctionalInterface
public interface DatagramHandler
{
    /**
     * @param channel      index of the flow in {@link RxConfig#flows()} (the feed handler maps it to a channel and
     *                     line).
     * @param buffer       holds the UDP payload (a MoldUDP64 packet); may wrap native memory of the path.
     * @param offset       where the payload starts.
     * @param length       payload length in bytes.
     * @param arrivalNanos the path's own arrival stamp on {@link io.wirebook.stats.HostClock}, or
     *                     {@link io.wirebook.stats.HostClock#NO_STAMP}.
     */
    void onDatagram(int channel, DirectBuffer buffer, int offset, int length, long arrivalNanos);
}
