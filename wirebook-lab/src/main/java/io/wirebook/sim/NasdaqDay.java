package io.wirebook.sim;

import java.util.Arrays;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import org.agrona.MutableDirectBuffer;

/**
 * A simulated day at NASDAQ's scale, fully determined by its seed: the shape of a real TotalView-ITCH 5.0 day
 * rather than the lab's small steady flow.
 *
 * <ul>
 *   <li><b>Instruments.</b> {@link #INSTRUMENTS} symbols, one Stock Directory each before the flow, with Zipf-skewed
 *   activity: a few very active names and a long tail.</li>
 *   <li><b>Mix.</b> NASDAQ's published one: Add 44%, Delete 43%, Replace 7.4%, Execute 2.2%, Cancel 1.3%, the rest
 *   non-displayed trades. While the live population is below its target adds take a little more of the mix, and
 *   deletes a little less; above it, the reverse.</li>
 *   <li><b>Population.</b> The live orders follow a target that rises over the first {@link #RAMP} of the day to a
 *   peak of {@link #PEAK_LIVE_ORDERS} (or a 30th of the day's messages, if smaller) and stays there.</li>
 *   <li><b>Clock.</b> 09:30:00 to 16:00:00 with more activity after the open and before the close, and a closing
 *   burst: the day's last {@link #CLOSE_BURST} messages (at most a 25th of the day) fall in its last second, or as
 *   many as {@link #withCloseBurst} asks. Each message carries its time in its Timestamp field; the first message
 *   of each second falls on the second itself.</li>
 * </ul>
 *
 * <p>Every message is valid for the book it builds: no unknown reference, no execution or cancel of more shares
 * than remain, and no new order that crosses its book (a per-instrument ladder of live-order counts per price keeps
 * the touch). Executions take a random live order rather than the one with time priority. The live orders are held
 * in arrays sized for the peak, so nothing is allocated per message.
 */
public final class NasdaqDay implements MessageSource
{
    /** Instruments, as on the 2019-01-30 day the profile follows. */
    public static final int INSTRUMENTS = 8_713;
    /** The live-order peak of a full day. */
    public static final int PEAK_LIVE_ORDERS = 2_000_000;
    /** Messages in the closing second, at most. */
    public static final int CLOSE_BURST = 1_750_000;
    /** The share of the day over which the live population ramps up to its peak. */
    public static final double RAMP = 0.4;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long OPEN = (9L * 3_600 + 30 * 60) * NANOS_PER_SECOND;
    private static final int DAY_SECONDS = 6 * 3_600 + 30 * 60;
    private static final long TICK = 100;
    private static final int ROUND_LOT = 100;
    /** Price ticks an instrument's ladder spans; orders and the mid stay inside it. */
    private static final int LADDER = 512;
    /** The most active instrument takes about 4% of the messages, the median one about 0.005%. */
    private static final double ZIPF_EXPONENT = 0.8;

    // The mix, in parts per ten thousand.
    private static final int ADD = 4_400;
    private static final int DELETE = 4_300;
    private static final int REPLACE = 740;
    private static final int EXECUTE = 220;
    private static final int CANCEL = 130;
    /** How far the add and delete shares move, at most, to keep the population on its target. */
    private static final int STEER = 600;

    private final long messages;
    private final int peak;
    private final double[] cumulativeActivity = new double[INSTRUMENTS];
    private final long[] secondEnds = new long[DAY_SECONDS];
    private final long burstStart;
    private final int[] midTick = new int[INSTRUMENTS];
    private final int[] bidLadder = new int[INSTRUMENTS * LADDER];
    private final int[] askLadder = new int[INSTRUMENTS * LADDER];

    // Live orders: slots in the pool, and each instrument's slots in a list of its own (swap-removed).
    private final long[] slotRef;
    private final int[] slotShares;
    private final short[] slotTick;
    private final boolean[] slotBuy;
    private final int[] freeSlots;
    private int freeCount;
    private final int[][] instrumentSlots = new int[INSTRUMENTS][];
    private final int[] instrumentLive = new int[INSTRUMENTS];

