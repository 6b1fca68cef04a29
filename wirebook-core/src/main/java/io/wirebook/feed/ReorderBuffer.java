package io.wirebook.feed;

import io.wirebook.mold.MoldPacket;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The packets of one channel that arrived ahead of the sequence number the channel expects, held as copies in
 * sequence order until the gap before them fills. Bounded in packets and bytes; everything is allocated up front.
 *
 * <p>Each held packet is either confirmed or not. A packet ahead of the stream could be forged: it is confirmed
 * once the stream is seen to go on from it (a packet that starts where it ends), once the other line carried the
 * same packet, or when the request server sent it. The sequencer applies only confirmed packets.
 */
final class ReorderBuffer
{
    static final int INSERTED = 0;
    /** The same packet is already held: now confirmed by a second copy. */
    static final int SAME = 1;
    /** Another packet with the same first sequence number but other bytes is held: both were dropped. */
    static final int CONFLICT = 2;
    /** No room; the packet was not held. */
    static final int FULL = 3;

    private final int capacity;
    private final long[] starts;
    private final long[] ends;
    private final int[] offsets;
    private final int[] lengths;
    private final int[] sources;
    private final boolean[] confirmed;
    private final boolean[] chained;
    private UnsafeBuffer arena;
    private UnsafeBuffer spare;
    private int size;
    private int used;

    ReorderBuffer(final int capacityPackets, final int capacityBytes)
    {
        capacity = capacityPackets;
        starts = new long[capacityPackets];
        ends = new long[capacityPackets];
        offsets = new int[capacityPackets];
        lengths = new int[capacityPackets];
        sources = new int[capacityPackets];
        confirmed = new boolean[capacityPackets];
        chained = new boolean[capacityPackets];
        arena = new UnsafeBuffer(new byte[capacityBytes]);
        spare = new UnsafeBuffer(new byte[capacityBytes]);
    }

    /**
     * Holds a copy of a data packet that starts ahead of the stream.
     *
     * @param trusted whether it needs no confirmation (it came from the request server).
     * @return {@link #INSERTED}, {@link #SAME}, {@link #CONFLICT} or {@link #FULL}.
     */
    int insert(final MoldPacket packet, final int source, final boolean trusted)
    {
        final long start = packet.sequenceNumber();
        final long end = start + packet.messageCount();
        int at = size;
        while (at > 0 && starts[at - 1] >= start)
        {
            at--;
        }
        if (at < size && starts[at] == start)
        {
            if (ends[at] == end && sameBytes(at, packet))
            {
                if (trusted || sources[at] != source)
                {
                    confirmed[at] = true;
                }
                return SAME;
            }
            // Two different packets claim the same sequence numbers: one is forged. The request server's copy
            // wins; between two copies from the lines, neither is applied and the server is asked instead.
            if (sources[at] == ChannelSequencer.SOURCE_REQUEST)
            {
                return CONFLICT;
            }
            remove(at);
            if (!trusted)
            {
                return CONFLICT;
            }
        }
        final int length = packet.length();
        if (size == capacity || !makeRoom(length))
        {
            return FULL;
        }
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(ends, at, ends, at + 1, size - at);
        System.arraycopy(offsets, at, offsets, at + 1, size - at);
        System.arraycopy(lengths, at, lengths, at + 1, size - at);
        System.arraycopy(sources, at, sources, at + 1, size - at);
        System.arraycopy(confirmed, at, confirmed, at + 1, size - at);
        System.arraycopy(chained, at, chained, at + 1, size - at);
        size++;
        store(at, packet, source, trusted);
        // The stream goes on from the packet before it, and from this one if its successor is already held. A
        // packet that continues a held one is chained to it: once that one is applied, so is this one.
        if (at > 0 && ends[at - 1] == start)
        {
            confirmed[at - 1] = true;
            chained[at] = true;
        }
        if (at + 1 < size && starts[at + 1] == end)
        {
            confirmed[at] = true;
            chained[at + 1] = true;
        }
        return INSERTED;
    }

