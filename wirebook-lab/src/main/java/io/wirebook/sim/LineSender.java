package io.wirebook.sim;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Sends the publisher's packets on one line, making that line's {@link PacketFaults}: a data packet drawn for
 * reorder is copied aside and sent right after the channel's next packet on this line; one drawn for duplicate is
 * sent twice in a row. Each channel draws from its own generator split from the seed and the line, so a channel's
 * n-th data packet meets the same fate in every run whatever the timing of the others.
 *
 * <p>The held copies are allocated up front: a send allocates nothing.
 */
final class LineSender
{
    private static final long LINE_SEED_MIX = 0x9E37_79B9_7F4A_7C15L;

    private final PacketSink sink;
    private final int line;
    private final int reorderPermille;
    private final int duplicatePermille;
    private final SplittableRandom[] draws;
    private final ByteBuffer[] held;
    private final boolean[] holding;
    private long reordered;
    private long duplicated;

    LineSender(
        final PacketSink sink, final int line, final PacketFaults faults, final int channelCount,
        final int maxPacketBytes, final long seed)
    {
        this.sink = sink;
        this.line = line;
        this.reorderPermille = faults.reorderPermille();
        this.duplicatePermille = faults.duplicatePermille();
        final SplittableRandom base = new SplittableRandom(seed ^ (LINE_SEED_MIX * (line + 1)));
        draws = new SplittableRandom[channelCount];
        held = new ByteBuffer[channelCount];
        holding = new boolean[channelCount];
        for (int c = 0; c < channelCount; c++)
        {
            draws[c] = base.split();
            held[c] = reorderPermille > 0 ? ByteBuffer.allocateDirect(maxPacketBytes) : null;
        }
    }

    /**
     * Sends the packet between the buffer's position and limit.
     *
     * @param data true for a packet of messages, the only kind that faults touch.
     */
    void send(final int channel, final ByteBuffer packet, final boolean data)
    {
        final int position = packet.position();
        final int limit = packet.limit();
        if (data && reorderPermille > 0 && !holding[channel] &&
            draws[channel].nextInt(PacketFaults.PER_MILLE) < reorderPermille)
        {
            final ByteBuffer copy = held[channel];
            copy.clear();
            copy.put(packet).flip();
            holding[channel] = true;
            return;
        }

        sink.send(channel, line, packet);
        if (data && duplicatePermille > 0 && draws[channel].nextInt(PacketFaults.PER_MILLE) < duplicatePermille)
        {
            packet.limit(limit).position(position);
            sink.send(channel, line, packet);
            duplicated++;
        }
        if (holding[channel])
        {
            sendHeld(channel);
        }
    }

    /** Sends whatever is still held, at the end of a session. */
    void flush()
    {
        for (int c = 0; c < holding.length; c++)
        {
            if (holding[c])
            {
                sendHeld(c);
            }
        }
    }

    /** Data packets that went out after the packet that followed them. */
    long reordered()
    {
        return reordered;
    }

    /** Data packets sent a second time. */
    long duplicated()
    {
        return duplicated;
    }

    private void sendHeld(final int channel)
    {
        holding[channel] = false;
        final ByteBuffer copy = held[channel];
        copy.position(0);
        sink.send(channel, line, copy);
        reordered++;
    }
}
