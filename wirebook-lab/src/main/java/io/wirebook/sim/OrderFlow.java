package io.wirebook.sim;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import org.agrona.MutableDirectBuffer;

/**
 * A synthetic but plausible ITCH 5.0 order flow, fully determined by its seed.
 *
 * <p>It opens with one Stock Directory per instrument (locates 1..N), then runs forever: orders added near the touch
 * (distance from the mid in ticks drawn from a geometric distribution, a few with MPID attribution), deleted,
 * partly cancelled, executed at the best level (in part or in full, a few as executions with price), replaced at a
 * new price and size, and a few non-displayed trades; each instrument's mid price random-walks and activity is
 * skewed towards the first instruments, as real volume is towards a few names.
 *
 * <p>It tracks every live order so that it only emits messages valid for the book they build: no unknown
 * reference, no execution or cancel of more shares than remain, no book crossed by a new order. Each instrument
 * holds at most {@link #MAX_LIVE_ORDERS} live orders. Timestamps are left 0 for the publisher to stamp. Nothing is
 * allocated per message.
 */
public final class OrderFlow implements MessageSource
{
    /** Live orders an instrument holds at most. */
    public static final int MAX_LIVE_ORDERS = 256;
    /** Below this many live orders adds outweigh removals; above, removals do. */
    private static final int TARGET_LIVE_ORDERS = 160;
    /** $0.01 in ITCH Price (4) units. */
    private static final long TICK = 100;
    private static final int ROUND_LOT = 100;

    private final int instruments;
    private final long[] stock;
    private final long[] midTicks;
    private final int[] liveCount;

    // Live orders, MAX_LIVE_ORDERS per instrument from instrument * MAX_LIVE_ORDERS, packed at the front.
    private final long[] orderRef;
    private final byte[] orderSide;
    private final int[] orderShares;
    private final long[] orderPriceTicks;

    private final SimRandom random;
    private long nextOrderRef = 1;
    private long nextMatchNumber = 1;
    private int directorySent;
    private int lastStockLocate;
    private long messages;

    /**
     * @param seed        determines the whole flow.
     * @param instruments number of instruments, 1..65535.
     */
    public OrderFlow(final long seed, final int instruments)
    {
        if (instruments < 1 || instruments > 0xFFFF)
        {
            throw new IllegalArgumentException("instruments must be 1..65535: " + instruments);
        }
        this.instruments = instruments;
        this.random = new SimRandom(seed);
        stock = new long[instruments];
        midTicks = new long[instruments];
        liveCount = new int[instruments];
        orderRef = new long[instruments * MAX_LIVE_ORDERS];
        orderSide = new byte[instruments * MAX_LIVE_ORDERS];
        orderShares = new int[instruments * MAX_LIVE_ORDERS];
        orderPriceTicks = new long[instruments * MAX_LIVE_ORDERS];
        for (int i = 0; i < instruments; i++)
        {
            stock[i] = symbol(i);
            midTicks[i] = 1_000 + random.nextInt(49_000);   // $10 to $500
        }
    }

    /** Messages emitted so far, Stock Directory included. */
    public long messages()
    {
        return messages;
    }

    public int instruments()
    {
        return instruments;
    }

    /** Live orders of the instrument at {@code stockLocate} as the flow tracks them. */
    public int liveOrders(final int stockLocate)
    {
        return liveCount[stockLocate - 1];
    }

    @Override
    public int lastStockLocate()
    {
        return lastStockLocate;
    }

    @Override
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        messages++;
        if (directorySent < instruments)
        {
            final int instrument = directorySent++;
            lastStockLocate = instrument + 1;
            return ItchWriter.stockDirectory(buffer, offset, instrument + 1, 0, 0, stock[instrument], ROUND_LOT);
        }

        final int instrument = pickInstrument();
        lastStockLocate = instrument + 1;
        if (random.nextInt(100) < 3)
        {
            walkMid(instrument);
        }

