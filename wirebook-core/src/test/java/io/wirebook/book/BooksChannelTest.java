package io.wirebook.book;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Several channels in one Books: none can touch another's instruments or orders, and each has its own limit. */
class BooksChannelTest
{
    private static final byte B = 'B';
    private static final byte S = 'S';

    private final List<Integer> notified = new ArrayList<>();
    private Books books;

    @BeforeEach
    void setUp()
    {
        books = new Books(10, 16, 3);
        books.listener(book -> notified.add(book.stockLocate()));
    }

    @Test
    void twoChannelsWithTheSameReferenceNumbersKeepSeparateOrders()
    {
        final long[] references = {0, 1, 2, 99, OrderIndex.MAX_COMPACT_REFERENCE, 1L << 39, Long.MAX_VALUE, -1L};
        for (final long reference : references)
        {
            books.channel(0);
            assertThat(books.add(1, reference, B, 100, 5_000)).as("ref %d on 0", reference).isTrue();
            books.channel(1);
            assertThat(books.add(2, reference, S, 200, 6_000)).as("ref %d on 1", reference).isTrue();
        }
        assertThat(books.orderCount()).isEqualTo(2L * references.length);
        assertThat(books.orderCount(0)).isEqualTo(references.length);
        assertThat(books.orderCount(1)).isEqualTo(references.length);

        for (final long reference : references)
        {
            books.channel(0);
            assertThat(books.execute(1, reference, 40)).isTrue();
            books.channel(1);
            assertThat(books.replace(2, reference, reference ^ 1L << 62, 150, 6_100)).isTrue();
        }
        assertThat(books.book(1).bidShares(0)).isEqualTo(60L * references.length);
        assertThat(books.book(1).bidPrice(0)).isEqualTo(5_000);
        assertThat(books.book(2).askShares(0)).isEqualTo(150L * references.length);
        assertThat(books.book(2).askPrice(0)).isEqualTo(6_100);

        books.channel(0);
        for (final long reference : references)
        {
            assertThat(books.delete(1, reference)).isTrue();
        }
        assertThat(books.book(1).bidLevels()).isZero();
        assertThat(books.book(2).askLevels()).isEqualTo(1);
        assertThat(books.orderCount()).isEqualTo(references.length);
        assertThat(books.rejected()).isZero();
    }

    @Test
    void aDeleteOnOneChannelForAnotherChannelsReferenceIsRefusedAndChangesNothing()
    {
        books.channel(0);
        books.add(1, 5, B, 100, 5_000);
        books.channel(1);
        books.open(2);
        notified.clear();
        final String before = books.book(1).toString();

        assertThat(books.delete(1, 5)).as("on channel 0's instrument").isFalse();
        assertThat(books.delete(2, 5)).as("on its own instrument").isFalse();
        assertThat(books.execute(1, 5, 10)).isFalse();
        assertThat(books.cancel(1, 5, 10)).isFalse();
        assertThat(books.replace(1, 5, 6, 10, 5_000)).isFalse();

        assertThat(books.book(1).toString()).isEqualTo(before);
        assertThat(books.orderCount()).isEqualTo(1);
        assertThat(notified).isEmpty();
        assertThat(books.rejections().count(Rejections.FOREIGN_LOCATE)).isEqualTo(4);
        assertThat(books.rejections().count(Rejections.UNKNOWN_REFERENCE)).isEqualTo(1);
        books.channel(0);
        assertThat(books.delete(1, 5)).isTrue();
    }

