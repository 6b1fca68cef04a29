package io.wirebook.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static io.wirebook.feed.ChannelSequencer.SOURCE_LINE_A;
import static io.wirebook.feed.ChannelSequencer.SOURCE_LINE_B;
import static io.wirebook.feed.ChannelSequencer.SOURCE_REQUEST;
import static io.wirebook.feed.RecordingSequencerHandler.oneTo;
import static org.assertj.core.api.Assertions.assertThat;
/**
 * Whatever the two lines lose, repeat or reorder, and however their packets and the request server's replies
 * interleave, the sequencer applies exactly the exchange's messages, each once, in order.
 */
class ChannelSequencerPropertyTest
{
    private static final long STEP_NANOS = 50_000;

    @Property(tries = 300)
    void everyInterleavingOfTwoFaultyLinesAndTheRepliesYieldsTheExchangeSequence(
        @ForAll @Size(min = 1, max = 120) final List<@IntRange(min = 1, max = 8) Integer> packetSizes,
        @ForAll final long seed,
        @ForAll @IntRange(min = 0, max = 40) final int lossPercentA,
        @ForAll @IntRange(min = 0, max = 40) final int lossPercentB,
        @ForAll final boolean twoLines)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<long[]> exchange = new ArrayList<>();
        long next = 1;
        for (final int size : packetSizes)
        {
            exchange.add(new long[] {next, size});
            next += size;
        }
        final long total = next - 1;

        final List<List<long[]>> lines = List.of(
            faulty(exchange, lossPercentA, random),
            twoLines ? faulty(exchange, lossPercentB, random) : List.of());
        final RecordingSequencerHandler handler = new RecordingSequencerHandler();
        final ChannelSequencer sequencer = new ChannelSequencer(RecoveryConfig.from(Map.of()), handler, true, false,
            twoLines);
        final List<long[]> replies = new ArrayList<>();
        final int[] position = {0, 0};
        long now = 1_000_000_000L;
        int requestsSeen = 0;
        for (int step = 0; step < 200_000; step++)
        {
            now += STEP_NANOS;
            final int line = pickLine(lines, position, random);
            if (line >= 0)
            {
                final long[] p = lines.get(line).get(position[line]++);
                sequencer.onPacket(SequencerPackets.data(p[0], (int)p[1]), line, now);
            }
            else if (position[0] == lines.get(0).size() && position[1] == lines.get(1).size() && step % 97 == 0)
            {
                // The session is over: a heartbeat, then End of Session on every line, as the exchange repeats it.
                sequencer.onPacket(SequencerPackets.heartbeat(total + 1), SOURCE_LINE_A, now);
                sequencer.onPacket(SequencerPackets.endOfSession(total + 1), SOURCE_LINE_A, now);
                sequencer.onPacket(SequencerPackets.endOfSession(total + 1), twoLines ? SOURCE_LINE_B : 0, now);
            }
            for (int i = 0; i < replies.size(); i++)
            {
                if (replies.get(i)[2] <= now)
                {
                    final long[] r = replies.remove(i--);
                    sequencer.onPacket(SequencerPackets.data(r[0], (int)r[1]), SOURCE_REQUEST, now);
                }
            }
            sequencer.onTimer(now);
            for (; requestsSeen < handler.requests.size(); requestsSeen++)
            {
                serve(handler.requests.get(requestsSeen), total, now, replies, random);
            }
            if (handler.applied.size() == total && sequencer.ended() && replies.isEmpty())
            {
                break;
            }
        }

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(total));
        assertThat(sequencer.messagesLost()).isZero();
        assertThat(sequencer.status()).isEqualTo(ChannelStatus.SYNCED);
    }

    /** A line's copy of the exchange's packets: some lost, some repeated, some swapped with the next. */
    private static List<long[]> faulty(final List<long[]> exchange, final int lossPercent, final SplittableRandom r)
    {
        final List<long[]> line = new ArrayList<>();
        for (final long[] packet : exchange)
        {
            if (r.nextInt(100) < lossPercent)
            {
                continue;
            }
            line.add(packet);
            if (r.nextInt(100) < 5)
            {
                line.add(packet);
            }
        }
        for (int i = 0; i + 1 < line.size(); i++)
        {
            if (r.nextInt(100) < 5)
            {
                final long[] swap = line.get(i);
                line.set(i, line.get(i + 1));
                line.set(i + 1, swap);
                i++;
            }
        }
        return line;
    }

    private static int pickLine(final List<List<long[]>> lines, final int[] position, final SplittableRandom r)
    {
        final boolean a = position[0] < lines.get(0).size();
        final boolean b = position[1] < lines.get(1).size();
        if (!a && !b)
        {
            return -1;
        }
        if (r.nextInt(4) == 0)
        {
            return -1;
        }
        return a && (!b || r.nextBoolean()) ? 0 : 1;
    }

    /** The request server: answers what it has, in packets of its own sizes, after a while; rarely not at all. */
    private static void serve(final long[] request, final long total, final long now, final List<long[]> replies,
        final SplittableRandom r)
    {
        if (r.nextInt(100) < 2)
        {
            return;
        }
        long from = request[0];
        final long end = Math.min(total + 1, request[0] + request[1]);
        long due = now + (1 + r.nextInt(40)) * STEP_NANOS;
        while (from < end)
        {
            final int count = (int)Math.min(end - from, 1 + r.nextInt(6));
            replies.add(new long[] {from, count, due});
            from += count;
            due += STEP_NANOS;
        }
    }
}
