package io.wirebook.sim;

import io.wirebook.stats.HostClock;

/**
 * The orders one gateway transport received, in arrival order: each order's trigger (channel, sequence number,
 * whether it came while the market was open) and its kernel arrival stamp. Written by that transport's thread only;
 * read after the thread ended.
 */
final class OrderLog
{
    private final int[] channel;
    private final long[] sequenceNumber;
    private final boolean[] marketOpen;
    private final long[] arrivalNanos;
    private int count;
    private long overflow;
    private long malformed;
    private long noStamp;

    OrderLog(final int capacity)
    {
        channel = new int[capacity];
        sequenceNumber = new long[capacity];
        marketOpen = new boolean[capacity];
        arrivalNanos = new long[capacity];
    }

    void record(final int channel, final long sequenceNumber, final boolean marketOpen, final long arrivalNanos)
    {
        if (arrivalNanos == HostClock.NO_STAMP)
        {
            noStamp++;
        }
        if (count == this.channel.length)
        {
            overflow++;
            return;
        }
        this.channel[count] = channel;
        this.sequenceNumber[count] = sequenceNumber;
        this.marketOpen[count] = marketOpen;
        this.arrivalNanos[count] = arrivalNanos;
        count++;
    }

    void malformed()
    {
        malformed++;
    }

    int count()
    {
        return count;
    }

    int channel(final int i)
    {
        return channel[i];
    }

    long sequenceNumber(final int i)
    {
        return sequenceNumber[i];
    }

    boolean marketOpen(final int i)
    {
        return marketOpen[i];
    }

    long arrivalNanos(final int i)
    {
        return arrivalNanos[i];
    }

    long overflow()
    {
        return overflow;
    }

    long malformedCount()
    {
        return malformed;
    }

    long noStamp()
    {
        return noStamp;
    }
}
