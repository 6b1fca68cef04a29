package io.wirebook.feed;

import io.wirebook.book.Rejections;
import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The traffic and refusal counters of one channel, in the handler's counters ({@code ch.N.packets},
 * {@code ch.N.messages}...): monotonic for the handler's life and written only by the poll thread, with release
 * semantics, so {@code wirebook stat} and any other thread read them live.
 *
 * <p>The lab measures a window (Start to End of Market Hours): {@link #packets()}, {@link #messages()},
 * {@link #heartbeats()} and {@link #lostInWindow()} are what the counters gained inside it. The refusals count
 * the handler's whole life.
 */
public final class FeedCounters
{
    final AtomicCounter packets;
    final AtomicCounter messages;
    final AtomicCounter snapshotMessages;
    final AtomicCounter malformedPackets;
    private final Rejections rejections;
    private final int channel;
    final AtomicCounter heartbeats;
    final AtomicCounter newSessions;
    final AtomicCounter lost;
    final AtomicCounter skippedUnknownTypes;
    final AtomicCounter skippedBadLengths;
    /** The last malformed packet's reason (a MoldPacket code): a clue, not a count. */
    int lastMalformedReason;

    private final long[] windowStart = new long[4];
    private final long[] windowEnd = new long[4];
    private boolean windowClosed;

    FeedCounters(final HandlerCounters counters, final int channel, final Rejections rejections)
    {
        this.channel = channel;
        this.rejections = rejections;
        packets = counters.channel(channel, "packets");
        messages = counters.channel(channel, "messages");
        snapshotMessages = counters.channel(channel, "snapshot_messages");
        heartbeats = counters.channel(channel, "heartbeats");
        lost = counters.channel(channel, "messages_lost");
        malformedPackets = counters.channel(channel, "malformed");
        skippedUnknownTypes = counters.channel(channel, "rejected.unknown_message_type");
        skippedBadLengths = counters.channel(channel, "rejected.bad_message_length");
        newSessions = counters.channel(channel, "new_sessions");
    }

    /** Opens the measurement window: the window's counts start from what the counters hold now. */
    void openWindow()
    {
        read(windowStart);
        windowClosed = false;
    }

    /** Closes the window: its counts stay what they are now. */
    void closeWindow()
    {
        read(windowEnd);
        windowClosed = true;
    }

    private void read(final long[] into)
    {
        into[0] = packets.get();
        into[1] = messages.get();
        into[2] = heartbeats.get();
        into[3] = lost.get();
    }

    private long inWindow(final int index, final AtomicCounter counter)
    {
        return (windowClosed ? windowEnd[index] : counter.get()) - windowStart[index];
    }

    /** Packets that reached the channel in the window, whatever became of them. */
    public long packets()
    {
        return inWindow(0, packets);
    }

    /** Live messages applied to the books in the window (a snapshot's are not). */
    public long messages()
    {
        return inWindow(1, messages);
    }

    public long heartbeats()
    {
        return inWindow(2, heartbeats);
    }

    /** Messages lost for good in the window. */
    public long lostInWindow()
    {
        return inWindow(3, lost);
    }

    /** Packets that reached the channel, for the handler's life; safe to read from any thread. */
    public long packetsVolatile()
    {
        return packets.get();
    }

    /** Live messages applied, for the handler's life; safe to read from any thread. */
    public long messagesVolatile()
    {
        return messages.get();
    }

    /** Packets rejected whole because their framing was wrong: nothing of them reached a book. */
    public long malformedPackets()
    {
        return malformedPackets.get();
    }

    /**
     * Well-framed messages the books refused (impossible order references, executing more than remains): the sum of
     * the channel's {@code ch.N.rejected.<reason>} counters that {@link Rejections} keeps.
     */
    public long rejectedMessages()
    {
        return rejections.channelTotal(channel);
    }

    /** Messages of an unknown ITCH type, skipped by their length prefix; the rest of their packet applied. */
    public long skippedUnknownTypes()
    {
        return skippedUnknownTypes.get();
    }

    /** Messages of a known type but the wrong length, skipped by their length prefix. */
    public long skippedBadLengths()
    {
        return skippedBadLengths.get();
    }

    /** Times the channel moved to a newer MoldUDP64 session, clearing the books of its instruments. */
    public long newSessions()
    {
        return newSessions.get();
    }

    /** Messages a snapshot applied. */
    public long snapshotMessages()
    {
        return snapshotMessages.get();
    }
}
