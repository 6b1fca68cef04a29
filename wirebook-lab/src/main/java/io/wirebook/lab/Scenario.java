package io.wirebook.lab;

/**
 * The benchmark's scenarios (one feed at 50,000 msg/s, four feeds at 200,000 msg/s), the sweep that finds each
 * path's zero-drop limit, and the faults scenario that measures recovery. Every scenario runs on two lines with the
 * recovery servers up.
 */
public enum Scenario
{
    /** One feed at 50,000 msg/s. */
    SINGLE("single", 1, 50_000),
    /** Four feeds at 200,000 msg/s in total. */
    MULTI("multi", 4, 200_000),
    /** Raises the rate until the path drops; reports the highest rate held with zero drops. */
    SWEEP("sweep", 1, 50_000),
    /**
     * One feed at 50,000 msg/s on two lines with faults ({@link FaultsTimeline}): reorder and duplicates, a
     * receiver restart that must load a snapshot, random loss on each line, an outage of both, forged packets.
     */
    FAULTS("faults", 1, 50_000),
    /**
     * No feed: per path, {@code wirebook echo} on the path answers the real sockperf ping-pong client
     * ({@link PingPongRun}), with the kernel's sockperf server as the baseline.
     */
    PINGPONG("pingpong", 1, 0),
    /**
     * One feed at 50,000 msg/s that the receiver's strategy trades on: OUCH orders back to the exchange's gateway,
     * timed in the host (arrival → order sent) and wire to wire (market data sent → order arrived).
     */
    TICK_TO_TRADE("tick-to-trade", 1, 50_000),
    /**
     * A NASDAQ-profile day's close on one feed ({@link NasdaqCloseRun}): the day at a steady rate up to its last
     * seconds, then those seconds at 1x, the last one a burst of about 1.75M messages.
     */
    NASDAQ_CLOSE("nasdaq-close", 1, CloseDay.DEFAULT.burst());

    public final String cliName;
    public final int channels;
    public final long rateMsgs;

    Scenario(final String cliName, final int channels, final long rateMsgs)
    {
        this.cliName = cliName;
        this.channels = channels;
        this.rateMsgs = rateMsgs;
    }

    public static Scenario parse(final String name)
    {
        for (final Scenario s : values())
        {
            if (s.cliName.equalsIgnoreCase(name))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name +
            "': use single, multi, sweep, faults, pingpong, tick-to-trade or nasdaq-close");
    }
}
