package io.wirebook.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.paritytrading.juncture.nasdaq.itch50.ITCH50Parser;
import com.paritytrading.parity.book.Market;
import com.paritytrading.parity.book.MarketListener;
import com.paritytrading.parity.book.OrderBook;
import com.paritytrading.parity.book.Side;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Builds the books of a simulated trading day, message by message, from its encoded bytes: decode and apply, one
 * operation per message. Every invocation replays the whole day from empty books, so each sees the same work.
 *
 * <p>wirebook keeps its books' memory between replays ({@link DayReplay#clear()}), as a feed handler does from one day
 * to the next; parity-book has no such reset and gets a new {@link Market}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BookBuildBenchmark
{
    /** Messages in the lab profile's day, Stock Directory included. */
    public static final int MESSAGES = 2_000_000;
    public static final int INSTRUMENTS = 200;
    public static final long SEED = 20_260_101L;
    /** What the books are sized for, as a feed handler is sized for its peak: this day peaks at 33,622 live orders. */
    public static final int EXPECTED_LIVE_ORDERS = 1 << 16;
    /** The nasdaq profile's and a file's books: any stock locate. */
    public static final int MAX_STOCK_LOCATE = 0xFFFF;

    private static final MarketListener IGNORE = new MarketListener()
    {
        @Override
        public void update(final OrderBook book, final boolean bbo)
        {
        }

        @Override
        public void trade(final OrderBook book, final Side side, final long price, final long size)
        {
        }
    };

    /** {@code lab} (the default day), {@code nasdaq}, or {@code file}. */
    @Param("lab")
    public String profile;
    /** The nasdaq profile's messages. */
    @Param("60000000")
    public long messages;
    /** The BinaryFILE of the file profile. */
    @Param("")
    public String file;
    /** The live orders the nasdaq and file profiles' books are sized for: the day's peak, from the parent. */
    @Param("4194304")
    public int expectedOrders;

    private TradingDay day;
    private ByteBuffer parityView;

    private DayReplay replay;

    private ITCH50Parser parser;

    @Setup(Level.Trial)
    public void generateDay() throws IOException
    {
        day = day(profile, messages, file);
        parityView = day.byteBuffer().duplicate().order(ByteOrder.BIG_ENDIAN);
        replay = "lab".equals(profile) ? new DayReplay(day.buffer(), day.length(), INSTRUMENTS, EXPECTED_LIVE_ORDERS) :
            new DayReplay(day.buffer(), day.length(), MAX_STOCK_LOCATE, expectedOrders);
    }

    @Setup(Level.Invocation)
    public void emptyBooks()
    {
        replay.clear();
        parser = new ITCH50Parser(new ParityMarketFeed(new Market(IGNORE)));
    }

    /** The day a profile names; the same bytes in every fork. */
    static TradingDay day(final String profile, final long messages, final String file) throws IOException
    {
        return switch (profile)
        {
            case "lab" -> TradingDay.generate(SEED, INSTRUMENTS, MESSAGES);
            case "nasdaq" -> TradingDay.nasdaq(SEED, messages);
            case "file" -> TradingDay.load(Path.of(file));
            default -> throw new IllegalArgumentException("unknown profile " + profile + "; valid: lab, nasdaq, file");
        };
    }

    /** One invocation replays the whole day ({@link DayReplay}): {@link BookBench} divides by its messages. */
    @Benchmark
    public long wirebook()
    {
        return replay.replay();
    }

    @Benchmark
    public long parityBook() throws IOException
    {
        final ByteBuffer bytes = parityView;
        final int end = day.length();
        final ITCH50Parser parser = this.parser;
        int position = 0;
        long messages = 0;
        while (position < end)
        {
            final int length = bytes.getShort(position) & 0xFFFF;
            bytes.limit(position + 2 + length).position(position + 2);
            parser.message(bytes);
            bytes.limit(bytes.capacity());
            position += 2 + length;
            messages++;
        }
        return messages;
    }
}
