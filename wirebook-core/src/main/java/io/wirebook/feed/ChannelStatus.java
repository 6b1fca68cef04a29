package io.wirebook.feed;

/**
 * Whether a channel's books can be trusted. Only {@link #SYNCED} means they hold every message the exchange sent up
 * to the channel's current sequence number; in every other state the books of the channel's instruments say
 * {@link io.wirebook.book.OrderBook#isStale()}.
 */
public enum ChannelStatus
{
    /** No packet yet. */
    INITIAL,
    /** Every message so far has been applied, in order. */
    SYNCED,
    /** Messages are missing; the handler waits for the other line, then asks the request server. */
    GAP,
    /** A snapshot is loading; the live feed is held until it ends. */
    RECOVERING,
    /** Messages were lost for good: the books are wrong until a snapshot or a new session. */
    STALE
}
