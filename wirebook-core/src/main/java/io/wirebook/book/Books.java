package io.wirebook.book;

import java.util.Arrays;

import io.wirebook.counters.HandlerCounters;

/**
 * All order books of a feed and every live order in them: market by order, rolled up into price levels.
 *
 * <p>Orders (price, shares, and the side of the book they rest on) live in the entries of an {@link OrderIndex} keyed
 * by channel and Order Reference Number; the levels of every book live in one {@link PriceLevels}. Index and levels
 * grow by doubling when full; once the day's peak of live orders and levels has been seen nothing is allocated.
 *
 * <p><b>Channels.</b> The books may hold the instruments of several channels (feeds), numbered from 0. Each instrument
 * (Stock Locate) belongs to the channel that first carried it, by its Stock Directory ({@link #open}) or its first
 * Add; {@link #channel(int)} says which channel the next operations come from. Then:
 * <ul>
 *   <li>an operation on an instrument that another channel owns is refused ({@link Rejections#FOREIGN_LOCATE});</li>
 *   <li>orders are found by channel and reference number, so that equal references on two channels are two orders and
 *   a channel reaches only its own;</li>
 *   <li>an Execute, Cancel, Delete or Replace carries the locate of its message, which must be its order's
 *   ({@link Rejections#LOCATE_MISMATCH}).</li>
 * </ul>
 * An instrument keeps its owner for the life of the books: {@link #clearInstrument} and {@link #clearChannel} empty
 * books but do not release them, so that while a channel resets no other one can take its instruments. Only
 * {@link #clear()} forgets owners.
 *
 * <p><b>Limits.</b> A channel holds at most {@link #orderLimit()} live orders; an Add beyond is refused
 * ({@link Rejections#ORDER_LIMIT}). All channels' limits together stay within {@link #MAX_ORDERS}, so that no feed
 * can make the index outgrow what it addresses. Each live order costs 32 to 64 bytes of index (16-byte entries in a
 * table between a quarter and half full), so the limit is also what bounds the memory a flood of Adds can take.
 *
 * <p>Every operation either applies completely and returns {@code true}, or is refused, changes nothing, is counted
 * by reason in {@link #rejections()} and returns {@code false}. Not thread-safe: one thread applies the feed.
 */
public final class Books
{
    static final byte BUY = 'B';
    static final byte SELL = 'S';
    /** The largest price an ITCH 5.0 Price (4) field can carry. */
    public static final long MAX_PRICE = 0xFFFF_FFFFL;
    /** The most shares an ITCH 5.0 Shares field can carry. */
    public static final long MAX_SHARES = 0xFFFF_FFFFL;
    /** The most channels one Books tells apart. */
    public static final int MAX_CHANNELS = OrderIndex.MAX_CHANNELS;
    /** The most live orders of all channels together. */
    public static final int MAX_ORDERS = OrderIndex.MAX_ENTRIES;
    /**
     * Live orders a channel may hold unless told otherwise, 2^23 (8,388,608): far above what one channel of a real
     * feed keeps live (the handler's default index is sized for 2^20 in all), while a flood of forged Adds stops at
     * 256 to 512 MiB of index per channel.
     */
    public static final int DEFAULT_ORDER_LIMIT = 1 << 23;

    private static final int INITIAL_LEVELS = 64;
    /** An instrument without owner; an owner is kept as channel + 1. */
    private static final int NO_OWNER = 0;

    private final OrderBook[] books;
    private final OrderIndex index;
    private final PriceLevels levels;
    private final Rejections rejections;
    /** Live orders of each channel but the current one, whose count is {@link #live}. */
    private final int[] liveOrders;
    private final boolean[] staleChannels;
    /** The instruments each channel owns, {@link #ownedCounts} of them. */
    private final int[][] ownedLocates;
    private final int[] ownedCounts;

    private BookListener listener;
    private int channel;
    /** {@link #channel} as instruments keep their owner. */
    private int owner = 1;
    /** Live orders of the current channel: a field, so that an Add's limit check and count touch no array. */
    private int live;
    private int orderLimit;