        final int live = liveCount[instrument];
        final int addPercent = live == 0 ? 100 : live >= MAX_LIVE_ORDERS ? 0 : live < TARGET_LIVE_ORDERS ? 50 : 30;
        final int roll = random.nextInt(100);
        if (roll < addPercent)
        {
            return add(buffer, offset, instrument);
        }
        final int action = random.nextInt(100);
        if (action < 35)
        {
            return delete(buffer, offset, instrument);
        }
        if (action < 50)
        {
            return cancel(buffer, offset, instrument);
        }
        if (action < 75)
        {
            return execute(buffer, offset, instrument);
        }
        if (action < 96)
        {
            return replace(buffer, offset, instrument);
        }
        return trade(buffer, offset, instrument);
    }

    private int add(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final byte side = random.nextInt(2) == 0 ? ItchMessages.BUY : ItchMessages.SELL;
        final long priceTicks = passivePrice(instrument, side);
        final int shares = random.shares();
        final long ref = nextOrderRef++;
        track(instrument, ref, side, shares, priceTicks);
        if (random.nextInt(10) == 0)
        {
            return ItchWriter.addOrderMpid(
                buffer, offset, instrument + 1, 0, 0, ref, side, shares, stock[instrument], priceTicks * TICK,
                0x4E534454);   // "NSDT"
        }
        return ItchWriter.addOrder(
            buffer, offset, instrument + 1, 0, 0, ref, side, shares, stock[instrument], priceTicks * TICK);
    }

    private int delete(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final int index = randomOrder(instrument);
        final long ref = orderRef[index];
        untrack(instrument, index);
        return ItchWriter.orderDelete(buffer, offset, instrument + 1, 0, 0, ref);
    }

    private int cancel(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final int index = randomOrder(instrument);
        final int shares = orderShares[index];
        if (shares == 1)
        {
            return delete(buffer, offset, instrument);
        }
        final int cancelled = 1 + random.nextInt(shares - 1);
        orderShares[index] = shares - cancelled;
        return ItchWriter.orderCancel(buffer, offset, instrument + 1, 0, 0, orderRef[index], cancelled);
    }

    /** Executes against the order with time priority at the best price of a random side. */
    private int execute(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        byte side = random.nextInt(2) == 0 ? ItchMessages.BUY : ItchMessages.SELL;
        int index = bestOrder(instrument, side);
        if (index < 0)
        {
            side = side == ItchMessages.BUY ? ItchMessages.SELL : ItchMessages.BUY;
            index = bestOrder(instrument, side);
        }
        final long ref = orderRef[index];
        final int shares = orderShares[index];
        final long priceTicks = orderPriceTicks[index];
        final int executed = random.nextInt(2) == 0 ? shares : 1 + random.nextInt(shares);
        if (executed == shares)
        {
            untrack(instrument, index);
        }
        else
        {
            orderShares[index] = shares - executed;
        }
        final long matchNumber = nextMatchNumber++;
        if (random.nextInt(10) == 0)
        {
            // A price-improved or cross print: the order still leaves the book at its own price.
            final long printTicks = side == ItchMessages.BUY ?
                priceTicks - random.nextInt(2) : priceTicks + random.nextInt(2);
            return ItchWriter.orderExecutedWithPrice(
                buffer, offset, instrument + 1, 0, 0, ref, executed, matchNumber, (byte)'Y',
                Math.max(1, printTicks) * TICK);
        }
        return ItchWriter.orderExecuted(buffer, offset, instrument + 1, 0, 0, ref, executed, matchNumber);
    }

    private int replace(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final int index = randomOrder(instrument);
        final long originalRef = orderRef[index];
        final byte side = orderSide[index];
        final long newRef = nextOrderRef++;
        final int shares = random.nextInt(4) == 0 ? orderShares[index] : random.shares();
        final long priceTicks = passivePrice(instrument, side);
        orderRef[index] = newRef;
        orderShares[index] = shares;
        orderPriceTicks[index] = priceTicks;
        return ItchWriter.orderReplace(
            buffer, offset, instrument + 1, 0, 0, originalRef, newRef, shares, priceTicks * TICK);
    }

    private int trade(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final byte side = random.nextInt(2) == 0 ? ItchMessages.BUY : ItchMessages.SELL;
        return ItchWriter.trade(
            buffer, offset, instrument + 1, 0, 0, 0, side, random.shares(), stock[instrument],
            midTicks[instrument] * TICK, nextMatchNumber++);
    }

    /**
     * A price near the touch on {@code side}: geometric distance from the mid, kept from crossing the other side's
     * best (a real matching engine would have executed it instead).
     */
    private long passivePrice(final int instrument, final byte side)
    {
        final long mid = midTicks[instrument];
        final long distance = 1 + random.geometric(1_000);
        final int opposite = bestOrder(instrument, side == ItchMessages.BUY ? ItchMessages.SELL : ItchMessages.BUY);
        if (side == ItchMessages.BUY)
        {
            final long price = Math.max(1, mid - distance);
            return opposite < 0 ? price : Math.max(1, Math.min(price, orderPriceTicks[opposite] - 1));
        }
        final long price = mid + distance;
        return opposite < 0 ? price : Math.max(price, orderPriceTicks[opposite] + 1);
    }

    /** @return the index of the oldest order at the best price of {@code side}, or -1 if the side is empty. */
    private int bestOrder(final int instrument, final byte side)
    {
        final int from = instrument * MAX_LIVE_ORDERS;
        final int to = from + liveCount[instrument];
        int best = -1;
        long bestPrice = 0;
        final boolean buy = side == ItchMessages.BUY;
        for (int i = from; i < to; i++)
        {
            if (orderSide[i] == side)
            {
                final long price = orderPriceTicks[i];
                if (best < 0 || (buy ? price > bestPrice : price < bestPrice) ||
                    (price == bestPrice && orderRef[i] < orderRef[best]))
                {
                    best = i;
                    bestPrice = price;
                }
            }
        }
        return best;
    }

    /** A random step, or half the time a step towards the middle of the touch so that the mid follows the book. */
    private void walkMid(final int instrument)
    {
        long step = random.nextInt(2) == 0 ? -1 : 1;
        final int bid = bestOrder(instrument, ItchMessages.BUY);
        final int ask = bestOrder(instrument, ItchMessages.SELL);
        if (bid >= 0 && ask >= 0 && random.nextInt(2) == 0)
        {
            step = Long.signum(orderPriceTicks[bid] + orderPriceTicks[ask] - 2 * midTicks[instrument]);
        }
        midTicks[instrument] = Math.max(10, midTicks[instrument] + step);
    }

    private void track(final int instrument, final long ref, final byte side, final int shares, final long priceTicks)
    {
        final int index = instrument * MAX_LIVE_ORDERS + liveCount[instrument]++;
        orderRef[index] = ref;
        orderSide[index] = side;
        orderShares[index] = shares;
        orderPriceTicks[index] = priceTicks;
    }

    /** Removes by moving the instrument's last live order into the hole. */
    private void untrack(final int instrument, final int index)
    {
        final int last = instrument * MAX_LIVE_ORDERS + --liveCount[instrument];
        orderRef[index] = orderRef[last];
        orderSide[index] = orderSide[last];
        orderShares[index] = orderShares[last];
        orderPriceTicks[index] = orderPriceTicks[last];
    }

    private int randomOrder(final int instrument)
    {
        return instrument * MAX_LIVE_ORDERS + random.nextInt(liveCount[instrument]);
    }

    /** Activity skewed towards low-numbered instruments: the square of a uniform draw. */
    private int pickInstrument()
    {
        final double u = random.nextDouble();
        return Math.min(instruments - 1, (int)(u * u * instruments));
    }

    private static long symbol(final int instrument)
    {
        // Four letters in base 26 from the instrument number, then "W" for wirebook, right-padded with spaces.
        long packed = 0;
        int n = instrument;
        for (int i = 0; i < 4; i++)
        {
            packed |= (long)('A' + n % 26) << (8 * (4 + i));
            n /= 26;
        }
        packed |= (long)'W' << 24;
        packed |= 0x20_20_20L;
        return packed;
    }
}
