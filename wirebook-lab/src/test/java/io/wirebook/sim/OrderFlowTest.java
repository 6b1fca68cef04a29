package io.wirebook.sim;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.StockDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderFlowTest
{
    private static final int INSTRUMENTS = 50;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final ItchReader reader = new ItchReader();

    @Test
    void opensWithOneStockDirectoryPerInstrument()
    {
        final OrderFlow flow = new OrderFlow(1, INSTRUMENTS);
        final StringBuilder symbols = new StringBuilder();
        final ItchListener listener = new ItchListener()
        {
            @Override
            public void onStockDirectory(final StockDirectory message)
            {
                final long stock = message.stock();
                for (int i = 7; i >= 0; i--)
                {
                    symbols.append((char)((stock >>> (8 * i)) & 0xFF));
                }
                symbols.append('|');
            }
        };
        for (int i = 1; i <= INSTRUMENTS; i++)
        {
            final int length = flow.next(buffer, 0);
            assertThat(buffer.getByte(0)).isEqualTo(ItchMessages.STOCK_DIRECTORY);
            assertThat(flow.lastStockLocate()).isEqualTo(i);
            assertThat(reader.read(buffer, 0, length, listener)).isEqualTo(ItchReader.OK);
        }
        assertThat(symbols.toString()).startsWith("AAAAW   |AAABW   |AAACW   |");
        flow.next(buffer, 0);
        assertThat(buffer.getByte(0)).isNotEqualTo(ItchMessages.STOCK_DIRECTORY);
        assertThat(flow.messages()).isEqualTo(INSTRUMENTS + 1);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes()
    {
        final UnsafeBuffer other = new UnsafeBuffer(new byte[64]);
        final OrderFlow a = new OrderFlow(7, INSTRUMENTS);
        final OrderFlow b = new OrderFlow(7, INSTRUMENTS);
        final OrderFlow c = new OrderFlow(8, INSTRUMENTS);
        int differences = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final int length = a.next(buffer, 0);
            assertThat(b.next(other, 0)).isEqualTo(length);
            for (int j = 0; j < length; j++)
            {
                assertThat(other.getByte(j)).isEqualTo(buffer.getByte(j));
            }
            final int otherLength = c.next(other, 0);
            differences += otherLength != length || other.getLong(11) != buffer.getLong(11) ? 1 : 0;
        }
        assertThat(differences).isGreaterThan(50_000);
    }

    @Test
    void everyMessageIsValidForTheBookItBuildsAndTheMixIsRealistic()
    {
        final OrderFlow flow = new OrderFlow(42, INSTRUMENTS);
        final Books books = new Books(INSTRUMENTS, 1_024);
        final BookUpdater updater = new BookUpdater(books);
        final long[] types = new long[128];
        long crossed = 0;
        for (int i = 0; i < 500_000; i++)
        {
            final int length = flow.next(buffer, 0);
            assertThat(reader.read(buffer, 0, length, updater)).isEqualTo(ItchReader.OK);
            types[buffer.getByte(0)]++;
            final int locate = flow.lastStockLocate();
            assertThat(locate).isBetween(1, INSTRUMENTS);
            assertThat(flow.liveOrders(locate)).isBetween(0, OrderFlow.MAX_LIVE_ORDERS);
            final OrderBook book = books.book(locate);
            crossed += book.isCrossed() ? 1 : 0;
        }
        assertThat(updater.rejectedMessages()).isZero();
        assertThat(crossed).isZero();
        long live = 0;
        for (int locate = 1; locate <= INSTRUMENTS; locate++)
        {
            live += flow.liveOrders(locate);
            // Many levels per side, as in a real book.
            assertThat(books.book(locate).bidLevels() + books.book(locate).askLevels()).isGreaterThan(10);
        }
        assertThat(books.orderCount()).isEqualTo(live);

        final long total = 500_000 - INSTRUMENTS;
        assertThat(types['A'] + types['F']).isBetween(total * 30 / 100, total * 55 / 100);
        assertThat(types['F']).isBetween(types['A'] / 20, types['A'] / 5);
        for (final char type : new char[] {'D', 'X', 'E', 'C', 'U', 'P'})
        {
            assertThat(types[type]).as("%s", type).isGreaterThan(total / 500);
        }
        assertThat(types['D'] + types['X'] + types['E'] + types['C'] + types['U'] + types['P'])
            .isGreaterThan(total * 40 / 100);
    }

    @Test
    void allocatesNothingPerMessageAfterWarmUp()
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final OrderFlow flow = new OrderFlow(3, INSTRUMENTS);
        long sum = 0;
        for (int i = 0; i < 300_000; i++)
        {
            sum += flow.next(buffer, 0);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 300_000; i++)
        {
            sum += flow.next(buffer, 0);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isPositive();
        assertThat(allocated).isLessThan(1_024);
    }
}
