package io.wirebook.book;

import java.util.Map;

import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Every operation {@link Books} refused, by channel and reason, as the handler's counters
 * {@code ch.N.rejected.<reason>}: each refusal is counted once, where it happens. Counts only grow, for the life of
 * the books; any thread may read them.
 */
public final class Rejections
{
    /** A Stock Locate of 0 or above the largest the books were made for. */
    public static final int LOCATE_OUT_OF_RANGE = 0;
    /** A Buy/Sell Indicator other than 'B' or 'S'. */
    public static final int BAD_SIDE = 1;
    /** Shares of 0, or beyond the 32 bits an ITCH Shares field carries. */
    public static final int SHARES_OUT_OF_RANGE = 2;
    /** A price below 0 or beyond the 32 bits an ITCH Price (4) field carries. */
    public static final int PRICE_OUT_OF_RANGE = 3;
    /** An Add, or a Replace's new reference, naming an order that is live on the channel. */
    public static final int DUPLICATE_REFERENCE = 4;
    /** An Execute, Cancel, Delete or Replace naming no live order of the channel. */
    public static final int UNKNOWN_REFERENCE = 5;
    /** Executing or cancelling more shares than the order has left. */
    public static final int EXCEEDS_REMAINING_SHARES = 6;
    /** A message on an instrument that another channel carried first. */
    public static final int FOREIGN_LOCATE = 7;
    /** A message whose Stock Locate is not that of the order it refers to. */
    public static final int LOCATE_MISMATCH = 8;
    /** An Add beyond the live orders the channel may hold. */
    public static final int ORDER_LIMIT = 9;

    private static final String[] NAMES =
    {
        "locate_out_of_range",
        "bad_side",
        "shares_out_of_range",
        "price_out_of_range",
        "duplicate_reference",
        "unknown_reference",
        "exceeds_remaining_shares",
        "foreign_locate",
        "locate_mismatch",
        "order_limit",
    };

    /** By channel, then reason. */
    private final AtomicCounter[][] counts;
    /** The sum, kept plainly too: the feed handler compares it before and after every message. */
    private long total;

    Rejections(final HandlerCounters counters, final int channels)
    {
        counts = new AtomicCounter[channels][NAMES.length];
        for (int channel = 0; channel < channels; channel++)
        {
            for (int reason = 0; reason < NAMES.length; reason++)
            {
                counts[channel][reason] = counters.channel(channel, "rejected." + NAMES[reason]);
            }
        }
    }

    /** Reasons run from 0 to {@code reasonCount() - 1}. */
    public static int reasonCount()
    {
        return NAMES.length;
    }

    /** @return the lower_snake_case name of a reason, as counter keys use it. */
    public static String reasonName(final int reason)
    {
        return NAMES[reason];
    }

    /** Operations refused for {@code reason}, on every channel. */
    public long count(final int reason)
    {
        long sum = 0;
        for (final AtomicCounter[] channel : counts)
        {
            sum += channel[reason].get();
        }
        return sum;
    }

    /** Operations refused on one channel, for any reason. */
    public long channelTotal(final int channel)
    {
        long sum = 0;
        for (final AtomicCounter counter : counts[channel])
        {
            sum += counter.get();
        }
        return sum;
    }

    /** Operations refused for any reason. */
    public long total()
    {
        return total;
    }

    /** Puts {@code rejected.<reason>} and its count into {@code counters} for every reason, replacing any value. */
    public void putInto(final Map<String, Long> counters)
    {
        for (int reason = 0; reason < NAMES.length; reason++)
        {
            counters.put("rejected." + NAMES[reason], count(reason));
        }
    }

    /** Counts a refusal; always false, so that a refusal reads {@code return rejections.add(channel, REASON)}. */
    boolean add(final int channel, final int reason)
    {
        counts[channel][reason].incrementRelease();
        total++;
        return false;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("Rejections{");
        for (int reason = 0; reason < NAMES.length; reason++)
        {
            sb.append(reason == 0 ? "" : ", ").append(NAMES[reason]).append('=').append(count(reason));
        }
        return sb.append('}').toString();
    }
}
