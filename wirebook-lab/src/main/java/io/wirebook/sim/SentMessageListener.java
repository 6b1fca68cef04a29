package io.wirebook.sim;

import org.agrona.DirectBuffer;

/**
 * Hears every message the publisher sends, after it is stamped and before its packet leaves, in sequence order per
 * channel: what a MoldUDP64 request server stores to answer re-requests from. Heartbeats and End of Session carry
 * no message and are not reported. Called on the publisher's thread, so it must be quick and must not block.
 */
@FunctionalInterface
public interface SentMessageListener
{
    /**
     * @param channel        index into the publisher's channels.
     * @param sequenceNumber the message's MoldUDP64 sequence number in the channel's session.
     * @param buffer         holds the ITCH message; valid only during the call.
     * @param offset         where the message starts (its first byte is the message type, no length prefix).
     * @param length         its length in bytes.
     */
    void onSent(int channel, long sequenceNumber, DirectBuffer buffer, int offset, int length);
}
