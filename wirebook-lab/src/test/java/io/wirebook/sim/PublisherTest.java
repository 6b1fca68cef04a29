package io.wirebook.sim;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.ThreadMXBean;
import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.OrderDelete;
import io.wirebook.itch.StockDirectory;
import io.wirebook.itch.SystemEvent;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherTest
{
    private static final List<Channel> FOUR = List.of(
        Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12345),
        Channel.of("239.1.1.3", 12345), Channel.of("239.1.1.4", 12345));
    private static final int SOURCE = Channel.parseIpv4("198.18.0.1");
    private static final int INSTRUMENTS = 8;

    /** 10 ns between messages and 1 ns per clock read: packets fill up long before the hold deadline. */
    private static PublisherConfig dense(final long seed)
    {
        return new PublisherConfig(FOUR, SOURCE, 100_000_000L, 0.0001, 0.0002, 100, 500, seed, -1,
            MoldUDP64.session("TEST"), 1);
    }

    private static CapturingSink run(final PublisherConfig config, final MessageSource flow, final ItchListener tap)
    {
        final CapturingSink sink = new CapturingSink();
        new Publisher(config, flow, tap, sink, new StepClock(1_000_000_000_000L, 1)).run();
        assertThat(sink.closed).isTrue();
        return sink;
    }

    @Test
    void packetsStayWithinTheSizeBoundsAndSequenceNumbersAreContiguousPerChannel()
    {
        final CapturingSink sink = run(dense(7), new PairFlow(INSTRUMENTS, Long.MAX_VALUE), null);
        for (int c = 0; c < FOUR.size(); c++)
        {
            final List<CapturingSink.Packet> packets = sink.of(c);
            long expected = 1;
            int flowPacketsInBounds = 0;
            for (int i = 0; i < packets.size(); i++)
            {
                final CapturingSink.Packet packet = packets.get(i);
                assertThat(packet.bytes().length).isLessThanOrEqualTo(500);
                if (packet.isEndOfSession())
                {
                    assertThat(packet.sequenceNumber()).isEqualTo(expected);
                    continue;
                }
                assertThat(packet.sequenceNumber()).isEqualTo(expected);
                expected += packet.messageCount();
                // A flow packet followed by another flow packet was sent because it reached its target size.
                final boolean nextIsFlow = i + 1 < packets.size() && !hasSystemEvent(packets.get(i + 1))
                    && !packets.get(i + 1).isEndOfSession();
                if (!hasSystemEvent(packet) && nextIsFlow)
                {
                    assertThat(packet.bytes().length).isBetween(100, 500);
                    flowPacketsInBounds++;
                }
            }
            assertThat(flowPacketsInBounds).isGreaterThan(10);
        }
    }

    @Test
    void packetSizesAreDrawnFromTheSeedAndSpreadOverTheRange()
    {
        final List<Integer> first = sizes(run(dense(11), new PairFlow(INSTRUMENTS, Long.MAX_VALUE), null));
        final List<Integer> again = sizes(run(dense(11), new PairFlow(INSTRUMENTS, Long.MAX_VALUE), null));
        final List<Integer> other = sizes(run(dense(12), new PairFlow(INSTRUMENTS, Long.MAX_VALUE), null));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first.stream().filter(s -> s < 200).count()).isPositive();
        assertThat(first.stream().filter(s -> s > 400).count()).isPositive();
    }

    @Test
    void sessionRunsThroughItsEventsInOrderOnEveryChannel()
    {
        final PublisherConfig config = dense(3);
        final CapturingSink sink = run(config, new PairFlow(INSTRUMENTS, Long.MAX_VALUE), null);
        long warmup = 0;
        long measured = 0;
        for (int c = 0; c < FOUR.size(); c++)
        {
            final StringBuilder events = new StringBuilder();
            final long[] flowCounts = new long[8];
            int phase = 0;
            int endOfSessions = 0;
            for (final CapturingSink.Packet packet : sink.of(c))
            {
                if (packet.isEndOfSession())
                {
                    endOfSessions++;
                    continue;
                }
                assertThat(endOfSessions).as("nothing after End of Session").isZero();
                for (final byte[] message : packet.messages())
                {
                    if (message[0] == ItchMessages.SYSTEM_EVENT)
                    {
                        events.append((char)message[11]);
                        phase++;
                    }
                    else
                    {
                        flowCounts[phase]++;
                        final int locate = ((message[1] & 0xFF) << 8) | (message[2] & 0xFF);
                        assertThat(new ChannelPartition(4).channelOf(locate)).isEqualTo(c);
                    }
                }
            }
            assertThat(events.toString()).isEqualTo("OSQMEC");
            assertThat(endOfSessions).isEqualTo(Publisher.END_OF_SESSION_REPEATS);
            // Flow only between 'S' and 'Q' (warm-up) and between 'Q' and 'M' (measured).
            assertThat(flowCounts[0]).isZero();
            assertThat(flowCounts[1]).isZero();
            assertThat(flowCounts[4] + flowCounts[5] + flowCounts[6]).isZero();
            warmup += flowCounts[2];
            measured += flowCounts[3];
        }
        assertThat(warmup).isEqualTo(config.warmupMessages()).isEqualTo(10_000);
        assertThat(measured).isEqualTo(config.measuredMessages()).isEqualTo(20_000);
    }

    @Test
    void statsAgreeWithWhatWasSent()
    {
        final CapturingSink sink = new CapturingSink();
        final PublisherStats stats = new Publisher(dense(5), new PairFlow(INSTRUMENTS, Long.MAX_VALUE), null, sink,
            new StepClock(0, 1)).run();
        assertThat(stats.measuredMessages()).isEqualTo(20_000);
        assertThat(stats.flowExhausted()).isFalse();
        assertThat(stats.lateCount()).isZero();
        assertThat(stats.achievedRateMsgs()).isPositive();
        long messages = 0;
        long dataPackets = 0;
        int max = 0;
        for (final CapturingSink.Packet packet : sink.packets)
        {
            if (!packet.isEndOfSession() && !packet.isHeartbeat())
            {
                messages += packet.messageCount();
                dataPackets++;
                max = Math.max(max, packet.bytes().length);
            }
        }
        assertThat(stats.messages()).isEqualTo(messages).isEqualTo(30_000 + 4 * 6);
        assertThat(stats.packets()).isEqualTo(dataPackets);
        assertThat(stats.maxPacketBytes()).isEqualTo(max);
        for (final PublisherStats.ChannelStats channel : stats.channels())
        {
            assertThat(channel.lastSequenceNumber()).isEqualTo(channel.messages());
        }
        assertThat(stats.toMap()).containsKeys("achieved_rate_msgs", "max_lateness_ns", "late_count", "feeds");
    }

    @Test
    void stampsEveryMessageJustBeforeSendingAndTheTapSeesThemAll()
    {
        final List<String> seen = new ArrayList<>();
        final long[] lastTimestamp = {0};
        final ItchListener tap = new ItchListener()
        {
            @Override
            public void onSystemEvent(final SystemEvent message)
            {
                seen.add("S" + (char)message.eventCode());
                check(message.timestamp());
            }

            @Override
            public void onStockDirectory(final StockDirectory message)
            {
                seen.add("R");
                check(message.timestamp());
            }

            @Override
            public void onAddOrder(final AddOrder message)
            {
                seen.add("A");
                check(message.timestamp());
            }

            @Override
            public void onOrderDelete(final OrderDelete message)
            {
                seen.add("D");
                check(message.timestamp());
            }

            private void check(final long timestamp)
            {
                assertThat(timestamp).isPositive().isGreaterThanOrEqualTo(lastTimestamp[0]);
                lastTimestamp[0] = timestamp;
            }
        };
        final CapturingSink sink = run(dense(9), new PairFlow(INSTRUMENTS, Long.MAX_VALUE), tap);
        final long sent = sink.packets.stream().filter(p -> !p.isEndOfSession()).mapToLong(p -> p.messageCount()).sum();
        assertThat(seen).hasSize((int)sent);
        assertThat(seen.subList(0, 2)).containsExactly("SO", "SS");
        assertThat(seen.stream().filter("R"::equals).count()).isEqualTo(INSTRUMENTS);
    }

    @Test
    void sendsHeartbeatsOnAnIdleChannelWithTheNextSequenceNumber()
    {
        // One message a second, all on instrument 1, so channel 1 carries nothing but events.
        final PublisherConfig config = new PublisherConfig(FOUR.subList(0, 2), SOURCE, 1, 0, 4, 100, 500, 1, -1,
            MoldUDP64.session("TEST"), 1);
        final CapturingSink sink = new CapturingSink();
        final PublisherStats stats = new Publisher(config, new PairFlow(1, Long.MAX_VALUE), null, sink,
            new StepClock(0, 1_000_000)).run();
        final List<CapturingSink.Packet> idle = sink.of(1);
        final List<CapturingSink.Packet> heartbeats = idle.stream().filter(CapturingSink.Packet::isHeartbeat).toList();
        assertThat(heartbeats).hasSizeGreaterThanOrEqualTo(3);
        assertThat(stats.channels().get(1).heartbeats()).isEqualTo(heartbeats.size());
        // After 'O','S' and 'Q' (sequence numbers 1-3) the next message expected on channel 1 is 4.
        assertThat(heartbeats).allSatisfy(h -> assertThat(h.sequenceNumber()).isEqualTo(4));
        // At one message a second every packet goes alone: nothing waits for company.
        assertThat(sink.of(0).stream().filter(p -> !p.isHeartbeat() && !p.isEndOfSession()
            && p.messages().get(0)[0] != ItchMessages.SYSTEM_EVENT))
            .allSatisfy(p -> assertThat(p.messageCount()).isOne());
    }

    @Test
    void endsTheSessionEarlyWhenTheFlowRunsDry()
    {
        final CapturingSink sink = new CapturingSink();
        final PublisherStats stats = new Publisher(dense(1), new PairFlow(INSTRUMENTS, 5_000), null, sink,
            new StepClock(0, 1)).run();
        assertThat(stats.flowExhausted()).isTrue();
        assertThat(stats.measuredMessages()).isZero();
        assertThat(sink.packets.stream().filter(CapturingSink.Packet::isEndOfSession)).hasSize(3 * 4);
    }

    @Test
    void allocatesNothingPerPacket()
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CountingSink sink = new CountingSink();
        // Warm the code up, then compare a short and a ten times longer run of the same shape.
        allocatedBy(threads, 200_000, sink);
        final long shortRun = allocatedBy(threads, 20_000, sink);
        final long longRun = allocatedBy(threads, 200_000, sink);
        assertThat(sink.packets).isGreaterThan(10_000);
        assertThat(longRun - shortRun).isLessThan(16 * 1024);
    }

    @Test
    void allocatesNothingPerPacketOnTwoLinesWithFaults()
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CountingSink sink = new CountingSink();
        final PacketFaults faults = new PacketFaults(100, 100);
        allocatedBy(threads, 200_000, sink, faults);
        final long shortRun = allocatedBy(threads, 20_000, sink, faults);
        final long longRun = allocatedBy(threads, 200_000, sink, faults);
        assertThat(sink.packets).isGreaterThan(20_000);
        assertThat(longRun - shortRun).isLessThan(16 * 1024);
    }

    private static long allocatedBy(
        final ThreadMXBean threads, final long messages, final CountingSink sink)
    {
        return allocatedBy(threads, messages, sink, null);
    }

    /** With faults, the run sends on two lines and makes them on both; without, on line A only. */
    private static long allocatedBy(
        final ThreadMXBean threads, final long messages, final CountingSink sink,
        final PacketFaults faults)
    {
        final PublisherConfig lineA = new PublisherConfig(FOUR, SOURCE, 1_000_000_000L, 0, messages / 1e9, 100,
            500, 1, -1, MoldUDP64.session("TEST"), 1);
        final PublisherConfig config = null == faults ? lineA :
            lineA.withLineB(FOUR, Channel.parseIpv4("198.18.1.1")).withFaults(faults, faults);
        final PairFlow flow = new PairFlow(INSTRUMENTS, Long.MAX_VALUE);
        final Publisher publisher = new Publisher(config, flow, null, sink, new StepClock(0, 1));
        final long before = threads.getCurrentThreadAllocatedBytes();
        publisher.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static List<Integer> sizes(final CapturingSink sink)
    {
        return sink.packets.stream().map(p -> p.bytes().length).toList();
    }

    private static boolean hasSystemEvent(final CapturingSink.Packet packet)
    {
        return !packet.isEndOfSession()
            && packet.messages().stream().anyMatch(m -> m[0] == ItchMessages.SYSTEM_EVENT);
    }

    /** Reads the sequence number of every packet without keeping anything. */
    private static final class CountingSink implements PacketSink
    {
        long packets;
        long checksum;

        @Override
        public void send(final int channel, final int line, final ByteBuffer packet)
        {
            packets++;
            checksum += packet.getLong(packet.position() + 10);
            packet.position(packet.limit());
        }

        @Override
        public void close()
        {
        }
    }

    @SuppressWarnings("unused")
    private static long sequenceOf(final byte[] bytes)
    {
        return new UnsafeBuffer(bytes).getLong(10, ByteOrder.BIG_ENDIAN);
    }
}
