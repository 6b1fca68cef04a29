package io.wirebook.book;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BooksTest
{
    private static final byte B = 'B';
    private static final byte S = 'S';

    private final List<Integer> notified = new ArrayList<>();
    private Books books;

    @BeforeEach
    void setUp()
    {
        books = new Books(10, 16);
        books.listener(book -> notified.add(book.stockLocate()));
    }

    @Test
    void addsRollUpIntoLevelsBestFirst()
    {
        assertThat(books.add(1, 1, B, 100, 10_000)).isTrue();
        assertThat(books.add(1, 2, B, 200, 10_100)).isTrue();
        assertThat(books.add(1, 3, B, 50, 10_000)).isTrue();
        assertThat(books.add(1, 4, S, 70, 10_300)).isTrue();
        assertThat(books.add(1, 5, S, 30, 10_200)).isTrue();

        final OrderBook book = books.book(1);
        assertThat(book.bidLevels()).isEqualTo(2);
        assertThat(book.bidPrice(0)).isEqualTo(10_100);
        assertThat(book.bidShares(0)).isEqualTo(200);
        assertThat(book.bidOrders(0)).isEqualTo(1);
        assertThat(book.bidPrice(1)).isEqualTo(10_000);
        assertThat(book.bidShares(1)).isEqualTo(150);
        assertThat(book.bidOrders(1)).isEqualTo(2);
        assertThat(book.askLevels()).isEqualTo(2);
        assertThat(book.askPrice(0)).isEqualTo(10_200);
        assertThat(book.askShares(0)).isEqualTo(30);
        assertThat(book.askPrice(1)).isEqualTo(10_300);
        assertThat(book.isCrossed()).isFalse();
        assertThat(books.orderCount()).isEqualTo(5);
        assertThat(notified).containsExactly(1, 1, 1, 1, 1);
    }

    @Test
    void partialExecutionsKeepTheOrderUntilNoSharesRemain()
    {
        books.add(1, 7, S, 300, 5_000);
        assertThat(books.execute(1, 7, 100)).isTrue();
        assertThat(books.book(1).askShares(0)).isEqualTo(200);
        assertThat(books.book(1).askOrders(0)).isEqualTo(1);
        assertThat(books.execute(1, 7, 150)).isTrue();
        assertThat(books.book(1).askShares(0)).isEqualTo(50);
        assertThat(books.execute(1, 7, 50)).isTrue();
        assertThat(books.book(1).askLevels()).isZero();
        assertThat(books.orderCount()).isZero();
        assertThat(books.execute(1, 7, 1)).isFalse();
    }

    @Test
    void executingOrCancellingMoreThanRemainsIsRejectedAndChangesNothing()
    {
        books.add(1, 7, B, 100, 5_000);
        notified.clear();
        assertThat(books.execute(1, 7, 101)).isFalse();
        assertThat(books.cancel(1, 7, 101)).isFalse();
        assertThat(books.execute(1, 7, 0)).isFalse();
        assertThat(books.cancel(1, 7, 0)).isFalse();
        assertThat(books.book(1).bidShares(0)).isEqualTo(100);
        assertThat(books.rejected()).isEqualTo(4);
        assertThat(notified).isEmpty();
    }

    @Test
    void cancelReducesAndACancelOfEverythingRemovesTheOrder()
    {
        books.add(1, 7, B, 100, 5_000);
        books.add(1, 8, B, 40, 5_000);
        assertThat(books.cancel(1, 7, 30)).isTrue();
        assertThat(books.book(1).bidShares(0)).isEqualTo(110);
        assertThat(books.book(1).bidOrders(0)).isEqualTo(2);
        assertThat(books.cancel(1, 7, 70)).isTrue();
        assertThat(books.book(1).bidShares(0)).isEqualTo(40);
        assertThat(books.book(1).bidOrders(0)).isEqualTo(1);
        assertThat(books.orderCount()).isEqualTo(1);
    }

    @Test
    void deletingTheLastOrderOfALevelRemovesTheLevel()
    {
        books.add(1, 1, B, 100, 5_000);
        books.add(1, 2, B, 100, 4_900);
        books.add(1, 3, B, 100, 4_800);
        assertThat(books.delete(1, 2)).isTrue();
        final OrderBook book = books.book(1);
        assertThat(book.bidLevels()).isEqualTo(2);
        assertThat(book.bidPrice(0)).isEqualTo(5_000);
        assertThat(book.bidPrice(1)).isEqualTo(4_800);
        assertThat(books.delete(1, 1)).isTrue();
        assertThat(book.bidPrice(0)).isEqualTo(4_800);
        assertThat(books.delete(1, 1)).isFalse();
    }

    @Test
    void replaceMovesPriceAndKeepsSideAndInstrument()
    {
        books.add(2, 1, S, 100, 5_000);
        assertThat(books.replace(2, 1, 2, 80, 5_100)).isTrue();
        final OrderBook book = books.book(2);
        assertThat(book.askLevels()).isEqualTo(1);
        assertThat(book.askPrice(0)).isEqualTo(5_100);
        assertThat(book.askShares(0)).isEqualTo(80);
        assertThat(book.bidLevels()).isZero();
        assertThat(books.delete(2, 1)).isFalse();
        assertThat(books.execute(2, 2, 80)).isTrue();
        assertThat(books.orderCount()).isZero();
    }

    @Test
    void replaceThatCrossesTheTouchLeavesACrossedBook()
    {
        books.add(1, 1, B, 100, 5_000);
        books.add(1, 2, S, 100, 5_100);
        assertThat(books.book(1).isCrossed()).isFalse();
        assertThat(books.replace(1, 1, 3, 100, 5_100)).isTrue();
        assertThat(books.book(1).isCrossed()).isTrue(); // locked
        assertThat(books.replace(1, 3, 4, 100, 5_200)).isTrue();
        assertThat(books.book(1).isCrossed()).isTrue(); // crossed
        assertThat(books.book(1).bidPrice(0)).isEqualTo(5_200);
        assertThat(books.book(1).askPrice(0)).isEqualTo(5_100);
        assertThat(books.execute(1, 2, 100)).isTrue();
        assertThat(books.book(1).isCrossed()).isFalse();
    }

    @Test
    void replaceRejectsUnknownOriginalLiveNewReferenceAndZeroShares()
    {
        books.add(1, 1, B, 100, 5_000);
        books.add(1, 2, B, 100, 5_000);
        notified.clear();
        assertThat(books.replace(1, 9, 10, 100, 5_000)).isFalse();
        assertThat(books.replace(1, 1, 2, 100, 5_000)).isFalse();
        assertThat(books.replace(1, 1, 3, 0, 5_000)).isFalse();
        assertThat(books.book(1).bidShares(0)).isEqualTo(200);
        assertThat(books.orderCount()).isEqualTo(2);
        assertThat(notified).isEmpty();
        // The original is still whole: it executes and leaves as before.
        assertThat(books.execute(1, 1, 100)).isTrue();
        assertThat(books.book(1).bidShares(0)).isEqualTo(100);
        assertThat(books.book(1).bidOrders(0)).isEqualTo(1);
    }

    @Test
    void replaceWithSamePriceAndSharesChangesPriorityOnlyAndDoesNotNotify()
    {
        books.add(1, 1, B, 100, 5_000);
        notified.clear();
        assertThat(books.replace(1, 1, 2, 100, 5_000)).isTrue();
        assertThat(notified).isEmpty();
        assertThat(books.delete(1, 2)).isTrue();
        assertThat(books.book(1).bidLevels()).isZero();
    }

    @Test
    void rejectsImpossibleAdds()
    {
        books.add(1, 1, B, 100, 5_000);
        notified.clear();
        assertThat(books.add(1, 1, S, 100, 6_000)).as("duplicate reference").isFalse();
        assertThat(books.add(0, 2, B, 100, 5_000)).as("locate 0").isFalse();
        assertThat(books.add(11, 2, B, 100, 5_000)).as("locate above max").isFalse();
        assertThat(books.add(1, 2, (byte)'X', 100, 5_000)).as("bad side").isFalse();
        assertThat(books.add(1, 2, B, 0, 5_000)).as("zero shares").isFalse();
        assertThat(books.add(1, 2, B, 10, -1)).as("negative price").isFalse();
        assertThat(books.add(1, 2, B, 10, Books.MAX_PRICE + 1)).as("price beyond 32 bits").isFalse();
        assertThat(books.add(1, 2, B, Books.MAX_SHARES + 1, 5_000)).as("shares beyond 32 bits").isFalse();
        assertThat(books.replace(1, 1, 2, 10, Books.MAX_PRICE + 1)).as("replace price beyond 32 bits").isFalse();
        assertThat(books.replace(1, 1, 2, Books.MAX_SHARES + 1, 10)).as("replace shares beyond 32 bits").isFalse();
        assertThat(books.rejected()).isEqualTo(10);
        assertThat(books.orderCount()).isEqualTo(1);
        assertThat(books.book(1).askLevels()).isZero();
        assertThat(notified).isEmpty();
    }

    @Test
    void referenceNumberZeroIsAnOrdinaryOrder()
    {
        assertThat(books.add(1, 0, B, 10, 100)).isTrue();
        assertThat(books.add(1, 0, B, 10, 100)).isFalse();
        assertThat(books.replace(1, 0, 5, 20, 101)).isTrue();
        assertThat(books.replace(1, 5, 0, 30, 102)).isTrue();
        assertThat(books.book(1).bidPrice(0)).isEqualTo(102);
        assertThat(books.delete(1, 0)).isTrue();
        assertThat(books.orderCount()).isZero();
    }

    @Test
    void listenerIgnoresChangesBelowTheTopTenLevels()
    {
        for (int i = 0; i < 12; i++)
        {
            books.add(3, 100 + i, B, 10, 1_000 - i);   // level i at 1000 - i
        }
        notified.clear();
        books.add(3, 200, B, 10, 989);               // level 11: no
        books.execute(3, 200, 5);                    // no
        books.add(3, 201, B, 10, 990);               // joins level 10 (11th): no
        assertThat(notified).isEmpty();
        books.add(3, 202, B, 10, 991);               // joins level 9: yes
        assertThat(notified).containsExactly(3);
        notified.clear();
        books.add(3, 203, B, 10, 995);               // joins level 5: yes
        books.delete(3, 100);                        // best leaves, level 10 enters: yes
        assertThat(notified).containsExactly(3, 3);
        assertThat(books.book(3).bidPrice(0)).isEqualTo(999);
    }

    @Test
    void insertingANewLevelInsideTheTopTenNotifies()
    {
        for (int i = 0; i < 12; i++)
        {
            books.add(3, 100 + i, S, 10, 1_000 + 2 * i);
        }
        notified.clear();
        books.add(3, 300, S, 10, 1_001);             // new level 1, pushes old level 9 out
        books.add(3, 301, S, 10, 1_025);             // new level deep in the book: no
        assertThat(notified).containsExactly(3);
        assertThat(books.book(3).askPrice(1)).isEqualTo(1_001);
    }

    @Test
    void growsBeyondTheExpectedNumberOfOrdersAndLevels()
    {
        for (int i = 0; i < 10_000; i++)
        {
            assertThat(books.add(1 + i % 10, 1_000_000L + i, i % 2 == 0 ? B : S, 1 + i % 7, 10_000 + i)).isTrue();
        }
        assertThat(books.orderCount()).isEqualTo(10_000);
        for (int i = 0; i < 10_000; i += 2)
        {
            assertThat(books.delete(1 + i % 10, 1_000_000L + i)).isTrue();
        }
        for (int i = 1; i < 10_000; i += 2)
        {
            assertThat(books.execute(1 + i % 10, 1_000_000L + i, 1 + i % 7)).isTrue();
        }
        assertThat(books.orderCount()).isZero();
        for (int locate = 1; locate <= 10; locate++)
        {
            assertThat(books.book(locate).bidLevels()).isZero();
            assertThat(books.book(locate).askLevels()).isZero();
        }
    }

    @Test
    void referenceNumbersOfAnyWidthAndTheLargestFieldValuesAreOrdinaryOrders()
    {
        final long[] references = {(1L << 47) - 1, 1L << 47, Long.MAX_VALUE, -1L, Long.MIN_VALUE};
        for (int i = 0; i < references.length; i++)
        {
            assertThat(books.add(2, references[i], i % 2 == 0 ? B : S, Books.MAX_SHARES, Books.MAX_PRICE - i)).isTrue();
        }
        assertThat(books.add(2, Long.MAX_VALUE, B, 1, 1)).as("duplicate wide reference").isFalse();
        assertThat(books.book(2).bidPrice(0)).isEqualTo(Books.MAX_PRICE);
        assertThat(books.book(2).bidShares(0)).isEqualTo(Books.MAX_SHARES);
        assertThat(books.book(2).askPrice(0)).isEqualTo(Books.MAX_PRICE - 3);

        assertThat(books.execute(2, Long.MIN_VALUE, Books.MAX_SHARES - 1)).isTrue();
        assertThat(books.replace(2, -1L, 5, 7, 100)).isTrue();
        assertThat(books.replace(2, 5, Long.MAX_VALUE - 1, 8, 100)).isTrue();
        assertThat(books.book(2).askPrice(0)).isEqualTo(100);
        assertThat(books.book(2).askShares(0)).isEqualTo(8);
        for (final long reference : new long[]{(1L << 47) - 1, 1L << 47, Long.MAX_VALUE, Long.MAX_VALUE - 1})
        {
            assertThat(books.delete(2, reference)).isTrue();
        }
        assertThat(books.orderCount()).isEqualTo(1);
        assertThat(books.book(2).bidShares(0)).isEqualTo(1);
        assertThat(books.cancel(2, Long.MIN_VALUE, 1)).isTrue();
        assertThat(books.orderCount()).isZero();
        assertThat(books.book(2).bidLevels() + books.book(2).askLevels()).isZero();
    }

    @Test
    void warmingChangesNothing()
    {
        books.warmNext();
        books.add(1, 1, B, 10, 100);
        books.add(1, 2, S, 20, 105);
        books.open(3);
        for (int i = 0; i < 1_000; i++)
        {
            books.warmNext();
        }
        assertThat(books.book(1).toString()).isEqualTo("OrderBook{locate=1, bids=[10@100(1)], asks=[20@105(1)]}");
        assertThat(books.book(3).bidLevels() + books.book(3).askLevels()).isZero();
        assertThat(books.orderCount()).isEqualTo(2);
        assertThat(books.rejected()).isZero();
    }

    @Test
    void levelsBeyondTheBookAreOutOfBounds()
    {
        books.add(1, 1, B, 10, 100);
        books.add(2, 2, B, 10, 100);
        assertThatThrownBy(() -> books.book(1).bidPrice(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> books.book(1).askShares(0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> books.book(1).bidOrders(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void bookIsNullUntilOpenedOrAddedTo()
    {
        assertThat(books.book(4)).isNull();
        assertThat(books.book(99)).isNull();
        assertThat(books.open(4)).isNotNull();
        assertThat(books.book(4).bidLevels()).isZero();
        assertThat(books.open(11)).isNull();
    }

    @Test
    void clearForgetsEverything()
    {
        books.add(1, 1, B, 10, 100);
        books.add(2, 2, S, 10, 100);
        books.clear();
        assertThat(books.orderCount()).isZero();
        assertThat(books.book(1).bidLevels()).isZero();
        assertThat(books.add(1, 1, B, 10, 100)).isTrue();
    }
}
