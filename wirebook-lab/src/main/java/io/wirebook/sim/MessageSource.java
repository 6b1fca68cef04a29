package io.wirebook.sim;

import org.agrona.MutableDirectBuffer;

/**
 * A source of encoded ITCH 5.0 messages for the publisher: the simulator's order flow, or a replay.
 */
public interface MessageSource
{
    /**
     * Encodes the next message at {@code offset}. Its Timestamp field may be left 0: the publisher stamps every
     * message of a packet just before sending it.
     *
     * @return the message length, or 0 when the source is exhausted.
     */
    int next(MutableDirectBuffer buffer, int offset);

    /**
     * The Stock Locate of the message {@link #next} wrote last: the publisher routes it to that instrument's channel.
     */
    int lastStockLocate();
}
