package io.wirebook.feed;

/**
 * Counters of one channel, written only by the poll thread. Packets, messages, heartbeats and losses count the
 * measurement window; refusals (malformed packets, rejected and skipped messages) count the handler's whole life.
 * {@link #messages()} is also published with release semantics once per packet, so another thread can show progress.
 */
public final class FeedCounters
{
    private static final java.lang.invoke.VarHandle MESSAGES_PUBLISHED;
    private static final java.lang.invoke.VarHandle PACKETS_PUBLISHED;

    static
    {
        try
        {
            MESSAGES_PUBLISHED = java.lang.invoke.MethodHandles.lookup()
                .findVarHandle(FeedCounters.class, "messagesPublished", long.class);
            PACKETS_PUBLISHED = java.lang.invoke.MethodHandles.lookup()
                .findVarHandle(FeedCounters.class, "packetsPublished", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    long packets;
    long messages;
    long malformedPackets;
    long rejectedMessages;
    long heartbeats;
    long newSessions;
    long lostInWindow;
    long skippedUnknownTypes;
    long skippedBadLengths;
    long lastMalformedReason;
    @SuppressWarnings("unused")
    private long messagesPublished;
    @SuppressWarnings("unused")
    private long packetsPublished;

    void publish()
    {
        MESSAGES_PUBLISHED.setRelease(this, messages);
        PACKETS_PUBLISHED.setRelease(this, packets);
    }

    /** {@link #packets()} as last published by the poll thread; safe to read from any thread. */
    public long packetsVolatile()
    {
        return (long)PACKETS_PUBLISHED.getAcquire(this);
    }

    /** Packets that reached the channel, whatever became of them. */
    public long packets()
    {
        return packets;
    }

    /** Messages applied to the books. */
    public long messages()
    {
        return messages;
    }

    /** {@link #messages()} as last published by the poll thread; safe to read from any thread. */
    public long messagesVolatile()
    {
        return (long)MESSAGES_PUBLISHED.getAcquire(this);
    }

    /** Packets rejected whole because their framing was wrong: nothing of them reached a book. */
    public long malformedPackets()
    {
        return malformedPackets;
    }

    /** Well-framed messages the books refused: impossible order references, executing more than remains. */
    public long rejectedMessages()
    {
        return rejectedMessages;
    }

    /** Messages of an unknown ITCH type, skipped by their length prefix; the rest of their packet applied. */
    public long skippedUnknownTypes()
    {
        return skippedUnknownTypes;
    }

    /** Messages of a known type but the wrong length, skipped by their length prefix. */
    public long skippedBadLengths()
    {
        return skippedBadLengths;
    }

    public long heartbeats()
    {
        return heartbeats;
    }

    /** Times the channel moved to a newer MoldUDP64 session, clearing the books of its instruments. */
    public long newSessions()
    {
        return newSessions;
    }

    /** Opens a measurement window: the traffic counters start again; what was refused stays counted. */
    void reset()
    {
        packets = 0;
        messages = 0;
        heartbeats = 0;
        lostInWindow = 0;
        publish();
    }
}
