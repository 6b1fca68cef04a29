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

    /** The slowest a flat-out warm-up is taken to send, for the receivers' time limit: a loaded host's. */
    private static final double SLOWEST_WARMUP_MSGS = 200_000;

    public CloseDay
    {
        NasdaqDay.messagesBeforeLastSeconds(messages, burst, 1);
    }

    /** The messages before the day's last {@code seconds}: the warm-up that builds the books. */
    public long warmupMessages(final int seconds)
    {
        return NasdaqDay.messagesBeforeLastSeconds(messages, burst, seconds);
    }

    /** How long the warm-up may take, at most, for a receiver waiting on it. */
    public double warmupSecondsAllowance(final int seconds)
    {
        return Math.ceil(warmupMessages(seconds) / SLOWEST_WARMUP_MSGS);
    }
}
