package io.wirebook.book;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashKeysTest
{
    private static final long GOLDEN_RATIO = 0x9E37_79B9_7F4A_7C15L;
    /** Close to 1/3: sequential keys fall into three clumps. */
    private static final long NEAR_A_THIRD = 0x5555_5555_5555_5557L;
    private static final int CAPACITY = 1 << 14;

    @Test
    void acceptsTheGoldenRatioAndRejectsMultipliersNearASimpleFraction()
    {
        assertThat(HashKeys.spreadsEvenly(GOLDEN_RATIO)).isTrue();
        assertThat(HashKeys.spreadsEvenly(NEAR_A_THIRD)).isFalse();
        assertThat(HashKeys.spreadsEvenly(0)).isFalse();
        assertThat(HashKeys.spreadsEvenly(1)).isFalse();
        assertThat(HashKeys.spreadsEvenly(3)).isFalse();
        assertThat(HashKeys.spreadsEvenly(-1)).as("just below 1").isFalse();
        assertThat(HashKeys.spreadsEvenly(Long.MIN_VALUE + 1)).as("just above 1/2").isFalse();
    }

    @Test
    void drawnMultipliersSpreadSequentialReferencesLikeTheGoldenRatio()
    {
        final SplittableRandom random = new SplittableRandom(20_260_101L);
        final double golden = meanDisplacement(GOLDEN_RATIO);
        assertThat(golden).isLessThan(0.1);
        double worst = 0;
        for (int i = 0; i < 20; i++)
        {
            final long multiplier = HashKeys.drawMultiplier(random);
            assertThat(multiplier & 1).isEqualTo(1);
            worst = Math.max(worst, meanDisplacement(multiplier));
        }
        assertThat(worst).isLessThan(0.5);
        // What the filter keeps out.
        assertThat(meanDisplacement(NEAR_A_THIRD)).isGreaterThan(10 * worst);
    }

    /** Probes beyond the home of each of a half-full table's worth of sequential references, on average. */
    private static double meanDisplacement(final long multiplier)
    {
        final OrderIndex index = new OrderIndex(CAPACITY / 2, multiplier, 1);
        final long first = 1_000_003;
        final int count = CAPACITY / 2;
        for (long reference = first; reference < first + count; reference++)
        {
            index.insertAt(~index.probe(reference, 0), reference, 0, 1, 1, 2);
        }
        long displacement = 0;
        for (long reference = first; reference < first + count; reference++)
        {
            displacement += (index.probe(reference, 0) - index.home(reference)) & (CAPACITY - 1);
        }
        return (double)displacement / count;
    }
}
