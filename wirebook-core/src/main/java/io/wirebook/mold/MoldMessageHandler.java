package io.wirebook.mold;

import org.agrona.DirectBuffer;

/** Receives the message blocks of a MoldUDP64 packet, one at a time, without their length prefix. */
@FunctionalInterface
public interface MoldMessageHandler
{
    void onMessage(DirectBuffer buffer, int offset, int length);
}
