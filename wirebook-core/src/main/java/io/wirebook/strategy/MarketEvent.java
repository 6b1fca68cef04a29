package io.wirebook.strategy;

import io.wirebook.stats.HostClock;

/**
 * The market-data message a {@link Strategy} is told about: one instance, rewritten by the feed handler before each
 * message reaches the books, so that reading it costs nothing and allocates nothing.
 */
public final class MarketEvent
{
    /** The sequence number of a message that came in a snapshot, which has none of the live feed's. */
    public static final long NO_SEQUENCE = -1;

    private int channel;
    private long sequenceNumber = NO_SEQUENCE;
    private long arrivalNanos = HostClock.NO_STAMP;
    private long handedOverNanos = HostClock.NO_STAMP;
    private boolean marketOpen;
    private boolean live;

    /** Sets every field; the feed handler calls it before each message is applied. */
    public void set(final int channel, final long sequenceNumber, final long arrivalNanos,
        final long handedOverNanos, final boolean marketOpen, final boolean live)
    {
        this.channel = channel;
        this.sequenceNumber = sequenceNumber;
        this.arrivalNanos = arrivalNanos;
        this.handedOverNanos = handedOverNanos;
        this.marketOpen = marketOpen;
        this.live = live;
    }

    /** The channel (index in the handler) that carried the message. */
    public int channel()
    {
        return channel;
    }

    /** The message's MoldUDP64 sequence number in its channel's session, or {@link #NO_SEQUENCE}. */
    public long sequenceNumber()
    {
        return sequenceNumber;
    }

    /**
     * The path's arrival stamp of the packet that carried the message ({@link HostClock}), or
     * {@link HostClock#NO_STAMP} where the path has none, or the message was held back or recovered.
     */
    public long arrivalNanos()
    {
        return arrivalNanos;
    }

    /**
     * When the path handed the packet to the feed handler ({@link HostClock}): the stamp to measure from on a path
     * with no arrival stamp of its own; {@link HostClock#NO_STAMP} when the message was not live.
     */
    public long handedOverNanos()
    {
        return handedOverNanos;
    }

    /** Whether the channel was between Start and End of Market Hours when the message came. */
    public boolean marketOpen()
    {
        return marketOpen;
    }

    /**
     * Whether the message came live, in order, off the wire: false for one held back by a gap, sent by the request
     * server or loaded from a snapshot.
     */
    public boolean live()
    {
        return live;
    }
}
