package io.wirebook.sim;

/**
 * The simulators' random source: SplitMix64, fast, good enough for a simulated market, and reproducible from the
 * seed; with the draws both order flows share (order sizes, distances from the mid).
 */
final class SimRandom
{
    private static final int ROUND_LOT = 100;
    /** Continuation probability of the geometric distance from the mid, in ticks. */
    private static final double LOG_DISTANCE_DECAY = Math.log(0.7);

    private long state;

    SimRandom(final long seed)
    {
        this.state = seed;
    }

    /** Uniform on 0 to {@code bound} - 1. */
    int nextInt(final int bound)
    {
        return (int)(((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform on [0, 1). */
    double nextDouble()
    {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Geometric on 0, 1, 2... (mean 7/3), at most {@code cap}. */
    int geometric(final int cap)
    {
        final double u = 1.0 - nextDouble();   // (0, 1]
        return Math.min(cap, (int)(Math.log(u) / LOG_DISTANCE_DECAY));
    }

    /** An order's size: mostly round lots, some odd lots and a few large orders. */
    int shares()
    {
        final int roll = nextInt(100);
        if (roll < 15)
        {
            return 1 + nextInt(99);
        }
        if (roll < 95)
        {
            return ROUND_LOT * (1 + geometric(1_000));
        }
        return ROUND_LOT * (10 + nextInt(90));
    }

    long nextLong()
    {
        long z = (state += 0x9E37_79B9_7F4A_7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
