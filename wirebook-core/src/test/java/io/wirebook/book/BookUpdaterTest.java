package io.wirebook.book;

import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BookUpdaterTest
{
    private static final long STOCK = ItchWriter.stock("WBK");

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final ItchReader reader = new ItchReader();
    private final Books books = new Books(8, 16);
    private final BookUpdater updater = new BookUpdater(books);

    @Test
    void appliesEveryOrderMessageType()
    {
        read(ItchWriter.stockDirectory(buffer, 0, 3, 0, 0, STOCK, 100));
        assertThat(books.book(3)).isNotNull();

        read(ItchWriter.addOrder(buffer, 0, 3, 0, 0, 1, (byte)'B', 500, STOCK, 100_000));
        read(ItchWriter.addOrderMpid(buffer, 0, 3, 0, 0, 2, (byte)'S', 300, STOCK, 100_100, 0x41424344));
        final OrderBook book = books.book(3);
        assertThat(book.bidShares(0)).isEqualTo(500);
        assertThat(book.askShares(0)).isEqualTo(300);

        read(ItchWriter.orderExecuted(buffer, 0, 3, 0, 0, 1, 100, 1));
        assertThat(book.bidShares(0)).isEqualTo(400);

        // C: the execution price is a print; the order keeps its own price.
        read(ItchWriter.orderExecutedWithPrice(buffer, 0, 3, 0, 0, 1, 100, 2, (byte)'Y', 99_000));
        assertThat(book.bidPrice(0)).isEqualTo(100_000);
        assertThat(book.bidShares(0)).isEqualTo(300);

        read(ItchWriter.orderCancel(buffer, 0, 3, 0, 0, 2, 50));
        assertThat(book.askShares(0)).isEqualTo(250);

        read(ItchWriter.orderReplace(buffer, 0, 3, 0, 0, 2, 7, 200, 100_200));
        assertThat(book.askPrice(0)).isEqualTo(100_200);
        assertThat(book.askShares(0)).isEqualTo(200);

        read(ItchWriter.trade(buffer, 0, 3, 0, 0, 0, (byte)'B', 1_000, STOCK, 100_050, 3));
        assertThat(books.orderCount()).isEqualTo(2);

        read(ItchWriter.orderDelete(buffer, 0, 3, 0, 0, 7));
        assertThat(book.askLevels()).isZero();
        assertThat(updater.rejectedMessages()).isZero();
    }

    @Test
    void countsRejectedMessages()
    {
        read(ItchWriter.orderDelete(buffer, 0, 3, 0, 0, 99));
        read(ItchWriter.orderExecuted(buffer, 0, 3, 0, 0, 99, 1, 1));
        read(ItchWriter.addOrder(buffer, 0, 9, 0, 0, 1, (byte)'B', 500, STOCK, 100_000));
        assertThat(updater.rejectedMessages()).isEqualTo(3);
        assertThat(books.rejected()).isEqualTo(3);
    }

    private void read(final int length)
    {
        assertThat(reader.read(buffer, 0, length, updater)).isEqualTo(ItchReader.OK);
    }
}