    @Test
    void anInstrumentBelongsToTheChannelThatFirstCarriedIt()
    {
        books.channel(0);
        assertThat(books.open(1)).isNotNull();          // by its Stock Directory
        assertThat(books.add(2, 1, B, 100, 5_000)).isTrue();   // by its first Add
        assertThat(books.book(1).channel()).isZero();
        assertThat(books.book(2).channel()).isZero();

        books.channel(1);
        assertThat(books.open(1)).isNull();
        assertThat(books.add(1, 7, B, 100, 5_000)).isFalse();
        assertThat(books.add(2, 7, S, 100, 5_100)).isFalse();
        assertThat(books.accepts(2)).as("a trade on channel 0's instrument").isFalse();
        assertThat(books.accepts(3)).as("an instrument nobody carried").isTrue();
        assertThat(books.accepts(0)).as("market-wide").isTrue();
        assertThat(books.rejections().count(Rejections.FOREIGN_LOCATE)).isEqualTo(4);
        assertThat(books.book(3)).as("accepting claims nothing").isNull();
        assertThat(books.book(2).askLevels()).isZero();
        assertThat(books.orderCount()).isEqualTo(1);

        // A refused Add claims nothing.
        books.orderLimit(0);
        assertThat(books.add(4, 1, B, 100, 5_000)).isFalse();
        assertThat(books.book(4)).isNull();
        books.channel(2);
        assertThat(books.open(4)).isNotNull();
        assertThat(books.book(4).channel()).isEqualTo(2);
    }

    @Test
    void aMessageMustNameItsOrdersLocate()
    {
        books.channel(0);
        books.open(2);
        books.add(1, 5, B, 100, 5_000);
        notified.clear();
        final String before = books.book(1).toString();

        assertThat(books.execute(2, 5, 10)).isFalse();
        assertThat(books.cancel(2, 5, 10)).isFalse();
        assertThat(books.delete(2, 5)).isFalse();
        assertThat(books.replace(2, 5, 6, 10, 5_000)).isFalse();
        assertThat(books.delete(0, 5)).isFalse();
        assertThat(books.delete(11, 5)).isFalse();

        assertThat(books.rejections().count(Rejections.LOCATE_MISMATCH)).isEqualTo(6);
        assertThat(books.book(1).toString()).isEqualTo(before);
        assertThat(books.book(2).bidLevels()).isZero();
        assertThat(books.orderCount()).isEqualTo(1);
        assertThat(notified).isEmpty();
        assertThat(books.execute(1, 5, 10)).isTrue();
    }

    @Test
    void eachChannelHoldsAtMostItsLimitOfLiveOrders()
    {
        assertThat(books.orderLimit()).isEqualTo(Books.DEFAULT_ORDER_LIMIT);
        books.orderLimit(3);
        books.channel(0);
        for (long reference = 1; reference <= 3; reference++)
        {
            assertThat(books.add(1, reference, B, 100, 5_000)).isTrue();
        }
        notified.clear();
        assertThat(books.add(1, 4, B, 100, 5_000)).isFalse();
        assertThat(books.rejections().count(Rejections.ORDER_LIMIT)).isEqualTo(1);
        assertThat(books.book(1).bidShares(0)).isEqualTo(300);
        assertThat(notified).isEmpty();

        assertThat(books.replace(1, 3, 4, 100, 5_000)).as("a replace adds no order").isTrue();
        books.channel(1);
        for (long reference = 1; reference <= 3; reference++)
        {
            assertThat(books.add(2, reference, B, 100, 5_000)).as("another channel's own limit").isTrue();
        }
        books.channel(0);
        assertThat(books.execute(1, 1, 100)).isTrue();
        assertThat(books.add(1, 5, B, 100, 5_000)).as("below the limit again").isTrue();
        assertThat(books.add(1, 6, B, 100, 5_000)).isFalse();
        books.clearInstrument(1);
        assertThat(books.orderCount(0)).isZero();
        assertThat(books.add(1, 6, B, 100, 5_000)).as("a cleared instrument frees its orders' room").isTrue();
        assertThat(books.rejections().count(Rejections.ORDER_LIMIT)).isEqualTo(2);
    }

