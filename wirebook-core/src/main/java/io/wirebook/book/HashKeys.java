package io.wirebook.book;

import java.util.random.RandomGenerator;

/**
 * Draws the multipliers of the order index's hash: random, so that nobody outside the process can choose references
 * that collide, and yet spreading sequential reference numbers as evenly as the golden ratio does.
 *
 * <p>Multiplying sequential keys by K and keeping the high bits places them at i·α mod 1, α = K / 2^64. How evenly
 * depends on α's continued fraction: a large partial quotient a(k+1) means α lies very close to a fraction p/q, and
 * up to some scale the keys fall into q clumps. A multiplier drawn uniformly often has one: in a half-full table of
 * sequential references, some drawn multipliers made probes 20 times longer on average than the golden ratio's, whose
 * partial quotients are all 1. So a multiplier is drawn until its partial quotients stay small at every scale up to
 * the largest table. About one draw in a hundred passes, which leaves some 2^57 multipliers to choose from.
 */
final class HashKeys
{
    /** The largest partial quotient a multiplier may have. */
    static final long MAX_PARTIAL_QUOTIENT = 8;
    /** Scales checked: convergent denominators up to the capacity of the largest table. */
    private static final long MAX_DENOMINATOR = 1L << 29;

    private HashKeys()
    {
    }

    /** @return an odd multiplier that {@link #spreadsEvenly spreads evenly}. */
    static long drawMultiplier(final RandomGenerator random)
    {
        while (true)
        {
            final long multiplier = random.nextLong() | 1;
            if (spreadsEvenly(multiplier))
            {
                return multiplier;
            }
        }
    }

    /**
     * @return whether every partial quotient of {@code multiplier / 2^64} (unsigned) is at most
     * {@link #MAX_PARTIAL_QUOTIENT}, up to the convergents whose denominators pass {@link #MAX_DENOMINATOR}.
     */
    static boolean spreadsEvenly(final long multiplier)
    {
        if (Long.compareUnsigned(multiplier, 1) <= 0)
        {
            // 0 hashes everything alike; 1 is 2^-64, whose first quotient, 2^64, does not even fit.
            return false;
        }
        // Euclid's algorithm on (2^64, multiplier), unsigned: 2^64 = (2^64 - multiplier) + multiplier.
        long quotient = Long.divideUnsigned(-multiplier, multiplier) + 1;
        long remainder = Long.remainderUnsigned(-multiplier, multiplier);
        long divisor = multiplier;
        long denominator = quotient;
        long previousDenominator = 1;
        while (true)
        {
            if (Long.compareUnsigned(quotient, MAX_PARTIAL_QUOTIENT) > 0)
            {
                return false;
            }
            if (remainder == 0 || denominator > MAX_DENOMINATOR)
            {
                return true;
            }
            final long dividend = divisor;
            divisor = remainder;
            quotient = Long.divideUnsigned(dividend, divisor);
            remainder = Long.remainderUnsigned(dividend, divisor);
            final long next = quotient * denominator + previousDenominator;
            previousDenominator = denominator;
            denominator = next;
        }
    }
}
