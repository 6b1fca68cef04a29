package io.wirebook.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Line B, the per-line faults and the sent-message listener, on a capturing sink. */
class PublisherLinesTest
{
    private static final List<Channel> LINE_A = List.of(Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12345));
    private static final List<Channel> LINE_B = List.of(Channel.of("239.1.2.1", 12345), Channel.of("239.1.2.2", 12345));
    private static final int SOURCE_A = Channel.parseIpv4("198.18.0.1");
    private static final int SOURCE_B = Channel.parseIpv4("198.18.1.1");
    private static final int INSTRUMENTS = 8;

    /** Dense flow as in PublisherTest: packets fill long before the hold deadline, so runs are repeatable. */
    private static PublisherConfig twoLines(final long seed)
    {
        return new PublisherConfig(LINE_A, SOURCE_A, 100_000_000L, 0.0001, 0.0002, 100, 500, seed, -1,
            MoldUDP64.session("TEST"), 1).withLineB(LINE_B, SOURCE_B);
    }

    private static Publisher publisher(final PublisherConfig config, final CapturingSink sink,
        final SentMessageListener listener)
    {
        return new Publisher(config, new PairFlow(INSTRUMENTS, Long.MAX_VALUE), null, sink,
            new StepClock(1_000_000_000_000L, 1), listener);
    }

    /** A publisher that has sent its whole session into a capturing sink. */
    private record Ran(Publisher publisher, CapturingSink sink)
    {
    }

    private static Ran ran(final PublisherConfig config)
    {
        final CapturingSink sink = new CapturingSink();
        final Publisher publisher = publisher(config, sink, null);
        publisher.run();
        return new Ran(publisher, sink);
    }

    @Test
    void lineBCarriesTheSameBytesAsLineAInTheSameOrder()
    {
        final CapturingSink sink = new CapturingSink();
        publisher(twoLines(5), sink, null).run();
        for (int c = 0; c < LINE_A.size(); c++)
        {
            final List<CapturingSink.Packet> a = sink.of(c, Flow.LINE_A);
            final List<CapturingSink.Packet> b = sink.of(c, Flow.LINE_B);
            assertThat(a).hasSizeGreaterThan(10);
            assertThat(b.stream().map(CapturingSink.Packet::bytes).toList())
                .usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(a.stream().map(CapturingSink.Packet::bytes).toList());
        }
    }

    @Test
    void withoutLineBOnlyLineAIsSent()
    {
        final CapturingSink sink = new CapturingSink();
        publisher(twoLines(5).withoutLineB(), sink, null).run();
        assertThat(sink.packets).isNotEmpty().allSatisfy(p -> assertThat(p.line()).isEqualTo(Flow.LINE_A));
    }

    @Test
    void reorderOnLineASendsAHeldPacketRightAfterItsSuccessorAndCountsIt()
    {
        final Ran ran = ran(twoLines(5).withFaults(new PacketFaults(100, 0), PacketFaults.NONE));

        long swapped = 0;
        for (int c = 0; c < LINE_A.size(); c++)
        {
            final List<CapturingSink.Packet> a = dataPackets(ran.sink().of(c, Flow.LINE_A));
            final List<CapturingSink.Packet> b = dataPackets(ran.sink().of(c, Flow.LINE_B));
            assertThat(sequenceNumbers(b)).isSorted();
            assertThat(sequenceNumbers(a)).containsExactlyInAnyOrderElementsOf(sequenceNumbers(b));
            for (int i = 1; i < a.size(); i++)
            {
                if (a.get(i).sequenceNumber() < a.get(i - 1).sequenceNumber())
                {
                    swapped++;
                    // The held packet follows exactly the one packet that came after it.
                    assertThat(a.get(i).sequenceNumber() + a.get(i).messageCount())
                        .isEqualTo(a.get(i - 1).sequenceNumber());
                }
            }
        }
        assertThat(swapped).isPositive().isEqualTo(ran.publisher().reorderedPackets(Flow.LINE_A));
        assertThat(ran.publisher().reorderedPackets(Flow.LINE_B)).isZero();
        assertThat(ran.publisher().duplicatedPackets(Flow.LINE_A)).isZero();
        final long dataPacketsOnA =
            dataPackets(ran.sink().packets.stream().filter(p -> p.line() == Flow.LINE_A).toList()).size();
        // 100 per mille, from the seed: a wide band, not an exact count.
        assertThat(swapped).isBetween(dataPacketsOnA / 20, dataPacketsOnA / 5);
    }

    @Test
    void duplicatesOnLineBSendAPacketTwiceInARowAndCountIt()
    {
        final Ran ran = ran(twoLines(5).withFaults(PacketFaults.NONE, new PacketFaults(0, 200)));

        long doubled = 0;
        for (int c = 0; c < LINE_A.size(); c++)
        {
            final List<CapturingSink.Packet> a = dataPackets(ran.sink().of(c, Flow.LINE_A));
            final List<CapturingSink.Packet> b = dataPackets(ran.sink().of(c, Flow.LINE_B));
            final List<CapturingSink.Packet> once = new ArrayList<>();
            for (int i = 0; i < b.size(); i++)
            {
                if (i > 0 && Arrays.equals(b.get(i).bytes(), b.get(i - 1).bytes()))
                {
                    doubled++;
                    continue;
                }
                once.add(b.get(i));
            }
            assertThat(sequenceNumbers(once)).containsExactlyElementsOf(sequenceNumbers(a));
        }
        assertThat(doubled).isPositive().isEqualTo(ran.publisher().duplicatedPackets(Flow.LINE_B));
        assertThat(ran.publisher().duplicatedPackets(Flow.LINE_A)).isZero();
    }

    @Test
    void faultsAreTheSameForTheSameSeed()
    {
        final PacketFaults faults = new PacketFaults(50, 50);
        final CapturingSink first = new CapturingSink();
        publisher(twoLines(9).withFaults(faults, faults), first, null).run();
        final CapturingSink again = new CapturingSink();
        publisher(twoLines(9).withFaults(faults, faults), again, null).run();
        assertThat(sequenceNumbers(again.packets)).containsExactlyElementsOf(sequenceNumbers(first.packets));
        // The lines draw independently.
        assertThat(sequenceNumbers(first.of(0, Flow.LINE_B))).isNotEqualTo(sequenceNumbers(first.of(0, Flow.LINE_A)));
    }

    @Test
    void sentMessageListenerHearsEveryMessageOnceInSequenceOrderWithTheStampedBytes()
    {
        final List<List<byte[]>> heard = List.of(new ArrayList<>(), new ArrayList<>());
        final long[] nextSequence = {1, 1};
        final SentMessageListener listener = (channel, sequenceNumber, buffer, offset, length) ->
        {
            assertThat(sequenceNumber).isEqualTo(nextSequence[channel]++);
            heard.get(channel).add(copy(buffer, offset, length));
        };
        final CapturingSink sink = new CapturingSink();
        publisher(twoLines(3).withFaults(new PacketFaults(100, 100), new PacketFaults(100, 100)), sink, listener)
            .run();
        for (int c = 0; c < LINE_A.size(); c++)
        {
            final List<byte[]> sent = new ArrayList<>();
            final List<CapturingSink.Packet> inOrder = new ArrayList<>(dataPackets(sink.of(c, Flow.LINE_B)));
            inOrder.sort((x, y) -> Long.compare(x.sequenceNumber(), y.sequenceNumber()));
            long last = 0;
            for (final CapturingSink.Packet packet : inOrder)
            {
                if (packet.sequenceNumber() > last)
                {
                    sent.addAll(packet.messages());
                    last = packet.sequenceNumber();
                }
            }
            assertThat(heard.get(c)).hasSizeGreaterThan(10).usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(sent);
        }
    }

    @Test
    void rejectsALineBOfAnotherSizeAndRatesOutOfRange()
    {
        assertThatThrownBy(
            () -> twoLines(1).withLineB(LINE_B.subList(0, 1), SOURCE_B)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketFaults(1001, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketFaults(0, -1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<CapturingSink.Packet> dataPackets(final List<CapturingSink.Packet> packets)
    {
        return packets.stream().filter(p -> !p.isHeartbeat() && !p.isEndOfSession()).toList();
    }

    private static List<Long> sequenceNumbers(final List<CapturingSink.Packet> packets)
    {
        return packets.stream().map(CapturingSink.Packet::sequenceNumber).toList();
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
