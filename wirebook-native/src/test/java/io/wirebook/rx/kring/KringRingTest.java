package io.wirebook.rx.kring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.management.ThreadMXBean;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FrameFilter;
import io.wirebook.rx.paths.PathCounterValues;
import io.wirebook.stats.HostClock;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kring ring reader over an area laid out as the wbring module lays it out ({@link KringAbi}), with this test
 * as the kernel: it writes a slot, then publishes the producer index with release.
 */
class KringRingTest
{
    private static final int SLOTS = 128;
    private static final int SLOT_SIZE = 512;
    private static final String INTERFACE = "wbv1";
    private static final int SOURCE = Channel.parseIpv4("198.18.0.1");
    private static final int SOURCE_PORT = 12344;
    private static final Channel FEED = new Channel(Channel.parseIpv4("239.1.1.1"), 12345);
    private static final Channel OTHER = new Channel(Channel.parseIpv4("239.1.1.2"), 12345);
    private static final int ETHERNET = 14;
    private static final int IP_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int IP_CHECKSUM = 10;

    private final Arena arena = Arena.ofConfined();
    private final HandlerCounters handlerCounters = HandlerCounters.inMemory();
    private final KringCounters counters = new KringCounters(handlerCounters);
    private final FrameFilter filter = new FrameFilter(List.of(
        new Flow(0, Flow.LINE_A, OTHER, SOURCE, SOURCE_PORT, INTERFACE, 0),
        new Flow(1, Flow.LINE_A, FEED, SOURCE, SOURCE_PORT, INTERFACE, 0)), INTERFACE, counters.filter);
    private final Received received = new Received();
    private int producer;

    @AfterEach
    void close()
    {
        arena.close();
    }

    @Test
    void handsEachFrameWithItsFlowAndKernelStampThenGivesTheSlotsBack()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        for (int i = 0; i < 3; i++)
        {
            produce(area, frame(FEED, 100 + i, i), 1_000_000L + i);
        }

        assertThat(ring.hasFrames()).isTrue();
        assertThat(ring.poll(filter, null, received)).isEqualTo(3);

