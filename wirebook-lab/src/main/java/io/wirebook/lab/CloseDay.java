package io.wirebook.lab;

import io.wirebook.sim.NasdaqDay;

/**
 * The NASDAQ-profile day the {@code nasdaq-close} scenario publishes: its size and its closing burst.
 *
 * @param messages the day's messages, Stock Directory included.
 * @param burst    the messages of its last second.
 */
public record CloseDay(long messages, long burst)
{
    /**
     * A day sized for its close rather than for its length. The default rule ({@link NasdaqDay#CLOSE_BURST} or a
     * 25th of the day) needs 44M messages for a full close, more than the publisher can encode before its session;
     * 6M messages are encoded in seconds, take about 200 MB, and still leave the books about 200k live orders (a
     * 30th of the day) when the close begins. The burst is a little above 1.75M so that a receiver that keeps up
     * applies at least 1.75M in one of its own one-second windows: its windows start at its Start of Market Hours,
     * and the burst it applies spans its sent second plus the tens of microseconds its latency varies by.
     */
    public static final CloseDay DEFAULT = new CloseDay(6_000_000, 1_760_000);

    /**
     * The warm-up's rate. A warm-up sent flat out outruns the receivers: they lose packets and recover by snapshot,
     * and a snapshot that skips Start of Market Hours leaves their measurement window unopened. At this rate they
     * apply the warm-up as it comes.
     */
    public static final long WARMUP_RATE_MSGS = 300_000;
    /** Seconds after the warm-up's messages for receivers to catch up before Start of Market Hours. */
    private static final double CATCH_UP_SECONDS = 2;

    public CloseDay
    {
        NasdaqDay.messagesBeforeLastSeconds(messages, burst, 1);
    }

    /** The messages before the day's last {@code seconds}: the warm-up that builds the books. */
    public long warmupMessages(final int seconds)
    {
        return NasdaqDay.messagesBeforeLastSeconds(messages, burst, seconds);
    }

    /**
     * The warm-up's seconds: its messages at {@link #WARMUP_RATE_MSGS}, then {@link #CATCH_UP_SECONDS} for the
     * receivers; the publisher takes longer if its messages do.
     */
    public double warmupSeconds(final int seconds)
    {
        return Math.ceil((double)warmupMessages(seconds) / WARMUP_RATE_MSGS) + CATCH_UP_SECONDS;
    }
}
