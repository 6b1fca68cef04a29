package io.wirebook.bench;

import java.nio.ByteBuffer;

import com.paritytrading.juncture.nasdaq.itch50.ITCH50Parser;
import com.paritytrading.parity.book.Market;
import com.paritytrading.parity.book.MarketListener;
import com.paritytrading.parity.book.Side;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchReader;
import io.wirebook.sim.OrderFlow;
import it.unimi.dsi.fastutil.longs.LongIterator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The same bytes through wirebook (ItchReader → BookUpdater → Books) and through juncture's parser into parity-book:
 * the top {@link OrderBook#DEPTH} levels of the instrument a message touched must agree after every message.
 */
class BookDifferentialTest
{
    private static final int INSTRUMENTS = 100;
    private static final int MESSAGES = 1_000_000;

    private final long[] expectedPrices = new long[OrderBook.DEPTH];
    private final long[] expectedShares = new long[OrderBook.DEPTH];

    @Test
    void wirebookAndParityBookAgreeOnTheTopTenAfterEveryMessage() throws Exception
    {
        final byte[] bytes = new byte[64];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final ByteBuffer byteBuffer = ByteBuffer.wrap(bytes);

        final Books books = new Books(INSTRUMENTS, 1 << 16);
        final BookUpdater updater = new BookUpdater(books);
        final ItchReader reader = new ItchReader();
        final Market market = new Market(new MarketListener()
        {
            @Override
            // CHECKSTYLE: FQN parity's OrderBook; the simple name is wirebook's
            public void update(final com.paritytrading.parity.book.OrderBook book, final boolean bbo)
            {
            }

            @Override
            public void trade(
                // CHECKSTYLE: FQN parity's OrderBook; the simple name is wirebook's
                final com.paritytrading.parity.book.OrderBook book, final Side side, final long price,
                final long size)
            {
            }
        });
        final ITCH50Parser parser = new ITCH50Parser(new ParityMarketFeed(market));

        final OrderFlow flow = new OrderFlow(20_260_101L, INSTRUMENTS);
        long nonEmptyComparisons = 0;
        for (int i = 0; i < INSTRUMENTS + MESSAGES; i++)
        {
            final int length = flow.next(buffer, 0);
            assertThat(reader.read(buffer, 0, length, updater)).isEqualTo(ItchReader.OK);
            byteBuffer.clear().limit(length);
            parser.message(byteBuffer);

            final int locate = flow.lastStockLocate();
            final OrderBook book = books.book(locate);
            // CHECKSTYLE: FQN parity's OrderBook; the simple name is wirebook's
            final com.paritytrading.parity.book.OrderBook parityBook = market.open(locate);
            nonEmptyComparisons += compare(i, book, parityBook);
        }
        assertThat(updater.rejectedMessages()).isZero();
        assertThat(nonEmptyComparisons).isGreaterThan(MESSAGES * 9L / 10);
    }

    /** @return 1 if both books had levels on both sides. */
    // CHECKSTYLE: FQN parity's OrderBook; the simple name is wirebook's
    private int compare(final int message, final OrderBook book, final com.paritytrading.parity.book.OrderBook parity)
    {
        int levels = 0;
        LongIterator prices = parity.getBidPrices().iterator();
        while (prices.hasNext() && levels < OrderBook.DEPTH)
        {
            final long price = prices.nextLong();
            expectedPrices[levels] = price;
            expectedShares[levels++] = parity.getBidSize(price);
        }
        final int bidLevels = levels;
        final int wirebookBids = Math.min(OrderBook.DEPTH, book.bidLevels());
        if (wirebookBids != bidLevels)
        {
            fail("message %d: %d bid levels in the top, parity-book has %d: %s",
                message, wirebookBids, bidLevels, book);
        }
        for (int i = 0; i < bidLevels; i++)
        {
            if (book.bidPrice(i) != expectedPrices[i] || book.bidShares(i) != expectedShares[i])
            {
                fail("message %d: bid level %d is %d@%d, parity-book has %d@%d: %s", message, i, book.bidShares(i),
                    book.bidPrice(i), expectedShares[i], expectedPrices[i], book);
            }
        }

        levels = 0;
        prices = parity.getAskPrices().iterator();
        while (prices.hasNext() && levels < OrderBook.DEPTH)
        {
            final long price = prices.nextLong();
            expectedPrices[levels] = price;
            expectedShares[levels++] = parity.getAskSize(price);
        }
        final int askLevels = levels;
        final int wirebookAsks = Math.min(OrderBook.DEPTH, book.askLevels());
        if (wirebookAsks != askLevels)
        {
            fail("message %d: %d ask levels in the top, parity-book has %d: %s",
                message, wirebookAsks, askLevels, book);
        }
        for (int i = 0; i < askLevels; i++)
        {
            if (book.askPrice(i) != expectedPrices[i] || book.askShares(i) != expectedShares[i])
            {
                fail("message %d: ask level %d is %d@%d, parity-book has %d@%d: %s", message, i, book.askShares(i),
                    book.askPrice(i), expectedShares[i], expectedPrices[i], book);
            }
        }
        return bidLevels > 0 && askLevels > 0 ? 1 : 0;
    }
}
