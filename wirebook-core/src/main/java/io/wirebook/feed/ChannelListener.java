package io.wirebook.feed;

/**
 * Told, on the poll thread, whenever a channel's trust changes: the feed handler never leaves its consumer to diff
 * counters. Every method has an empty default, so a listener overrides only what it needs.
 */
public interface ChannelListener
{
    /** The channel moved from one state to another; its books are stale in every state but SYNCED. */
    default void onStatus(int channel, ChannelStatus from, ChannelStatus to)
    {
    }

    /** Messages are known to be missing from {@code fromSequence} on: the handler starts to recover them. */
    default void onGap(int channel, long fromSequence, long count)
    {
    }

    /** A gap is filled (by the other line, the request server or a snapshot) after {@code nanos}. */
    default void onGapFilled(int channel, long fromSequence, long count, long nanos)
    {
    }

    /** Messages are lost for good: the channel's books are wrong until a snapshot or a new session. */
    default void onLost(int channel, long fromSequence, long count)
    {
    }

    /** A snapshot replaced the channel's books; the live feed continues at {@code nextSequence}. */
    default void onSnapshotApplied(int channel, long nextSequence, long messages)
    {
    }

    /** A line (0 = A, 1 = B) went silent for longer than the line timeout, or came back. */
    default void onLine(int channel, int line, boolean up)
    {
    }

    /** The exchange ended the channel's session (End of Session, confirmed). */
    default void onEndOfSession(int channel)
    {
    }
}