    /**
     * Books for one channel, 0.
     *
     * @param maxStockLocate largest Stock Locate the feed uses (locates run from 1).
     * @param expectedOrders live orders to size the pool and index for; they grow beyond it when needed.
     */
    public Books(final int maxStockLocate, final int expectedOrders)
    {
        this(maxStockLocate, expectedOrders, 1);
    }

    /**
     * @param maxStockLocate largest Stock Locate the feeds use (locates run from 1).
     * @param expectedOrders live orders to size the pool and index for; they grow beyond it when needed.
     * @param channels       channels that will apply messages, 1 to {@link #MAX_CHANNELS}; each has the limit
     *                       {@link #DEFAULT_ORDER_LIMIT}, or {@link #MAX_ORDERS} shared evenly if that is less.
     */
    public Books(final int maxStockLocate, final int expectedOrders, final int channels)
    {
        this(maxStockLocate, expectedOrders, channels, ownCounters(channels));
    }

    /** Counting refusals in {@code counters} as {@code ch.N.rejected.<reason>}. */
    public Books(final int maxStockLocate, final int expectedOrders, final int channels,
        final HandlerCounters counters)
    {
        this(maxStockLocate, expectedOrders, channels, new OrderIndex(Math.max(16, expectedOrders)), counters);
    }

    /** With an index of the test's making, e.g. with a fixed hash key. */
    Books(final int maxStockLocate, final int expectedOrders, final int channels, final OrderIndex index)
    {
        this(maxStockLocate, expectedOrders, channels, index, ownCounters(channels));
    }

    private Books(final int maxStockLocate, final int expectedOrders, final int channels, final OrderIndex index,
        final HandlerCounters counters)
    {
        if (maxStockLocate < 1 || maxStockLocate > 0xFFFF)
        {
            throw new IllegalArgumentException("maxStockLocate must be 1..65535: " + maxStockLocate);
        }
        if (channels < 1 || channels > MAX_CHANNELS)
        {
            throw new IllegalArgumentException("channels must be 1.." + MAX_CHANNELS + ": " + channels);
        }
        books = new OrderBook[maxStockLocate + 1];
        this.index = index;
        levels = new PriceLevels(PriceLevels.sideId(maxStockLocate, true), INITIAL_LEVELS);
        liveOrders = new int[channels];
        staleChannels = new boolean[channels];
        ownedLocates = new int[channels][];
        ownedCounts = new int[channels];
        Arrays.fill(ownedLocates, new int[0]);
        orderLimit = Math.min(DEFAULT_ORDER_LIMIT, MAX_ORDERS / channels);
        rejections = new Rejections(counters, channels);
    }

    /** Counters of the books' own, where no handler shares its counters with them. */
    private static HandlerCounters ownCounters(final int channels)
    {
        return HandlerCounters.inMemory(Rejections.reasonCount() * Math.max(1, Math.min(channels, MAX_CHANNELS)));
    }

    public void listener(final BookListener listener)
    {
        this.listener = listener;
    }

    public int channels()
    {
        return liveOrders.length;
    }

    /**
     * Says which channel the operations that follow come from (0 until told otherwise). Cheap: call it before each
     * packet's messages.
     *
     * @param channel 0 to {@link #channels()} - 1.
     */
    public void channel(final int channel)
    {
        checkChannel(channel);
        liveOrders[this.channel] = live;
        live = liveOrders[channel];
        this.channel = channel;
        this.owner = channel + 1;
    }

    public int channel()
    {
        return channel;
    }

    /** Live orders each channel may hold. */
    public int orderLimit()
    {
        return orderLimit;
    }

    /**
     * Sets the live orders each channel may hold. Orders already live stay, even beyond a lowered limit; Adds are
     * refused until the channel is below it.
     *
     * @param perChannel 0 to {@link #MAX_ORDERS} / {@link #channels()}.
     */
    public void orderLimit(final int perChannel)
    {
        if (perChannel < 0 || (long)perChannel * channels() > MAX_ORDERS)
        {
            throw new IllegalArgumentException(
                "order limit must be 0.." + MAX_ORDERS / channels() + " for " + channels() + " channels: " +
                perChannel);
        }
        orderLimit = perChannel;
    }