    @Test
    void eachChannelsCountOfLiveOrdersHoldsAcrossChannelSwitchesAndClears()
    {
        books.channel(0);
        books.add(1, 1, B, 100, 5_000);
        books.add(1, 2, B, 100, 5_000);
        books.add(2, 3, S, 100, 6_000);
        books.channel(1);
        books.add(3, 1, B, 100, 5_000);
        assertThat(books.orderCount(0)).isEqualTo(3);
        assertThat(books.orderCount(1)).isEqualTo(1);

        books.clearInstrument(1);
        assertThat(books.orderCount(0)).as("another channel's instrument cleared").isEqualTo(1);
        assertThat(books.orderCount(1)).isEqualTo(1);
        books.channel(0);
        assertThat(books.orderCount(0)).isEqualTo(1);
        assertThat(books.delete(2, 3)).isTrue();
        assertThat(books.orderCount(0)).isZero();
        books.add(2, 4, S, 100, 6_000);
        books.channel(1);
        books.clearChannel(1);
        assertThat(books.orderCount(1)).as("the current channel cleared").isZero();
        assertThat(books.orderCount(0)).isEqualTo(1);
        assertThat(books.orderCount()).isEqualTo(1);

        books.orderLimit(1);
        assertThat(books.add(3, 2, B, 100, 5_000)).isTrue();
        assertThat(books.add(3, 3, B, 100, 5_000)).as("the limit counts the current channel's orders").isFalse();
        books.channel(0);
        assertThat(books.add(2, 5, S, 100, 6_000)).as("channel 0 is at its limit too").isFalse();
        books.clear();
        assertThat(books.orderCount(0)).isZero();
        assertThat(books.add(2, 5, S, 100, 6_000)).isTrue();
    }

