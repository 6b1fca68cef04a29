package io.wirebook.feed;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.ThreadMXBean;
import io.wirebook.itch.ItchMessages;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.wirebook.feed.Packets.add;
import static io.wirebook.feed.Packets.delete;
import static io.wirebook.feed.Packets.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path, from a datagram to the books and the latency histograms, allocates nothing after warm-up.
 */
class FeedHandlerAllocationTest
{
    /** Replays one packet forever, rewriting its sequence number: adds, an execution and deletes that net out. */
    private static final class ReplayPath extends ScriptedRxPath
    {
        private final UnsafeBuffer buffer;
        private final int length;
        private final int messages;
        private long sequence = 1;

        ReplayPath(final byte[] packet, final int messages)
        {
            super("replay");
            buffer = copyOf(packet);
            length = packet.length;
            this.messages = messages;
        }

        @Override
        public int poll(final DatagramHandler handler)
        {
            buffer.putLong(MoldUDP64.SEQUENCE_NUMBER_OFFSET, sequence, ByteOrder.BIG_ENDIAN);
            sequence += messages;
            handler.onDatagram(0, buffer, 0, length, HostClock.nanos());
            return 1;
        }
    }

    /**
     * The same packet on two lines with faults, forever: line A loses one packet in ten and swaps one pair in
     * thirteen; line B carries every packet just after line A. Arbitration, line gaps, the reorder buffer and the
     * line-skew histogram all run.
     */
    private static final class TwoFaultyLinesPath extends ScriptedRxPath
    {
        private static final int PERIOD = 130;
        private final UnsafeBuffer buffer;
        private final int length;
        private final int messages;
        private final int[] flows;
        private final int[] packets;
        private int step;
        private long base = 1;

        TwoFaultyLinesPath(final byte[] packet, final int messages)
        {
            super("two-faulty-lines");
            buffer = copyOf(packet);
            length = packet.length;
            this.messages = messages;
            final List<int[]> schedule = new ArrayList<>();
            for (int k = 0; k < PERIOD; k++)
            {
                if (k % 13 == 0 && k + 1 < PERIOD)
                {
                    schedule.add(new int[] {0, k + 1});
                    schedule.add(new int[] {0, k});
                    schedule.add(new int[] {1, k});
                    schedule.add(new int[] {1, k + 1});
                    k++;
                    continue;
                }
                if (k % 10 != 5)
                {
                    schedule.add(new int[] {0, k});
                }
                schedule.add(new int[] {1, k});
            }
            flows = schedule.stream().mapToInt(e -> e[0]).toArray();
            packets = schedule.stream().mapToInt(e -> e[1]).toArray();
        }

        @Override
        public int poll(final DatagramHandler handler)
        {
            buffer.putLong(MoldUDP64.SEQUENCE_NUMBER_OFFSET, base + (long)packets[step] * messages,
                ByteOrder.BIG_ENDIAN);
            handler.onDatagram(flows[step], buffer, 0, length, HostClock.nanos());
            if (++step == flows.length)
            {
                step = 0;
                base += (long)PERIOD * messages;
            }
            return 1;
        }
    }

    @Test
    void arbitratingTwoFaultyLinesAllocatesNothingAfterWarmUp() throws Exception
    {
        final byte[] packet = new Packets().packet(
            add(7, 1, ItchMessages.BUY, 300, 1_000_000),
            add(7, 2, ItchMessages.SELL, 200, 1_000_100),
            delete(7, 1),
            delete(7, 2));
        final FeedHandler feed = FeedHandler.builder()
            .channel("239.1.1.1", 12345).lineB("239.1.2.1", 12345)
            .path(new TwoFaultyLinesPath(packet, 4))
            .maxStockLocate(100)
            .expectedOrders(1024)
            .build();
        feed.open();

        final long allocated = bytesAllocated(feed, 300_000, 1_000_000);

        final ChannelState.Recovery r = feed.channel(0).recovery();
        assertThat(r.lost()).isZero();
        assertThat(r.byLineB()).as("line A's losses that line B filled").isPositive();
        assertThat(r.duplicates()).isPositive();
        assertThat(feed.channel(0).counters().rejectedMessages()).isZero();
        assertThat(feed.channel(0).lineSkew().getTotalCount()).isPositive();
        assertThat(allocated).as("bytes allocated by 1M datagrams on two faulty lines").isLessThan(1024);
    }

    @Test
    void processingPacketsAllocatesNothingAfterWarmUp() throws Exception
    {
        final byte[] packet = new Packets().packet(
            add(7, 1, ItchMessages.BUY, 300, 1_000_000),
            add(7, 2, ItchMessages.SELL, 200, 1_000_100),
            add(7, 3, ItchMessages.BUY, 100, 999_900),
            execute(7, 1, 100),
            delete(7, 1),
            delete(7, 2),
            delete(7, 3));
        final long[] changes = new long[1];
        final FeedHandler feed = ScriptedRxPath.oneChannelFeed(new ReplayPath(packet, 7))
            .listener(book -> changes[0]++)
            .build();
        feed.open();

        final long allocated = bytesAllocated(feed, 200_000, 1_000_000);

        assertThat(feed.channel(0).counters().messages()).isEqualTo(7L * 1_200_000);
        assertThat(feed.channel(0).counters().rejectedMessages()).isZero();
        assertThat(changes[0]).isGreaterThan(1_000_000);
        assertThat(allocated).as("bytes allocated by 1M packets (7M messages)").isLessThan(1024);
    }

    /** What the calling thread allocates over {@code measured} polls after {@code warmUp} polls. */
    private static long bytesAllocated(final FeedHandler feed, final int warmUp, final int measured)
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmUp; i++)
        {
            feed.doWork();
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < measured; i++)
        {
            feed.doWork();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
