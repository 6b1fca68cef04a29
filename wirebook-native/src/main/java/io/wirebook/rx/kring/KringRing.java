package io.wirebook.rx.kring;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.FrameFilter;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The consumer side of one wbring ring, over the area the device maps ({@link KringAbi#HEADER}, then the slots).
 *
 * <p>Ring protocol: the kernel writes a slot, then publishes the producer index with release; this side reads the
 * producer index with acquire, reads the slots up to it as plain memory, then publishes its consumer index with
 * release so that the kernel reuses a slot only after it was read. Both indexes run freely and wrap; a slot is
 * {@code index & (slots - 1)}. What the kernel wrote is checked before use: a producer more than a ring ahead, or
 * a slot whose length does not fit it, is counted and skipped, never read past.
 */
final class KringRing
{
    private static final int BATCH = 64;
    private static final VarHandle COUNTER = JAVA_LONG.varHandle();

    private final MemorySegment area;
    /** One wrap over the whole area, for the life of the ring: every frame is an offset into it. */
    private final UnsafeBuffer buffer;
    private final long slotsOffset;
    private final int slotCount;
    private final int slotSize;
    private final int mask;
    private final KringCounters counters;
    private int consumer;

    /**
     * @param area a mapping of the whole ring whose geometry has been checked ({@link #geometryProblem}).
     * @param counters where it counts, shared with the path's other rings.
     */
    KringRing(final MemorySegment area, final KringCounters counters)
    {
        this.area = area;
        this.counters = counters;
        this.slotCount = area.get(JAVA_INT, KringAbi.GEOMETRY_SLOT_COUNT);
        this.slotSize = area.get(JAVA_INT, KringAbi.GEOMETRY_SLOT_SIZE);
        this.slotsOffset = area.get(JAVA_LONG, KringAbi.GEOMETRY_SLOTS_OFFSET);
        this.mask = slotCount - 1;
        this.buffer = new UnsafeBuffer(area.address(), Math.toIntExact(area.byteSize()));
        this.consumer = (int)KringAbi.INDEX.getAcquire(area, KringAbi.CONSUMER);
    }

    /**
     * What is wrong with {@code geometry} (a struct wbring_geometry) for a ring of {@code slots} slots of
     * {@code slotSize} bytes in a mapping of {@code mappedBytes}, or null when it is what was asked for and fits.
     */
    static String geometryProblem(final MemorySegment geometry, final long mappedBytes, final int slots,
        final int slotSize)
    {
        final int magic = geometry.get(JAVA_INT, KringAbi.GEOMETRY_MAGIC);
        final int version = geometry.get(JAVA_INT, KringAbi.GEOMETRY_VERSION);
        final int count = geometry.get(JAVA_INT, KringAbi.GEOMETRY_SLOT_COUNT);
        final int size = geometry.get(JAVA_INT, KringAbi.GEOMETRY_SLOT_SIZE);
        final long slotsOffset = geometry.get(JAVA_LONG, KringAbi.GEOMETRY_SLOTS_OFFSET);
        if (magic != KringAbi.MAGIC || version != KringAbi.VERSION)
        {
            return String.format("magic %08x version %d, expected %08x version %d", magic, version, KringAbi.MAGIC,
                KringAbi.VERSION);
        }
        if (count != slots || size != slotSize || slotsOffset != KringAbi.HEADER_SIZE ||
            slotsOffset + (long)count * size > mappedBytes)
        {
            return count + " slots of " + size + " bytes at " + slotsOffset + " in " + mappedBytes +
                " bytes, expected " + slots + " of " + slotSize + " at " + KringAbi.HEADER_SIZE;
        }
        return null;
    }

    /**
     * Hands up to one batch of frames to the filter (and each to {@code capture} first, when not null), then gives
     * their slots back.
     *
     * @return the number of datagrams the filter handed to the handler.
     */
    int poll(final FrameFilter filter, final PacketCapture capture, final DatagramHandler handler)
    {
        final MemorySegment area = this.area;
        final int producer = (int)KringAbi.INDEX.getAcquire(area, KringAbi.PRODUCER);
        final int available = producer - consumer;
        if (available == 0)
        {
            return 0;
        }
        if (available < 0 || available > slotCount)
        {
            // Not a state the kernel can reach: nothing between the two indexes can be trusted, so none is read.
            counters.badIndex.incrementRelease();
            consumer = producer;
            KringAbi.INDEX.setRelease(area, KringAbi.CONSUMER, consumer);
            return 0;
        }
        final int count = Math.min(available, BATCH);
        final int maxFrame = slotSize - KringAbi.SLOT_HEADER;
        int handed = 0;
        for (int i = 0; i < count; i++)
        {
            final long slot = slotsOffset + (long)((consumer + i) & mask) * slotSize;
            final int length = area.get(JAVA_INT, slot + KringAbi.SLOT_LENGTH);
            if (length <= 0 || length > maxFrame)
            {
                counters.badSlots.incrementRelease();
                continue;
            }
            final long stamp = area.get(JAVA_LONG, slot + KringAbi.SLOT_STAMP);
            final long arrival = stamp > 0 ? stamp : HostClock.NO_STAMP;
            final int frame = (int)(slot + KringAbi.SLOT_HEADER);
            if (capture != null)
            {
                capture.frame(buffer, frame, length, arrival);
            }
            if (filter.onFrame(buffer, frame, length, arrival, handler))
            {
                handed++;
            }
        }
        counters.slots.getAndAddRelease(count);
        consumer += count;
        KringAbi.INDEX.setRelease(area, KringAbi.CONSUMER, consumer);
        return handed;
    }

    /** Whether the kernel has published a slot not yet read. */
    boolean hasFrames()
    {
        return (int)KringAbi.INDEX.getAcquire(area, KringAbi.PRODUCER) != consumer;
    }

    /** One of the kernel's counters in the shared area ({@link KringAbi#COUNTER_RECEIVED}...). */
    long kernelCounter(final long offset)
    {
        return (long)COUNTER.getOpaque(area, offset);
    }
}
