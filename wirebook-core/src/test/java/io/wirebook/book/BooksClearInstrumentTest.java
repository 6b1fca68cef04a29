package io.wirebook.book;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BooksClearInstrumentTest
{
    @Test
    void removesEveryOrderOfOneInstrumentAndNoOther()
    {
        final Books books = new Books(10, 64);
        final SplittableRandom random = new SplittableRandom(7);
        final int orders = 5_000;
        for (long ref = 0; ref < orders; ref++)
        {
            final int locate = ref % 3 == 0 ? 1 : 2;
            assertThat(books.add(locate, ref * 7919, random.nextBoolean() ? Books.BUY : Books.SELL,
                1 + random.nextInt(500), 10_000 + random.nextInt(200) * 100)).isTrue();
        }
        final int[] notified = new int[1];
        books.listener(book -> notified[0] = book.stockLocate());

        books.clearInstrument(1);

        assertThat(notified[0]).isEqualTo(1);
        assertThat(books.book(1).bidLevels() + books.book(1).askLevels()).isZero();
        assertThat(books.orderCount()).isEqualTo(orders - (orders + 2) / 3);
        for (long ref = 0; ref < orders; ref++)
        {
            // Every order of instrument 2 is still found (the index stayed consistent); none of instrument 1 is.
            assertThat(books.delete(ref % 3 == 0 ? 1 : 2, ref * 7919)).as("ref " + ref).isEqualTo(ref % 3 != 0);
        }
        assertThat(books.orderCount()).isZero();
        assertThat(books.book(2).bidLevels() + books.book(2).askLevels()).isZero();
    }
}