    /**
     * Creates the book of an instrument ahead of its first order, e.g. on its Stock Directory message, and gives it
     * to the current channel if no channel has it.
     *
     * @return the book, or null if the locate is out of range or another channel owns it (counted as
     * {@link Rejections#FOREIGN_LOCATE}).
     */
    public OrderBook open(final int stockLocate)
    {
        if (stockLocate < 1 || stockLocate >= books.length)
        {
            return null;
        }
        final int owner = levels.owner(PriceLevels.sideId(stockLocate, false));
        if (owner != this.owner)
        {
            if (owner != NO_OWNER)
            {
                rejections.add(channel, Rejections.FOREIGN_LOCATE);
                return null;
            }
            claim(stockLocate);
        }
        return books[stockLocate];
    }

    /**
     * Refuses, and counts, a message on an instrument that another channel owns; changes nothing. For the messages
     * that carry a locate but change no book (trades, trading actions...), so that they too stay within their channel.
     *
     * @return false if another channel owns {@code stockLocate}.
     */
    public boolean accepts(final int stockLocate)
    {
        if (isForeign(stockLocate))
        {
            return rejections.add(channel, Rejections.FOREIGN_LOCATE);
        }
        return true;
    }

    /** @return the book of the instrument, or null if it has never been opened nor had an order. */
    public OrderBook book(final int stockLocate)
    {
        return stockLocate >= 0 && stockLocate < books.length ? books[stockLocate] : null;
    }

    public int maxStockLocate()
    {
        return books.length - 1;
    }

    /** Sink for {@link #prefetch}'s reads, so that the compiler keeps them. */
    private long prefetched;

    /**
     * Starts loading the index entry of an order of the current channel, ahead of an operation on it; changes
     * nothing. See {@link BookUpdater#prefetch}.
     */
    public void prefetch(final long orderReferenceNumber)
    {
        prefetched += index.touch(orderReferenceNumber, channel);
    }

    /**
     * Reads the next book side's record and best levels, round-robin, and changes nothing: a poll loop calls it
     * while the feed is idle, so that what the next message will touch is still in cache when it comes (the caches
     * of a shared host lose it within the 100 µs or so between two packets).
     */
    public void warmNext()
    {
        prefetched += levels.warmNext();
    }

    /** Live orders in all books. */
    public long orderCount()
    {
        return index.size();
    }

    /** Live orders of one channel. */
    public long orderCount(final int channel)
    {
        checkChannel(channel);
        return channel == this.channel ? live : liveOrders[channel];
    }

    /** Operations refused since construction, all reasons. */
    public long rejected()
    {
        return rejections.total();
    }

    /** Operations refused since construction, by reason: a live view. */
    public Rejections rejections()
    {
        return rejections;
    }

    /**
     * Marks every book of a channel stale or not, now and for the instruments it carries later, until told otherwise:
     * see {@link OrderBook#isStale()}.
     */
    public void channelStale(final int channel, final boolean stale)
    {
        checkChannel(channel);
        staleChannels[channel] = stale;
        final int[] owned = ownedLocates[channel];
        for (int i = 0, count = ownedCounts[channel]; i < count; i++)
        {
            books[owned[i]].stale(stale);
        }
    }

    public boolean isChannelStale(final int channel)
    {
        checkChannel(channel);
        return staleChannels[channel];
    }

