package io.wirebook.feed;

import io.wirebook.mold.MoldSession;
import io.wirebook.rx.Channel;
import io.wirebook.stats.LatencyRecorder;

/**
 * Everything the feed handler keeps for one channel: its MoldUDP64 sequencing, counters, latency histograms and
 * measurement window.
 *
 * <p>The window opens at the System Event "Start of Market Hours" (Q) and closes at "End of Market Hours" (M):
 * the lab's simulator sends its warm-up flow before Q, so warm-up is not counted. A feed that never sends Q is
 * measured from its first packet.
 */
public final class ChannelState
{
    final int index;
    final Channel channel;
    final MoldSession session = new MoldSession();
    final FeedCounters counters = new FeedCounters();
    final LatencyRecorder latency = new LatencyRecorder();
    /** The instruments this channel has carried: a new session of the channel clears their books. */
    final boolean[] instruments;
    boolean recording = true;
    long windowStartNanos = Long.MIN_VALUE;
    long windowEndNanos = Long.MIN_VALUE;
    long firstPacketNanos = Long.MIN_VALUE;
    long lastPacketNanos = Long.MIN_VALUE;
    volatile boolean marketOpen;
    volatile boolean marketClosed;
    private volatile boolean ended;

    ChannelState(final int index, final Channel channel, final int maxStockLocate)
    {
        this.index = index;
        this.channel = channel;
        this.instruments = new boolean[maxStockLocate + 1];
    }

    void carried(final int stockLocate)
    {
        if (stockLocate < instruments.length)
        {
            instruments[stockLocate] = true;
        }
    }

    void openWindow(final long nowNanos)
    {
        counters.reset();
        session.resetCounters();
        latency.reset();
        windowStartNanos = nowNanos;
        windowEndNanos = Long.MIN_VALUE;
        recording = true;
        marketOpen = true;
    }

    void closeWindow(final long nowNanos)
    {
        windowEndNanos = nowNanos;
        recording = false;
        marketClosed = true;
    }

    public int index()
    {
        return index;
    }

    public Channel channel()
    {
        return channel;
    }

    public FeedCounters counters()
    {
        return counters;
    }

    public LatencyRecorder latency()
    {
        return latency;
    }

    /** Messages lost to sequence gaps inside the window. */
    public long drops()
    {
        return session.drops();
    }

    public long duplicates()
    {
        return session.duplicates();
    }

    void publishEnded()
    {
        ended = true;
    }

    /** Whether the MoldUDP64 End of Session packet arrived; safe to read from any thread. */
    public boolean ended()
    {
        return ended;
    }

    public boolean marketOpen()
    {
        return marketOpen;
    }

    public boolean marketClosed()
    {
        return marketClosed;
    }

    /** Window length in nanoseconds: Q to M, or first to last packet where the feed sent no Q/M. */
    public long windowNanos()
    {
        final long start = windowStartNanos != Long.MIN_VALUE ? windowStartNanos : firstPacketNanos;
        final long end = windowEndNanos != Long.MIN_VALUE ? windowEndNanos : lastPacketNanos;
        return start == Long.MIN_VALUE || end == Long.MIN_VALUE ? 0 : Math.max(0, end - start);
    }

    public long windowStartNanos()
    {
        return windowStartNanos != Long.MIN_VALUE ? windowStartNanos : firstPacketNanos;
    }

    public long windowEndNanos()
    {
        return windowEndNanos != Long.MIN_VALUE ? windowEndNanos : lastPacketNanos;
    }
}
