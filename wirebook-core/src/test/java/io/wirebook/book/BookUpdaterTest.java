package io.wirebook.book;

import java.nio.ByteOrder;

import io.wirebook.itch.ItchMessages;
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

    @Test
    void messagesOfOneChannelCannotTouchAnotherChannelsInstrumentsOrOrders()
    {
        final Books books = new Books(8, 16, 2);
        final BookUpdater updater = new BookUpdater(books);
        updater.channel(0);
        read(updater, ItchWriter.stockDirectory(buffer, 0, 3, 0, 0, STOCK, 100));
        read(updater, ItchWriter.addOrder(buffer, 0, 3, 0, 0, 1, (byte)'B', 500, STOCK, 100_000));

        updater.channel(1);
        read(updater, ItchWriter.stockDirectory(buffer, 0, 3, 0, 0, STOCK, 100));
        read(updater, ItchWriter.addOrder(buffer, 0, 3, 0, 0, 2, (byte)'B', 500, STOCK, 100_000));
        read(updater, ItchWriter.orderExecuted(buffer, 0, 3, 0, 0, 1, 100, 1));
        read(updater, ItchWriter.orderDelete(buffer, 0, 3, 0, 0, 1));
        read(updater, ItchWriter.trade(buffer, 0, 3, 0, 0, 0, (byte)'B', 1_000, STOCK, 100_050, 3));
        read(updater, stockTradingAction(3));
        assertThat(updater.rejectedMessages()).isEqualTo(6);
        assertThat(books.rejections().count(Rejections.FOREIGN_LOCATE)).isEqualTo(6);
        assertThat(books.book(3).bidShares(0)).isEqualTo(500);

        // Its own instrument, and market-wide messages, go through.
        read(updater, ItchWriter.stockDirectory(buffer, 0, 4, 0, 0, STOCK, 100));
        read(updater, ItchWriter.addOrder(buffer, 0, 4, 0, 0, 1, (byte)'S', 300, STOCK, 100_100));
        read(updater, ItchWriter.trade(buffer, 0, 4, 0, 0, 0, (byte)'B', 1_000, STOCK, 100_050, 3));
        read(updater, stockTradingAction(4));
        read(updater, ItchWriter.systemEvent(buffer, 0, 0, 0, ItchMessages.EVENT_START_OF_MARKET_HOURS));
        assertThat(updater.rejectedMessages()).isEqualTo(6);
        assertThat(books.book(4).channel()).isEqualTo(1);
        assertThat(books.book(4).askShares(0)).isEqualTo(300);

        // Channel 0's order 1 and channel 1's order 1 are two orders.
        updater.channel(0);
        read(updater, ItchWriter.orderDelete(buffer, 0, 3, 0, 0, 1));
        assertThat(books.book(3).bidLevels()).isZero();
        assertThat(books.book(4).askShares(0)).isEqualTo(300);
        read(updater, ItchWriter.orderDelete(buffer, 0, 4, 0, 0, 1));
        assertThat(updater.rejectedMessages()).isEqualTo(7);
    }

    @Test
    void aMessageNamingAnotherLocateThanItsOrdersIsRefused()
    {
        read(ItchWriter.addOrder(buffer, 0, 3, 0, 0, 1, (byte)'B', 500, STOCK, 100_000));
        read(ItchWriter.addOrder(buffer, 0, 4, 0, 0, 2, (byte)'B', 500, STOCK, 100_000));
        read(ItchWriter.orderExecuted(buffer, 0, 4, 0, 0, 1, 100, 1));
        read(ItchWriter.orderExecutedWithPrice(buffer, 0, 4, 0, 0, 1, 100, 2, (byte)'Y', 99_000));
        read(ItchWriter.orderCancel(buffer, 0, 4, 0, 0, 1, 50));
        read(ItchWriter.orderReplace(buffer, 0, 4, 0, 0, 1, 7, 200, 100_200));
        read(ItchWriter.orderDelete(buffer, 0, 4, 0, 0, 1));
        assertThat(updater.rejectedMessages()).isEqualTo(5);
        assertThat(books.rejections().count(Rejections.LOCATE_MISMATCH)).isEqualTo(5);
        assertThat(books.book(3).bidShares(0)).isEqualTo(500);
        assertThat(books.book(4).bidShares(0)).isEqualTo(500);
    }

    /** A Stock Trading Action (H): a message with a locate that changes no book. */
    private int stockTradingAction(final int stockLocate)
    {
        final int length = ItchMessages.lengthOf(ItchMessages.STOCK_TRADING_ACTION);
        buffer.setMemory(0, length, (byte)' ');
        buffer.putByte(0, ItchMessages.STOCK_TRADING_ACTION);
        buffer.putShort(ItchMessages.STOCK_LOCATE_OFFSET, (short)stockLocate, ByteOrder.BIG_ENDIAN);
        return length;
    }

    private void read(final BookUpdater updater, final int length)
    {
        assertThat(reader.read(buffer, 0, length, updater)).isEqualTo(ItchReader.OK);
    }

    private void read(final int length)
    {
        assertThat(reader.read(buffer, 0, length, updater)).isEqualTo(ItchReader.OK);
    }
}