    /**
     * Adds an order of the current channel. Refused for an out-of-range locate, a side other than 'B'/'S', shares
     * outside 1..{@link #MAX_SHARES}, a price outside 0..{@link #MAX_PRICE}, an instrument another channel owns, a
     * channel at its order limit, or a reference number live on the channel.
     */
    public boolean add(
        final int stockLocate, final long orderReferenceNumber, final byte side, final long shares, final long price)
    {
        if (stockLocate < 1 || stockLocate >= books.length || (side != BUY && side != SELL) || shares <= 0 ||
            shares > MAX_SHARES || price < 0 || price > MAX_PRICE)
        {
            return refuseAdd(stockLocate, side, shares);
        }
        final int sideId = PriceLevels.sideId(stockLocate, side == SELL);
        // The owner sits in the side's record, which the level update below reads anyway. An instrument of the
        // channel below its limit is the common case: one comparison each; the rest is addChecked's.
        if (levels.owner(sideId) != owner || live >= orderLimit)
        {
            return addChecked(stockLocate, orderReferenceNumber, sideId, shares, price);
        }
        final int position = index.probe(orderReferenceNumber, channel);
        if (position >= 0)
        {
            return rejections.add(channel, Rejections.DUPLICATE_REFERENCE);
        }
        return insert(~position, orderReferenceNumber, sideId, shares, price);
    }

    /**
     * An Add on an instrument that the current channel does not own yet, or at the channel's limit: refused for an
     * instrument of another channel, at the limit or for a live reference; else the instrument becomes the channel's.
     */
    private boolean addChecked(
        final int stockLocate, final long orderReferenceNumber, final int sideId, final long shares, final long price)
    {
        final int owner = levels.owner(sideId);
        if (owner != this.owner && owner != NO_OWNER)
        {
            return rejections.add(channel, Rejections.FOREIGN_LOCATE);
        }
        if (live >= orderLimit)
        {
            return rejections.add(channel, Rejections.ORDER_LIMIT);
        }
        final int position = index.probe(orderReferenceNumber, channel);
        if (position >= 0)
        {
            return rejections.add(channel, Rejections.DUPLICATE_REFERENCE);
        }
        if (owner == NO_OWNER)
        {
            claim(stockLocate);
        }
        return insert(~position, orderReferenceNumber, sideId, shares, price);
    }

    /** Puts an accepted order of the current channel into the index and its level. */
    private boolean insert(
        final int position, final long orderReferenceNumber, final int sideId, final long shares, final long price)
    {
        index.insertAt(position, orderReferenceNumber, channel, price, shares, sideId);
        live++;
        if (levels.add(sideId, PriceLevels.key(sideId, price), shares))
        {
            notify(sideId);
        }
        return true;
    }

    /**
     * Executes shares of a displayed order of the current channel; the order leaves the book when none remain. The
     * book keeps its price.
     *
     * @param stockLocate the locate of the message, which must be the order's.
     */
    public boolean execute(final int stockLocate, final long orderReferenceNumber, final long shares)
    {
        return reduce(stockLocate, orderReferenceNumber, shares);
    }

    /** Cancels part of an order of the current channel (all of it removes the order). */
    public boolean cancel(final int stockLocate, final long orderReferenceNumber, final long shares)
    {
        return reduce(stockLocate, orderReferenceNumber, shares);
    }

    /** Deletes an order of the current channel. */
    public boolean delete(final int stockLocate, final long orderReferenceNumber)
    {
        final int position = liveOrder(stockLocate, orderReferenceNumber);
        if (position < 0)
        {
            return false;
        }
        final int sideId = index.sideId(position);
        final boolean changed =
            levels.reduce(sideId, PriceLevels.key(sideId, index.price(position)), index.shares(position), true);
        index.removeAt(position);
        live--;
        if (changed)
        {
            notify(sideId);
        }
        return true;
    }

