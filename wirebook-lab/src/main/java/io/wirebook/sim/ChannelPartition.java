package io.wirebook.sim;

/**
 * Maps an instrument's Stock Locate to the channel that carries it, the way exchanges split one feed over several
 * multicast groups so that no single group (and no single receiving core) has to carry the whole market.
 *
 * <p>Instruments are dealt out round-robin, {@code (locate - 1) % channels}, rather than in contiguous ranges.
 * Locates are handed out in directory (alphabetical) order, and activity is heavily skewed towards a few names;
 * ranges would put neighbouring hot names on one channel, round-robin spreads them, so the channels carry
 * similar rates. Either way one instrument always lives on one channel, so its book sees its messages in order.
 * Locate 0 (system-wide messages) maps to channel 0; the publisher sends System Events on every channel anyway.
 */
public final class ChannelPartition
{
    private final int channels;

    public ChannelPartition(final int channels)
    {
        if (channels < 1)
        {
            throw new IllegalArgumentException("need at least one channel, got " + channels);
        }
        this.channels = channels;
    }

    public int channels()
    {
        return channels;
    }

    /** @return the channel index, 0 to {@code channels() - 1}, of the instrument with this Stock Locate. */
    public int channelOf(final int stockLocate)
    {
        return stockLocate <= 0 ? 0 : (stockLocate - 1) % channels;
    }
}