    @Test
    void limitsTogetherStayWithinWhatTheIndexAddresses()
    {
        assertThat(new Books(10, 16, Books.MAX_CHANNELS).orderLimit()).isEqualTo(Books.MAX_ORDERS / Books.MAX_CHANNELS);
        assertThatIllegalArgumentException().isThrownBy(() -> books.orderLimit(Books.MAX_ORDERS / 3 + 1));
        assertThatIllegalArgumentException().isThrownBy(() -> books.orderLimit(-1));
        books.orderLimit(Books.MAX_ORDERS / 3);
        assertThatIllegalArgumentException().isThrownBy(() -> books.channel(3));
        assertThatIllegalArgumentException().isThrownBy(() -> books.channel(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Books(10, 16, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Books(10, 16, Books.MAX_CHANNELS + 1));
    }

    @Test
    void clearChannelEmptiesEveryBookOfThatChannelAndNoOther()
    {
        books.channel(0);
        for (long reference = 0; reference < 1_000; reference++)
        {
            final byte side = reference % 3 == 0 ? B : S;
            assertThat(books.add(1 + (int)(reference % 2), reference, side, 10, 5_000 + reference)).isTrue();
        }
        books.open(5);
        books.channel(1);
        for (long reference = 0; reference < 1_000; reference++)
        {
            assertThat(books.add(3, reference, B, 10, 5_000 + reference)).isTrue();
        }
        final String other = books.book(3).toString();
        notified.clear();

        books.clearChannel(0);

        assertThat(notified).containsExactlyInAnyOrder(1, 2);
        assertThat(books.book(1).bidLevels() + books.book(1).askLevels()).isZero();
        assertThat(books.book(2).bidLevels() + books.book(2).askLevels()).isZero();
        assertThat(books.book(3).toString()).isEqualTo(other);
        assertThat(books.orderCount(0)).isZero();
        assertThat(books.orderCount(1)).isEqualTo(1_000);
        assertThat(books.orderCount()).isEqualTo(1_000);

        // The instruments stay channel 0's: channel 1 cannot take them, channel 0 fills them again.
        assertThat(books.add(1, 5_000, B, 10, 5_000)).isFalse();
        assertThat(books.rejections().count(Rejections.FOREIGN_LOCATE)).isEqualTo(1);
        books.channel(0);
        assertThat(books.add(1, 0, B, 10, 5_000)).as("the same reference again").isTrue();
        assertThat(books.book(1).bidShares(0)).isEqualTo(10);
        books.channel(1);
        for (long reference = 0; reference < 1_000; reference++)
        {
            assertThat(books.delete(3, reference)).isTrue();
        }
        assertThat(books.orderCount()).isEqualTo(1);
    }

    @Test
    void clearInstrumentKeepsItsOwner()
    {
        books.channel(0);
        books.add(1, 1, B, 10, 5_000);
        books.clearInstrument(1);
        assertThat(books.orderCount()).isZero();
        assertThat(books.book(1).channel()).isZero();
        books.channel(1);
        assertThat(books.add(1, 1, B, 10, 5_000)).isFalse();
        assertThat(books.rejections().count(Rejections.FOREIGN_LOCATE)).isEqualTo(1);
        books.clear();
        assertThat(books.book(1).channel()).as("clear forgets owners").isEqualTo(-1);
        assertThat(books.add(1, 1, B, 10, 5_000)).isTrue();
        assertThat(books.book(1).channel()).isEqualTo(1);
    }

    @Test
    void aBookIsStaleWhileItsChannelIs()
    {
        books.channel(0);
        books.open(1);
        books.channel(1);
        books.open(2);
        assertThat(books.book(1).isStale()).isFalse();

        books.channelStale(0, true);
        assertThat(books.isChannelStale(0)).isTrue();
        assertThat(books.book(1).isStale()).isTrue();
        assertThat(books.book(2).isStale()).isFalse();

        books.channel(0);
        books.add(3, 1, B, 10, 5_000);
        assertThat(books.book(3).isStale()).as("an instrument the stale channel carries later").isTrue();
        books.clearChannel(0);
        assertThat(books.book(1).isStale()).as("clearing does not make a book right").isTrue();

        books.channelStale(0, false);
        assertThat(books.book(1).isStale()).isFalse();
        assertThat(books.book(3).isStale()).isFalse();
        books.channelStale(1, true);
        assertThat(books.book(2).isStale()).isTrue();
        assertThat(books.book(1).isStale()).isFalse();
    }

    @Test
    void everyRefusalIsCountedUnderItsReason()
    {
        books.channel(0);
        books.add(1, 1, B, 100, 5_000);
        books.add(0, 2, B, 100, 5_000);
        books.add(1, 2, (byte)'X', 100, 5_000);
        books.add(1, 2, B, 0, 5_000);
        books.add(1, 2, B, Books.MAX_SHARES + 1, 5_000);
        books.add(1, 2, B, 100, Books.MAX_PRICE + 1);
        books.replace(1, 1, 2, 100, -1);
        books.add(1, 1, B, 100, 5_000);
        books.delete(1, 9);
        books.execute(1, 1, 101);
        books.cancel(1, 1, 0);

        final Rejections rejections = books.rejections();
        final Map<String, Long> counters = new HashMap<>();
        rejections.putInto(counters);
        assertThat(counters).containsExactlyInAnyOrderEntriesOf(Map.of(
            "rejected.locate_out_of_range", 1L,
            "rejected.bad_side", 1L,
            "rejected.shares_out_of_range", 3L,
            "rejected.price_out_of_range", 2L,
            "rejected.duplicate_reference", 1L,
            "rejected.unknown_reference", 1L,
            "rejected.exceeds_remaining_shares", 1L,
            "rejected.foreign_locate", 0L,
            "rejected.locate_mismatch", 0L,
            "rejected.order_limit", 0L));
        assertThat(rejections.total()).isEqualTo(10).isEqualTo(books.rejected());

        final Set<String> names = new HashSet<>();
        for (int reason = 0; reason < Rejections.reasonCount(); reason++)
        {
            assertThat(Rejections.reasonName(reason)).matches("[a-z]+(_[a-z]+)*");
            names.add(Rejections.reasonName(reason));
        }
        assertThat(names).hasSize(Rejections.reasonCount());
    }
}