        assertThat(received.flows).containsExactly(1, 1, 1);
        assertThat(received.firstBytes).containsExactly(0, 1, 2);
        assertThat(received.lengths).containsExactly(100, 101, 102);
        assertThat(received.stamps).containsExactly(1_000_000L, 1_000_001L, 1_000_002L);
        assertThat((int)KringAbi.INDEX.getAcquire(area, KringAbi.CONSUMER)).isEqualTo(3);
        assertThat(ring.hasFrames()).isFalse();
        assertThat(ring.poll(filter, null, received)).isZero();
        assertThat(PathCounterValues.of(handlerCounters)).containsEntry("rx_slots", 3L)
            .containsEntry("frames_accepted", 3L);
    }

    @Test
    void aSlotWhoseLengthDoesNotFitIsCountedAndSkippedNeverRead()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        produce(area, frame(FEED, 50, 7), 1L);
        produceLength(area, SLOT_SIZE - KringAbi.SLOT_HEADER + 1);
        produceLength(area, 0);
        produceLength(area, -1);
        produce(area, frame(FEED, 50, 8), 2L);

        assertThat(ring.poll(filter, null, received)).isEqualTo(2);

        assertThat(received.firstBytes).containsExactly(7, 8);
        assertThat(PathCounterValues.of(handlerCounters)).containsEntry("rejected.bad_slot", 3L)
            .containsEntry("rx_slots", 5L);
        assertThat((int)KringAbi.INDEX.getAcquire(area, KringAbi.CONSUMER)).isEqualTo(5);
    }

    @Test
    void aFrameAsLongAsASlotHoldsIsRead()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        final int longest = SLOT_SIZE - KringAbi.SLOT_HEADER - ETHERNET - IP_HEADER - UDP_HEADER;
        produce(area, frame(FEED, longest, 9), 1L);

        assertThat(ring.poll(filter, null, received)).isEqualTo(1);
        assertThat(received.lengths).containsExactly(longest);
    }

    @Test
    void aProducerMoreThanARingAheadIsCountedAndNothingBetweenIsRead()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        KringAbi.INDEX.setRelease(area, KringAbi.PRODUCER, SLOTS + 1);

        assertThat(ring.poll(filter, null, received)).isZero();

        assertThat(received.flows).isEmpty();
        assertThat(PathCounterValues.of(handlerCounters)).containsEntry("rejected.bad_ring_index", 1L);
        assertThat((int)KringAbi.INDEX.getAcquire(area, KringAbi.CONSUMER)).isEqualTo(SLOTS + 1);
    }

    @Test
    void indexesWrapPastTheTopOfAnInt()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        producer = -20;
        KringAbi.INDEX.setRelease(area, KringAbi.CONSUMER, producer);
        KringAbi.INDEX.setRelease(area, KringAbi.PRODUCER, producer);
        final KringRing ring = new KringRing(area, counters);
        for (int i = 0; i < 40; i++)
        {
            produce(area, frame(FEED, 30, i), 10L + i);
        }

        assertThat(ring.poll(filter, null, received)).isEqualTo(40);

        assertThat(received.firstBytes).hasSize(40).startsWith(0, 1).endsWith(38, 39);
        assertThat((int)KringAbi.INDEX.getAcquire(area, KringAbi.CONSUMER)).isEqualTo(20);
    }

    @Test
    void onePollTakesOneBatchAtMost()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        for (int i = 0; i < 100; i++)
        {
            produce(area, frame(FEED, 30, i), 1L);
        }

        assertThat(ring.poll(filter, null, received)).isEqualTo(64);
        assertThat(ring.poll(filter, null, received)).isEqualTo(36);
    }

    @Test
    void aFrameOfAnotherSourceIsRejectedByTheFilterAndItsSlotStillGoesBack()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        final byte[] forged = frame(FEED, 30, 1);
        ByteBuffer.wrap(forged).order(ByteOrder.BIG_ENDIAN).putInt(ETHERNET + 12, Channel.parseIpv4("198.18.0.3"));
        fixIpChecksum(forged);
        produce(area, forged, 1L);

        assertThat(ring.poll(filter, null, received)).isZero();
        assertThat(PathCounterValues.of(handlerCounters)).containsEntry("rejected.wrong_source", 1L);
        assertThat((int)KringAbi.INDEX.getAcquire(area, KringAbi.CONSUMER)).isEqualTo(1);
    }

    @Test
    void anUnstampedSlotArrivesWithoutAStamp()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        produce(area, frame(FEED, 30, 1), 0L);

        ring.poll(filter, null, received);
        assertThat(received.stamps).containsExactly(HostClock.NO_STAMP);
    }

    @Test
    void geometryIsCheckedAgainstWhatWasAskedAndTheMapping()
    {
        final MemorySegment area = area(8, 2048);
        final long mapped = area.byteSize();

        assertThat(KringRing.geometryProblem(area, mapped, 8, 2048)).isNull();
        assertThat(KringRing.geometryProblem(area, mapped, 16, 2048)).contains("expected 16 of 2048");
        assertThat(KringRing.geometryProblem(area, mapped - 1, 8, 2048)).contains("in " + (mapped - 1));
        area.set(JAVA_INT, KringAbi.GEOMETRY_MAGIC, 0x1234);
        assertThat(KringRing.geometryProblem(area, mapped, 8, 2048)).contains("magic 00001234");
    }

    @Test
    void theKernelsCountersAreSummedOverTheRings()
    {
        final MemorySegment first = area(4, 256);
        final MemorySegment second = area(4, 256);
        first.set(JAVA_LONG, KringAbi.COUNTER_OVERFLOW, 6);
        second.set(JAVA_LONG, KringAbi.COUNTER_OVERFLOW, 1);
        first.set(JAVA_LONG, KringAbi.COUNTER_RECEIVED, 10);
        second.set(JAVA_LONG, KringAbi.COUNTER_TOO_LARGE, 2);
        second.set(JAVA_LONG, KringAbi.COUNTER_WRONG_SOURCE, 3);
        first.set(JAVA_LONG, KringAbi.COUNTER_COPY_FAILED, 4);
        second.set(JAVA_LONG, KringAbi.COUNTER_DETACHED, 1);

        counters.refresh(new KringRing[] {new KringRing(first, counters), new KringRing(second, counters)});

        assertThat(PathCounterValues.of(handlerCounters)).containsAllEntriesOf(Map.of("ring_overflow", 7L,
            "ring_received", 10L, "ring_too_large", 2L, "rejected.kring_wrong_source", 3L, "ring_copy_failed", 4L,
            "ring_detached", 1L));
    }

    @Test
    void pollingAllocatesNothing()
    {
        final MemorySegment area = area(SLOTS, SLOT_SIZE);
        final KringRing ring = new KringRing(area, counters);
        final byte[] frame = frame(FEED, 100, 1);
        final Counting counting = new Counting();
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++)
            {
                produce(area, frame, i + 1);
                ring.poll(filter, null, counting);
                ring.poll(filter, null, counting);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1)
            {
                assertThat(allocated).as("bytes allocated by 200,000 polls after warm-up").isZero();
            }
        }
        assertThat(counting.count).isEqualTo(400_000);
    }

    private MemorySegment area(final int slots, final int slotSize)
    {
        final long size = KringAbi.HEADER_SIZE + (long)slots * slotSize;
        final MemorySegment area = arena.allocate(size, KringAbi.HEADER_SIZE);
        area.set(JAVA_INT, KringAbi.GEOMETRY_MAGIC, KringAbi.MAGIC);
        area.set(JAVA_INT, KringAbi.GEOMETRY_VERSION, KringAbi.VERSION);
        area.set(JAVA_INT, KringAbi.GEOMETRY_SLOT_COUNT, slots);
        area.set(JAVA_INT, KringAbi.GEOMETRY_SLOT_SIZE, slotSize);
        area.set(JAVA_LONG, KringAbi.GEOMETRY_SLOTS_OFFSET, KringAbi.HEADER_SIZE);
        area.set(JAVA_LONG, KringAbi.GEOMETRY_MAP_SIZE, size);
        producer = 0;
        return area;
    }

    /** As the module does: the slot first, then the producer index with release. */
    private void produce(final MemorySegment area, final byte[] frame, final long stamp)
    {
        final long slot = slotAt(area, producer);
        MemorySegment.copy(frame, 0, area, JAVA_BYTE, slot + KringAbi.SLOT_HEADER,
            frame.length);
        area.set(JAVA_INT, slot + KringAbi.SLOT_LENGTH, frame.length);
        area.set(JAVA_LONG, slot + KringAbi.SLOT_STAMP, stamp);
        producer++;
        KringAbi.INDEX.setRelease(area, KringAbi.PRODUCER, producer);
    }

    private void produceLength(final MemorySegment area, final int length)
    {
        final long slot = slotAt(area, producer);
        area.set(JAVA_INT, slot + KringAbi.SLOT_LENGTH, length);
        area.set(JAVA_LONG, slot + KringAbi.SLOT_STAMP, 1L);
        producer++;
        KringAbi.INDEX.setRelease(area, KringAbi.PRODUCER, producer);
    }

    private static long slotAt(final MemorySegment area, final int index)
    {
        final int slots = area.get(JAVA_INT, KringAbi.GEOMETRY_SLOT_COUNT);
        final int slotSize = area.get(JAVA_INT, KringAbi.GEOMETRY_SLOT_SIZE);
        return KringAbi.HEADER_SIZE + (long)(index & (slots - 1)) * slotSize;
    }

    /** Ethernet II, IPv4 (checksummed), UDP without a checksum (RFC 768 allows it); payload byte 0 is {@code mark}. */
    private static byte[] frame(final Channel to, final int payloadLength, final int mark)
    {
        final ByteBuffer b = ByteBuffer.allocate(ETHERNET + IP_HEADER + UDP_HEADER + payloadLength)
            .order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {1, 0, 0x5e, 1, 1, 1}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)(IP_HEADER + UDP_HEADER + payloadLength)).putShort((short)0)
            .putShort((short)0).put((byte)1).put((byte)17).putShort((short)0).putInt(SOURCE).putInt(to.group());
        b.putShort((short)SOURCE_PORT).putShort((short)to.port()).putShort((short)(UDP_HEADER + payloadLength))
            .putShort((short)0);
        b.put((byte)mark);
        final byte[] frame = b.array();
        fixIpChecksum(frame);
        return frame;
    }

    private static void fixIpChecksum(final byte[] frame)
    {
        final ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        b.putShort(ETHERNET + IP_CHECKSUM, (short)0);
        int sum = 0;
        for (int i = 0; i < IP_HEADER; i += 2)
        {
            sum += b.getShort(ETHERNET + i) & 0xFFFF;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        b.putShort(ETHERNET + IP_CHECKSUM, (short)~sum);
    }

    private static final class Received implements DatagramHandler
    {
        final List<Integer> flows = new ArrayList<>();
        final List<Integer> firstBytes = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        final List<Long> stamps = new ArrayList<>();

        @Override
        public void onDatagram(final int channel, final DirectBuffer buffer, final int offset, final int length,
            final long arrivalNanos)
        {
            flows.add(channel);
            firstBytes.add(buffer.getByte(offset) & 0xFF);
            lengths.add(length);
            stamps.add(arrivalNanos);
        }
    }

    private static final class Counting implements DatagramHandler
    {
        long count;

        @Override
        public void onDatagram(final int channel, final DirectBuffer buffer, final int offset, final int length,
            final long arrivalNanos)
        {
            count++;
        }
    }
}