    /**
     * Replaces an order of the current channel by a new one on the same side of the same instrument, which loses time
     * priority. Refused when the original is not live or not on {@code stockLocate}, the new reference number is live
     * (other than the original's own), shares are outside 1..{@link #MAX_SHARES} or the price is outside
     * 0..{@link #MAX_PRICE}.
     */
    public boolean replace(
        final int stockLocate, final long originalOrderReferenceNumber, final long newOrderReferenceNumber,
        final long shares, final long price)
    {
        if (shares <= 0 || shares > MAX_SHARES || price < 0 || price > MAX_PRICE)
        {
            return refuseReplace(shares);
        }
        final int channel = this.channel;
        final int originalPosition = liveOrder(stockLocate, originalOrderReferenceNumber);
        if (originalPosition < 0)
        {
            return false;
        }
        final int sideId = index.sideId(originalPosition);
        final long oldPrice = index.price(originalPosition);
        final long oldShares = index.shares(originalPosition);
        // Remove first, then look the new reference up once: the removal may shift entries, so a lookup made before it
        // would have to be made again. A new reference that is live puts the original back as it was.
        index.removeAt(originalPosition);
        final int newPosition = index.probe(newOrderReferenceNumber, channel);
        if (newPosition >= 0)
        {
            index.insertAt(~index.probe(originalOrderReferenceNumber, channel), originalOrderReferenceNumber, channel,
                oldPrice, oldShares, sideId);
            return rejections.add(channel, Rejections.DUPLICATE_REFERENCE);
        }
        index.insertAt(~newPosition, newOrderReferenceNumber, channel, price, shares, sideId);
        if (oldPrice == price && oldShares == shares)
        {
            // Same level, same shares, same order count: priority changed but the level view did not.
            return true;
        }
        final boolean removed = levels.reduce(sideId, PriceLevels.key(sideId, oldPrice), oldShares, true);
        final boolean added = levels.add(sideId, PriceLevels.key(sideId, price), shares);
        if (removed | added)
        {
            notify(sideId);
        }
        return true;
    }

    /**
     * Removes every order and level of one instrument, as when its feed starts a new session (the exchange
     * restarted and reference numbers start again). The instrument keeps its owner. Tells the listener if the book
     * had levels.
     */
    public void clearInstrument(final int stockLocate)
    {
        if (book(stockLocate) == null)
        {
            return;
        }
        final int owner = levels.owner(PriceLevels.sideId(stockLocate, false));
        final int removed = index.removeInstrument(stockLocate);
        if (owner != NO_OWNER)
        {
            removeLive(owner - 1, removed);
        }
        clearLevels(stockLocate);
    }

    /**
     * Removes every order and level of every instrument a channel owns, as before a snapshot of the channel applies or
     * when it starts a new session: one scan of the index, however many instruments. The instruments keep their
     * owner. Tells the listener of each book that had levels.
     */
    public void clearChannel(final int channel)
    {
        checkChannel(channel);
        removeLive(channel, index.removeChannel(channel));
        final int[] owned = ownedLocates[channel];
        for (int i = 0, count = ownedCounts[channel]; i < count; i++)
        {
            clearLevels(owned[i]);
        }
    }

    /** Forgets every order, level and owner, keeping the memory and which channels are stale. */
    public void clear()
    {
        index.clear();
        levels.clear();
        Arrays.fill(liveOrders, 0);
        live = 0;
        Arrays.fill(ownedCounts, 0);
        for (final OrderBook book : books)
        {
            if (book != null)
            {
                book.stale(false);
            }
        }
    }

    private boolean reduce(final int stockLocate, final long orderReferenceNumber, final long shares)
    {
        if (shares <= 0)
        {
            return rejections.add(channel, Rejections.SHARES_OUT_OF_RANGE);
        }
        final int position = liveOrder(stockLocate, orderReferenceNumber);
        if (position < 0)
        {
            return false;
        }
        final int sideId = index.sideId(position);
        final long remaining = index.shares(position) - shares;
        if (remaining < 0)
        {
            return rejections.add(channel, Rejections.EXCEEDS_REMAINING_SHARES);
        }
        final boolean gone = remaining == 0;
        final boolean changed = levels.reduce(sideId, PriceLevels.key(sideId, index.price(position)), shares, gone);
        if (gone)
        {
            index.removeAt(position);
            live--;
        }
        else
        {
            index.shares(position, remaining);
        }
        if (changed)
        {
            notify(sideId);
        }
        return true;
    }

