package io.wirebook.mold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A packet stream that the network loses, repeats and reorders: every sequence number the receiver moves past is
 * either applied exactly once, in order, or counted as a drop, and every message received again is counted as a
 * duplicate.
 */
class MoldSessionPropertyTest
{
    @Property(tries = 500)
    void everySequenceNumberIsAppliedOnceOrCountedAsDropped(
        @ForAll @IntRange(min = 1, max = 60) final int packetCount,
        @ForAll @IntRange(max = 40) final int lossPercent,
        @ForAll @IntRange(max = 40) final int duplicatePercent,
        @ForAll @IntRange(max = 40) final int reorderPercent,
        @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final List<long[]> sent = new ArrayList<>();   // {first sequence number, count}
        long next = 1 + random.nextInt(1000);
        for (int i = 0; i < packetCount; i++)
        {
            final int count = 1 + random.nextInt(5);
            sent.add(new long[] {next, count});
            next += count;
        }
        final long end = next;

        final List<long[]> wire = new ArrayList<>();
        for (final long[] p : sent)
        {
            if (random.nextInt(100) < lossPercent)
            {
                continue;
            }
            wire.add(p);
            if (random.nextInt(100) < duplicatePercent)
            {
                wire.add(p);
            }
        }
        for (int i = 1; i < wire.size(); i++)
        {
            if (random.nextInt(100) < reorderPercent)
            {
                wire.set(i - 1, wire.set(i, wire.get(i - 1)));
            }
        }
        // A heartbeat after the burst lets the receiver see a loss at the tail.
        final MoldPacket heartbeat = PacketBuilder.heartbeat(PacketBuilder.SESSION_A, end);

        final MoldSession session = new MoldSession();
        final List<Long> applied = new ArrayList<>();
        long received = 0;
        long start = -1;
        for (final long[] p : wire)
        {
            final MoldPacket packet = PacketBuilder.data(PacketBuilder.SESSION_A, p[0], (int)p[1]);
            if (start < 0)
            {
                start = p[0];
            }
            received += p[1];
            final int skip = session.onPacket(packet);
            if (skip != MoldSession.REJECT)
            {
                assertThat(skip).isBetween(0, (int)p[1] - 1);
                for (long s = p[0] + skip; s < p[0] + p[1]; s++)
                {
                    applied.add(s);
                }
            }
        }
        session.onPacket(heartbeat);
        if (start < 0)
        {
            start = end;
        }

        for (int i = 1; i < applied.size(); i++)
        {
            assertThat(applied.get(i)).isGreaterThan(applied.get(i - 1));
        }
        assertThat(session.nextSequenceNumber()).isEqualTo(end);
        assertThat(applied.size() + session.drops()).isEqualTo(end - start);
        assertThat(applied.size() + session.duplicates()).isEqualTo(received);
        if (lossPercent == 0 && reorderPercent == 0)
        {
            assertThat(session.drops()).isZero();
        }
    }
}