    private final SimRandom random;
    private long nextOrderRef = 1;
    private long nextMatchNumber = 1;
    private long emitted;
    private int live;
    private int peakLive;
    private int second;
    private long timestamp;
    private int lastStockLocate;
    private final long[] emittedByType = new long[128];

    /**
     * A day whose closing second holds {@link #CLOSE_BURST} messages, or a 25th of the day if that is fewer.
     *
     * @param seed     determines the whole day.
     * @param messages the day's messages, its {@link #INSTRUMENTS} Stock Directory messages included.
     */
    public NasdaqDay(final long seed, final long messages)
    {
        this(seed, messages, Math.min(defaultCloseBurst(messages), Math.max(0, messages - INSTRUMENTS)));
    }

    private NasdaqDay(final long seed, final long messages, final long closeBurst)
    {
        checkSizes(messages, closeBurst);
        this.random = new SimRandom(seed);
        this.messages = messages;
        this.peak = (int)Math.min(PEAK_LIVE_ORDERS, messages / 30);
        final int slots = peak + peak / 4 + INSTRUMENTS;
        slotRef = new long[slots];
        slotShares = new int[slots];
        slotTick = new short[slots];
        slotBuy = new boolean[slots];
        freeSlots = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            freeSlots[i] = slots - 1 - i;
        }
        freeCount = slots;
        double total = 0;
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            total += Math.pow(i + 1, -ZIPF_EXPONENT);
            cumulativeActivity[i] = total;
            midTick[i] = LADDER / 2;
            instrumentSlots[i] = new int[16];
        }
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            cumulativeActivity[i] /= total;
        }
        burstStart = messages - closeBurst;
        spreadOverTheDay(secondEnds, messages, burstStart);
    }

    /**
     * A day whose closing second holds exactly {@code closeBurst} messages, however short the day: a day of a few
     * million messages still ends with a full-size close.
     *
     * @param closeBurst the messages of the day's last second, at most the day less its Stock Directory.
     */
    public static NasdaqDay withCloseBurst(final long seed, final long messages, final long closeBurst)
    {
        return new NasdaqDay(seed, messages, closeBurst);
    }

    /** The default rule's closing burst for a day of {@code messages}. */
    public static long defaultCloseBurst(final long messages)
    {
        return Math.min(CLOSE_BURST, messages / 25);
    }

    /**
     * How many of the day's messages (Stock Directory included) come before its last {@code seconds} seconds, for a
     * day of {@code messages} with a closing burst of {@code closeBurst}: computed from the clock alone, without
     * simulating the day. The first message after them falls on 16:00:00 minus {@code seconds}, when that second
     * has any.
     */
    public static long messagesBeforeLastSeconds(final long messages, final long closeBurst, final int seconds)
    {
        checkSizes(messages, closeBurst);
        if (seconds < 1 || seconds >= DAY_SECONDS)
        {
            throw new IllegalArgumentException("seconds must be 1.." + (DAY_SECONDS - 1) + ", got " + seconds);
        }
        final long[] ends = new long[DAY_SECONDS];
        spreadOverTheDay(ends, messages, messages - closeBurst);
        return ends[DAY_SECONDS - seconds - 1];
    }

    /** The timestamp (nanoseconds since midnight) of 16:00:00, the day's end. */
    public static long closeTimestamp()
    {
        return OPEN + DAY_SECONDS * NANOS_PER_SECOND;
    }

    private static void checkSizes(final long messages, final long closeBurst)
    {
        if (messages <= INSTRUMENTS)
        {
            throw new IllegalArgumentException("a NASDAQ day needs more than " + INSTRUMENTS + " messages: " +
                messages);
        }
        if (closeBurst < 0 || closeBurst > messages - INSTRUMENTS)
        {
            throw new IllegalArgumentException("the closing burst must be 0.." + (messages - INSTRUMENTS) +
                " messages (the day less its Stock Directory) for a day of " + messages + ", got " + closeBurst);
        }
    }

    /**
     * Fills {@code secondEnds}: the end (exclusive, counted in the day's messages) of each second, more at open and
     * close, the last second ending the day.
     */
    private static void spreadOverTheDay(final long[] secondEnds, final long messages, final long burstStart)
    {
        final long flowMessages = burstStart - INSTRUMENTS;
        final double[] weight = new double[DAY_SECONDS - 1];
        double total = 0;
        for (int s = 0; s < weight.length; s++)
        {
            weight[s] = 1 + 3 * Math.exp(-s / 600.0) + 2 * Math.exp(-(weight.length - s) / 900.0);
            total += weight[s];
        }
        double cumulative = 0;
        for (int s = 0; s < weight.length; s++)
        {
            cumulative += weight[s];
            secondEnds[s] = INSTRUMENTS + Math.round(flowMessages * cumulative / total);
        }
        secondEnds[DAY_SECONDS - 1] = messages;
    }

    @Override
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        if (emitted >= messages)
        {
            return 0;
        }
        final long index = emitted++;
        if (index < INSTRUMENTS)
        {
            lastStockLocate = (int)index + 1;
            timestamp = OPEN;
            return count(buffer, offset, ItchWriter.stockDirectory(buffer, offset, lastStockLocate, 0, OPEN,
                symbol((int)index), ROUND_LOT));
        }
        timestamp = clock(index);
        final int steer = steer(index);
        final int roll = random.nextInt(10_000);
        final boolean add = roll < ADD + steer;
        final int instrument = add ? pickInstrument() : pickInstrumentWithOrders();
        lastStockLocate = instrument + 1;
        final int length;
        if (add || instrumentLive[instrument] == 0)
        {
            length = add(buffer, offset, instrument);
        }
        else if (roll < ADD + DELETE)
        {
            length = delete(buffer, offset, instrument);
        }
        else if (roll < ADD + DELETE + REPLACE)
        {
            length = replace(buffer, offset, instrument);
        }
        else if (roll < ADD + DELETE + REPLACE + EXECUTE)
        {
            length = execute(buffer, offset, instrument);
        }
        else if (roll < ADD + DELETE + REPLACE + EXECUTE + CANCEL)
        {
            length = cancel(buffer, offset, instrument);
        }
        else
        {
            length = trade(buffer, offset, instrument);
        }
        return count(buffer, offset, length);
    }

    private int count(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        ItchWriter.stampTimestamp(buffer, offset, timestamp);
        emittedByType[buffer.getByte(offset)]++;
        return length;
    }

    /** Extra add share (negative: fewer adds, more deletes), in parts per ten thousand, to follow the target. */
    private int steer(final long index)
    {
        final double progress = (double)index / messages;
        final long target = progress >= RAMP ? peak : (long)(peak * progress / RAMP);
        final long error = target - live;
        final long full = Math.max(1, peak / 50);
        return (int)Math.max(-STEER, Math.min(STEER, error * STEER / full));
    }

    /** Message {@code index}'s time: its second of the day, then evenly inside it; the burst fills the last one. */
    private long clock(final long index)
    {
        if (index >= burstStart)
        {
            final long inBurst = index - burstStart;
            return OPEN + (DAY_SECONDS - 1) * NANOS_PER_SECOND + inBurst * NANOS_PER_SECOND / (messages - burstStart);
        }
        while (index >= secondEnds[second])
        {
            second++;
        }
        final long start = second == 0 ? INSTRUMENTS : secondEnds[second - 1];
        final long width = Math.max(1, secondEnds[second] - start);
        return OPEN + second * NANOS_PER_SECOND + (index - start) * NANOS_PER_SECOND / width;
    }

    private int add(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final boolean buy = random.nextInt(2) == 0;
        final int tick = passiveTick(instrument, buy);
        final int shares = random.shares();
        final long ref = nextOrderRef++;
        track(instrument, ref, buy, shares, tick);
        return ItchWriter.addOrder(buffer, offset, instrument + 1, 0, 0, ref,
            buy ? ItchMessages.BUY : ItchMessages.SELL, shares, symbol(instrument), price(instrument, tick));
    }

    private int delete(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final int position = random.nextInt(instrumentLive[instrument]);
        final long ref = slotRef[instrumentSlots[instrument][position]];
        untrack(instrument, position);
        return ItchWriter.orderDelete(buffer, offset, instrument + 1, 0, 0, ref);
    }

    private int replace(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final int position = random.nextInt(instrumentLive[instrument]);
        final int slot = instrumentSlots[instrument][position];
        final long originalRef = slotRef[slot];
        final boolean buy = slotBuy[slot];
        ladder(buy)[instrument * LADDER + slotTick[slot]]--;
        final int tick = passiveTick(instrument, buy);
        final int shares = random.shares();
        final long newRef = nextOrderRef++;
        slotRef[slot] = newRef;
        slotShares[slot] = shares;
        slotTick[slot] = (short)tick;
        ladder(buy)[instrument * LADDER + tick]++;
        return ItchWriter.orderReplace(buffer, offset, instrument + 1, 0, 0, originalRef, newRef, shares,
            price(instrument, tick));
    }

    private int execute(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final int position = random.nextInt(instrumentLive[instrument]);
        final int slot = instrumentSlots[instrument][position];
        final long ref = slotRef[slot];
        final int shares = slotShares[slot];
        final int executed = random.nextInt(2) == 0 ? shares : 1 + random.nextInt(shares);
        if (executed == shares)
        {
            untrack(instrument, position);
        }
        else
        {
            slotShares[slot] = shares - executed;
        }
        return ItchWriter.orderExecuted(buffer, offset, instrument + 1, 0, 0, ref, executed, nextMatchNumber++);
    }

    private int cancel(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        final int position = random.nextInt(instrumentLive[instrument]);
        final int slot = instrumentSlots[instrument][position];
        final int shares = slotShares[slot];
        if (shares == 1)
        {
            return delete(buffer, offset, instrument);
        }
        final int cancelled = 1 + random.nextInt(shares - 1);
        slotShares[slot] = shares - cancelled;
        return ItchWriter.orderCancel(buffer, offset, instrument + 1, 0, 0, slotRef[slot], cancelled);
    }

    private int trade(final MutableDirectBuffer buffer, final int offset, final int instrument)
    {
        return ItchWriter.trade(buffer, offset, instrument + 1, 0, 0, 0, random.nextInt(2) == 0 ? ItchMessages.BUY :
            ItchMessages.SELL, random.shares(), symbol(instrument), price(instrument, midTick[instrument]),
            nextMatchNumber++);
    }

    /**
     * A tick near the touch on one side: a geometric distance from the mid, kept from crossing the other side's best
     * and inside the ladder. The mid takes a random step now and then, and stays strictly inside the touch.
     */
    private int passiveTick(final int instrument, final boolean buy)
    {
        if (random.nextInt(32) == 0)
        {
            walkMid(instrument);
        }
        final int mid = midTick[instrument];
        final int distance = 1 + random.geometric(LADDER / 4);
        if (buy)
        {
            final int bestAsk = bestAsk(instrument);
            return Math.max(0, Math.min(mid - distance, bestAsk - 1));
        }
        final int bestBid = bestBid(instrument);
        return Math.min(LADDER - 1, Math.max(mid + distance, bestBid + 1));
    }

    private void walkMid(final int instrument)
    {
        final int next = midTick[instrument] + (random.nextInt(2) == 0 ? -1 : 1);
        if (next > bestBid(instrument) && next < bestAsk(instrument) && next > 8 && next < LADDER - 8)
        {
            midTick[instrument] = next;
        }
    }

    /** The highest tick with a live bid, or -1. */
    private int bestBid(final int instrument)
    {
        final int base = instrument * LADDER;
        for (int tick = Math.min(LADDER - 1, midTick[instrument]); tick >= 0; tick--)
        {
            if (bidLadder[base + tick] > 0)
            {
                return tick;
            }
        }
        return -1;
    }

    /** The lowest tick with a live ask, or {@link #LADDER}. */
    private int bestAsk(final int instrument)
    {
        final int base = instrument * LADDER;
        for (int tick = Math.max(0, midTick[instrument]); tick < LADDER; tick++)
        {
            if (askLadder[base + tick] > 0)
            {
                return tick;
            }
        }
        return LADDER;
    }

    private int[] ladder(final boolean buy)
    {
        return buy ? bidLadder : askLadder;
    }

    private void track(final int instrument, final long ref, final boolean buy, final int shares, final int tick)
    {
        final int slot = freeSlots[--freeCount];
        slotRef[slot] = ref;
        slotShares[slot] = shares;
        slotTick[slot] = (short)tick;
        slotBuy[slot] = buy;
        ladder(buy)[instrument * LADDER + tick]++;
        int[] list = instrumentSlots[instrument];
        final int count = instrumentLive[instrument];
        if (count == list.length)
        {
            // Growth, not per message: an instrument's list doubles a few times on the way to its peak.
            list = Arrays.copyOf(list, count * 2);
            instrumentSlots[instrument] = list;
        }
        list[count] = slot;
        instrumentLive[instrument] = count + 1;
        if (++live > peakLive)
        {
            peakLive = live;
        }
    }

    private void untrack(final int instrument, final int position)
    {
        final int[] list = instrumentSlots[instrument];
        final int slot = list[position];
        ladder(slotBuy[slot])[instrument * LADDER + slotTick[slot]]--;
        final int last = --instrumentLive[instrument];
        list[position] = list[last];
        freeSlots[freeCount++] = slot;
        live--;
    }

    private long price(final int instrument, final int tick)
    {
        // Each instrument's ladder starts at its own price, from $5 up, so the tape is not one price for all.
        final long base = 500 + (mix(instrument) & 0x3FFF);
        return (base + tick) * TICK;
    }

    /**
     * An instrument for a message that needs a live order: drawn again, a few times, while the draw has none (a
     * thin instrument's book is often empty), so that the mix holds; an Add if none is found.
     */
    private int pickInstrumentWithOrders()
    {
        int instrument = pickInstrument();
        for (int attempt = 0; attempt < 8 && instrumentLive[instrument] == 0; attempt++)
        {
            instrument = pickInstrument();
        }
        return instrument;
    }

    /** Zipf-weighted: instrument 0 is the most active. */
    private int pickInstrument()
    {
        final double u = random.nextDouble();
        int low = 0;
        int high = INSTRUMENTS - 1;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            if (cumulativeActivity[middle] < u)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /** Five letters from the instrument number in base 26, then "N", space-padded to eight. */
    private static long symbol(final int instrument)
    {
        long packed = 0;
        int n = instrument;
        for (int i = 0; i < 5; i++)
        {
            packed = packed << 8 | ('A' + n % 26);
            n /= 26;
        }
        return (packed << 8 | 'N') << 16 | 0x2020;
    }

    @Override
    public int lastStockLocate()
    {
        return lastStockLocate;
    }

    /** The timestamp (nanoseconds since midnight) of the message {@link #next} wrote last. */
    public long lastTimestamp()
    {
        return timestamp;
    }

    /** The most live orders at any point so far. */
    public int peakLiveOrders()
    {
        return peakLive;
    }

    public int liveOrders()
    {
        return live;
    }

    /** Messages of ITCH type {@code type} written so far. */
    public long messages(final byte type)
    {
        return emittedByType[type];
    }

    /** The shares of the flow's message types, e.g. {@code Add 44.0%, Delete 43.0%, ...}. */
    public String describeMix()
    {
        final long flow = emitted - Math.min(emitted, INSTRUMENTS);
        final StringBuilder out = new StringBuilder();
        final String[] names = {"Add", "Delete", "Replace", "Execute", "Cancel", "Trade"};
        final byte[] types = {ItchMessages.ADD_ORDER, ItchMessages.ORDER_DELETE, ItchMessages.ORDER_REPLACE,
            ItchMessages.ORDER_EXECUTED, ItchMessages.ORDER_CANCEL, ItchMessages.TRADE};
        for (int i = 0; i < types.length; i++)
        {
            out.append(i == 0 ? "" : ", ").append(names[i]).append(' ')
                .append(String.format("%.1f%%", 100.0 * emittedByType[types[i]] / Math.max(1, flow)));
        }
        return out.toString();
    }

    private static long mix(final long value)
    {
        long z = value * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        return z ^ (z >>> 27);
    }
}