    /**
     * Finds a live order of the current channel for an operation on it: refused when no such order is live or it is
     * on another instrument than {@code stockLocate}.
     *
     * @return the order's index position, or -1 when refused (counted).
     */
    private int liveOrder(final int stockLocate, final long orderReferenceNumber)
    {
        final int position = index.probeOn(orderReferenceNumber, channel, stockLocate);
        if (position < 0)
        {
            return refused(stockLocate, orderReferenceNumber);
        }
        return position;
    }

    /** Gives an instrument without owner to the current channel, opening its book. */
    private void claim(final int stockLocate)
    {
        OrderBook book = books[stockLocate];
        if (book == null)
        {
            book = new OrderBook(stockLocate, levels);
            levels.open(stockLocate);
            books[stockLocate] = book;
        }
        final int channel = this.channel;
        levels.owner(stockLocate, owner);
        book.stale(staleChannels[channel]);
        final int count = ownedCounts[channel];
        if (count == ownedLocates[channel].length)
        {
            ownedLocates[channel] = Arrays.copyOf(ownedLocates[channel], Math.max(16, count * 2));
        }
        ownedLocates[channel][count] = stockLocate;
        ownedCounts[channel] = count + 1;
    }

    private void clearLevels(final int stockLocate)
    {
        final int bids = PriceLevels.sideId(stockLocate, false);
        final int asks = PriceLevels.sideId(stockLocate, true);
        final boolean hadLevels = levels.count(bids) > 0 || levels.count(asks) > 0;
        levels.clear(bids);
        levels.clear(asks);
        if (hadLevels)
        {
            notify(books[stockLocate]);
        }
    }

    private boolean isForeign(final int stockLocate)
    {
        if (stockLocate < 1 || stockLocate >= books.length)
        {
            return false;
        }
        final int owner = levels.owner(PriceLevels.sideId(stockLocate, false));
        return owner != this.owner && owner != NO_OWNER;
    }

    /**
     * Refuses an operation on an order, out of the common path: for a locate that another channel owns, that is the
     * reason; else the order is not live, or is on another instrument.
     */
    private int refused(final int stockLocate, final long orderReferenceNumber)
    {
        final int reason;
        if (isForeign(stockLocate))
        {
            reason = Rejections.FOREIGN_LOCATE;
        }
        else
        {
            reason = index.probe(orderReferenceNumber, channel) < 0 ?
                Rejections.UNKNOWN_REFERENCE : Rejections.LOCATE_MISMATCH;
        }
        rejections.add(channel, reason);
        return -1;
    }

    private boolean refuseReplace(final long shares)
    {
        return rejections.add(channel,
            shares <= 0 || shares > MAX_SHARES ? Rejections.SHARES_OUT_OF_RANGE : Rejections.PRICE_OUT_OF_RANGE);
    }

    private boolean refuseAdd(final int stockLocate, final byte side, final long shares)
    {
        final int reason;
        if (stockLocate < 1 || stockLocate >= books.length)
        {
            reason = Rejections.LOCATE_OUT_OF_RANGE;
        }
        else if (side != BUY && side != SELL)
        {
            reason = Rejections.BAD_SIDE;
        }
        else if (shares <= 0 || shares > MAX_SHARES)
        {
            reason = Rejections.SHARES_OUT_OF_RANGE;
        }
        else
        {
            reason = Rejections.PRICE_OUT_OF_RANGE;
        }
        return rejections.add(channel, reason);
    }

    private void removeLive(final int channel, final int removed)
    {
        if (channel == this.channel)
        {
            live -= removed;
        }
        else
        {
            liveOrders[channel] -= removed;
        }
    }

    private void checkChannel(final int channel)
    {
        if (channel < 0 || channel >= liveOrders.length)
        {
            throw new IllegalArgumentException("channel must be 0.." + (liveOrders.length - 1) + ": " + channel);
        }
    }

    private void notify(final int sideId)
    {
        final BookListener listener = this.listener;
        if (listener != null)
        {
            listener.onDepthChanged(books[sideId >>> 1]);
        }
    }

    private void notify(final OrderBook book)
    {
        final BookListener listener = this.listener;
        if (listener != null)
        {
            listener.onDepthChanged(book);
        }
    }
}
