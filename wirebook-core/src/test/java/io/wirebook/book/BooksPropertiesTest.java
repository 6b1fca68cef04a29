package io.wirebook.book;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random operation sequences, valid and invalid, on two channels, with few reference numbers and prices so that
 * duplicates, unknown orders, the same reference on both channels, instruments of the other channel, wrong locates,
 * the order limit, shared levels and books deeper than {@link OrderBook#DEPTH} all happen often; now and then a channel
 * is cleared.
 */
class BooksPropertiesTest
{
    /** Locate 1 is channel 0's, 2 channel 1's, 3 the first to add to it takes. */
    private static final int MAX_LOCATE = 3;
    /** Locates tried: 0 and 4 are out of range; {@link #ORDERS_LOCATE} stands for the order's own. */
    private static final int LOCATES = 5;
    private static final int ORDERS_LOCATE = -1;
    private static final int CHANNELS = 2;
    private static final int ORDER_LIMIT = 40;

    enum Kind
    {
        ADD, EXECUTE, CANCEL, DELETE, REPLACE, CLEAR_CHANNEL
    }

    record Op(Kind kind, int channel, int locate, long ref, long newRef, byte side, long shares, long price)
    {
        /** The operation with the locate it names: the order's own, or 1 for an order that is not live. */
        Op resolved(final ReferenceBooks model)
        {
            if (locate != ORDERS_LOCATE)
            {
                return this;
            }
            final int own = model.locateOf(channel, ref);
            return new Op(kind, channel, own == 0 ? 1 : own, ref, newRef, side, shares, price);
        }

        boolean applyTo(final Books books)
        {
            books.channel(channel);
            return switch (kind)
            {
                case ADD -> books.add(locate, ref, side, shares, price);
                case EXECUTE -> books.execute(locate, ref, shares);
                case CANCEL -> books.cancel(locate, ref, shares);
                case DELETE -> books.delete(locate, ref);
                case REPLACE -> books.replace(locate, ref, newRef, shares, price);
                case CLEAR_CHANNEL ->
                {
                    books.clearChannel(channel);
                    yield true;
                }
            };
        }

        boolean applyTo(final ReferenceBooks model)
        {
            return switch (kind)
            {
                case ADD -> model.add(channel, locate, ref, side, shares, price);
                case EXECUTE, CANCEL -> model.reduce(channel, locate, ref, shares);
                case DELETE -> model.delete(channel, locate, ref);
                case REPLACE -> model.replace(channel, locate, ref, newRef, shares, price);
                case CLEAR_CHANNEL -> model.clearChannel(channel);
            };
        }
    }

    private static Books books()
    {
        final Books books = new Books(MAX_LOCATE, 4, CHANNELS);
        books.orderLimit(ORDER_LIMIT);
        for (int channel = 0; channel < CHANNELS; channel++)
        {
            books.channel(channel);
            books.open(1 + channel);
        }
        return books;
    }

    private static ReferenceBooks model()
    {
        final ReferenceBooks model = new ReferenceBooks(MAX_LOCATE, ORDER_LIMIT);
        for (int channel = 0; channel < CHANNELS; channel++)
        {
            model.open(channel, 1 + channel);
        }
        return model;
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        final Arbitrary<Kind> kind = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(Kind.ADD)),
            Tuple.of(2, Arbitraries.just(Kind.EXECUTE)),
            Tuple.of(2, Arbitraries.just(Kind.CANCEL)),
            Tuple.of(2, Arbitraries.just(Kind.DELETE)),
            Tuple.of(2, Arbitraries.just(Kind.REPLACE)),
            Tuple.of(1, Arbitraries.just(Kind.CLEAR_CHANNEL)));
        final Arbitrary<Op> op = Combinators.combine(
            kind,
            Arbitraries.integers().between(0, CHANNELS - 1),
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(ORDERS_LOCATE)),
                Tuple.of(1, Arbitraries.integers().between(0, LOCATES - 1))),
            Arbitraries.longs().between(0, 120).withDistribution(RandomDistribution.uniform()),
            Arbitraries.longs().between(0, 120).withDistribution(RandomDistribution.uniform()),
            Arbitraries.of((byte)'B', (byte)'S', (byte)'B', (byte)'S', (byte)'X'),
            Arbitraries.longs().between(0, 40),
            Arbitraries.longs().between(-1, 30).withDistribution(RandomDistribution.uniform()))
            .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(400).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 200)
    void agreesWithTheReferenceModelOnTheFullDepthAfterEveryOperation(@ForAll("operations") final List<Op> ops)
    {
        final Books books = books();
        final ReferenceBooks model = model();
        for (final Op unresolved : ops)
        {
            final Op op = unresolved.resolved(model);
            final boolean applied = op.applyTo(books);
            assertThat(applied).as("%s", op).isEqualTo(op.applyTo(model));
            for (int locate = 1; locate <= MAX_LOCATE; locate++)
            {
                assertThat(ReferenceBooks.depthOf(books, locate)).as("after %s", op).isEqualTo(model.depth(locate));
            }
            assertThat(books.orderCount()).isEqualTo(model.orderCount());
            assertThat(books.orderCount(0) + books.orderCount(1)).isEqualTo(books.orderCount());
        }
        long byReason = 0;
        for (int reason = 0; reason < Rejections.reasonCount(); reason++)
        {
            byReason += books.rejections().count(reason);
        }
        assertThat(byReason).isEqualTo(books.rejected());
    }

    @Property(tries = 200)
    void rejectedOperationsLeaveTheBooksUnchanged(@ForAll("operations") final List<Op> ops)
    {
        final Books books = books();
        final ReferenceBooks model = model();
        final int[] notifications = {0};
        books.listener(book -> notifications[0]++);
        for (final Op unresolved : ops)
        {
            final Op op = unresolved.resolved(model);
            op.applyTo(model);
            final List<ReferenceBooks.Depth> before = snapshot(books, Integer.MAX_VALUE);
            final long ordersBefore = books.orderCount();
            final long rejectedBefore = books.rejected();
            final int notificationsBefore = notifications[0];
            if (!op.applyTo(books))
            {
                assertThat(snapshot(books, Integer.MAX_VALUE)).as("after %s", op).isEqualTo(before);
                assertThat(books.orderCount()).isEqualTo(ordersBefore);
                assertThat(books.rejected()).isEqualTo(rejectedBefore + 1);
                assertThat(notifications[0]).isEqualTo(notificationsBefore);
            }
            else
            {
                assertThat(books.rejected()).isEqualTo(rejectedBefore);
            }
        }
    }

    @Property(tries = 200)
    void listenerFiresOnceIffTheTopTenChanged(@ForAll("operations") final List<Op> ops)
    {
        final Books books = books();
        final ReferenceBooks model = model();
        final List<Integer> notified = new ArrayList<>();
        books.listener(book -> notified.add(book.stockLocate()));
        for (final Op unresolved : ops)
        {
            final Op op = unresolved.resolved(model);
            op.applyTo(model);
            final List<ReferenceBooks.Depth> before = snapshot(books, OrderBook.DEPTH);
            notified.clear();
            op.applyTo(books);
            final List<ReferenceBooks.Depth> after = snapshot(books, OrderBook.DEPTH);
            final List<Integer> changed = new ArrayList<>();
            for (int locate = 1; locate <= MAX_LOCATE; locate++)
            {
                if (!before.get(locate - 1).equals(after.get(locate - 1)))
                {
                    changed.add(locate);
                }
            }
            assertThat(notified).as("after %s", op).isEqualTo(changed);
        }
    }

    private static List<ReferenceBooks.Depth> snapshot(final Books books, final int levels)
    {
        final List<ReferenceBooks.Depth> depths = new ArrayList<>();
        for (int locate = 1; locate <= MAX_LOCATE; locate++)
        {
            depths.add(ReferenceBooks.depthOf(books, locate).top(levels));
        }
        return depths;
    }
}
