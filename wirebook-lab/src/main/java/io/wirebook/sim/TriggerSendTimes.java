package io.wirebook.sim;

import java.util.Arrays;

import io.wirebook.itch.ItchMessage;
import org.agrona.DirectBuffer;

/**
 * The exchange's send time of every message, by channel and sequence number, so that an order can be paired with
 * the message that triggered it: each message's ITCH Timestamp as the publisher stamped it just before the send
 * (the host clock modulo a day). Filled on the publisher's thread; read once the publisher has ended.
 */
public final class TriggerSendTimes implements SentMessageListener
{
    private static final long NONE = -1;

    private final long[][] timestamps;
    private long beyondCapacity;

    /** Room for {@code messagesPerChannel} sequence numbers on each of {@code channels}. */
    public TriggerSendTimes(final int channels, final int messagesPerChannel)
    {
        timestamps = new long[channels][messagesPerChannel + 1];
        for (final long[] channel : timestamps)
        {
            Arrays.fill(channel, NONE);
        }
    }

    @Override
    public void onSent(final int channel, final long sequenceNumber, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long[] times = timestamps[channel];
        if (sequenceNumber >= times.length)
        {
            beyondCapacity++;
            return;
        }
        times[(int)sequenceNumber] = ItchMessage.readTimestamp(buffer, offset);
    }

    /** Whether the publisher sent {@code sequenceNumber} on {@code channel} (and it was kept). */
    public boolean sent(final int channel, final long sequenceNumber)
    {
        return channel >= 0 && channel < timestamps.length && sequenceNumber >= 0 &&
            sequenceNumber < timestamps[channel].length && timestamps[channel][(int)sequenceNumber] != NONE;
    }

    /** The message's ITCH Timestamp; call {@link #sent} first. */
    public long itchTimestamp(final int channel, final long sequenceNumber)
    {
        return timestamps[channel][(int)sequenceNumber];
    }

    /** Messages sent past the room asked for, whose send times were not kept. */
    public long beyondCapacity()
    {
        return beyondCapacity;
    }
}