    /** Drops every held packet that ends at or before {@code next}; returns how many went unconfirmed. */
    int discardBelow(final long next)
    {
        int unconfirmed = 0;
        int keep = 0;
        while (keep < size && ends[keep] <= next)
        {
            if (!confirmed[keep])
            {
                unconfirmed++;
            }
            keep++;
        }
        if (keep > 0)
        {
            removeFirst(keep);
        }
        return unconfirmed;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    long headStart()
    {
        return starts[0];
    }

    long headEnd()
    {
        return ends[0];
    }

    boolean headConfirmed()
    {
        return confirmed[0];
    }

    /** Whether the first packet continues a held packet (applied just before it, if it was applied). */
    boolean headChained()
    {
        return chained[0];
    }

    /** The first sequence number of the first confirmed packet held, or {@code orElse} when none is. */
    long firstConfirmedStart(final long orElse)
    {
        for (int i = 0; i < size; i++)
        {
            if (confirmed[i])
            {
                return starts[i];
            }
        }
        return orElse;
    }

    int headSource()
    {
        return sources[0];
    }

    /** Lays {@code flyweight} over the held copy of the first packet; valid until the next change. */
    void wrapHead(final MoldPacket flyweight)
    {
        flyweight.wrap(arena, offsets[0], lengths[0]);
    }

    void removeHead()
    {
        removeFirst(1);
    }

    void clear()
    {
        size = 0;
        used = 0;
    }

    private void store(final int at, final MoldPacket packet, final int source, final boolean trusted)
    {
        final int length = packet.length();
        offsets[at] = used;
        used += length;
        arena.putBytes(offsets[at], packet.buffer(), packet.offset(), length);
        starts[at] = packet.sequenceNumber();
        ends[at] = packet.sequenceNumber() + packet.messageCount();
        lengths[at] = length;
        sources[at] = source;
        confirmed[at] = trusted;
        chained[at] = false;
    }

    private boolean sameBytes(final int at, final MoldPacket packet)
    {
        final int length = lengths[at];
        if (length != packet.length())
        {
            return false;
        }
        final DirectBuffer other = packet.buffer();
        final int base = offsets[at];
        final int otherBase = packet.offset();
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (arena.getLong(base + i) != other.getLong(otherBase + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (arena.getByte(base + i) != other.getByte(otherBase + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Makes {@code length} bytes free at the end of the arena, compacting it into the spare when it must. */
    private boolean makeRoom(final int length)
    {
        if (size == 0)
        {
            used = 0;
        }
        if (used + length <= arena.capacity())
        {
            return true;
        }
        int live = 0;
        for (int i = 0; i < size; i++)
        {
            live += lengths[i];
        }
        if (live + length > arena.capacity())
        {
            return false;
        }
        int to = 0;
        for (int i = 0; i < size; i++)
        {
            spare.putBytes(to, arena, offsets[i], lengths[i]);
            offsets[i] = to;
            to += lengths[i];
        }
        final UnsafeBuffer swap = arena;
        arena = spare;
        spare = swap;
        used = to;
        return true;
    }

    private void remove(final int at)
    {
        final int tail = size - at - 1;
        System.arraycopy(starts, at + 1, starts, at, tail);
        System.arraycopy(ends, at + 1, ends, at, tail);
        System.arraycopy(offsets, at + 1, offsets, at, tail);
        System.arraycopy(lengths, at + 1, lengths, at, tail);
        System.arraycopy(sources, at + 1, sources, at, tail);
        System.arraycopy(confirmed, at + 1, confirmed, at, tail);
        System.arraycopy(chained, at + 1, chained, at, tail);
        size--;
    }

    private void removeFirst(final int count)
    {
        final int tail = size - count;
        System.arraycopy(starts, count, starts, 0, tail);
        System.arraycopy(ends, count, ends, 0, tail);
        System.arraycopy(offsets, count, offsets, 0, tail);
        System.arraycopy(lengths, count, lengths, 0, tail);
        System.arraycopy(sources, count, sources, 0, tail);
        System.arraycopy(confirmed, count, confirmed, 0, tail);
        System.arraycopy(chained, count, chained, 0, tail);
        size = tail;
    }
}
