package io.wirebook.book;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The obvious model of {@link Books}: a map of orders and, per instrument and side, a TreeMap of price → orders.
 * Slow and simple, so that it can be trusted.
 */
final class ReferenceBooks
{
    record Order(int locate, byte side, long shares, long price)
    {
    }

    /** One level as the depth view shows it. */
    record Level(long price, long shares, int orders)
    {
    }

    /** Both sides of one book, best first. */
    record Depth(List<Level> bids, List<Level> asks)
    {
        Depth top(final int levels)
        {
            return new Depth(
                bids.subList(0, Math.min(levels, bids.size())), asks.subList(0, Math.min(levels, asks.size())));
        }
    }

    private final int maxLocate;
    private final Map<Long, Order> orders = new HashMap<>();

    ReferenceBooks(final int maxLocate)
    {
        this.maxLocate = maxLocate;
    }

    int orderCount()
    {
        return orders.size();
    }

    boolean add(final int locate, final long ref, final byte side, final long shares, final long price)
    {
        if (locate < 1 || locate > maxLocate || (side != 'B' && side != 'S') || shares <= 0 || price < 0 ||
            orders.containsKey(ref))
        {
            return false;
        }
        orders.put(ref, new Order(locate, side, shares, price));
        return true;
    }

    boolean reduce(final long ref, final long shares)
    {
        final Order order = orders.get(ref);
        if (order == null || shares <= 0 || shares > order.shares())
        {
            return false;
        }
        if (shares == order.shares())
        {
            orders.remove(ref);
        }
        else
        {
            orders.put(ref, new Order(order.locate(), order.side(), order.shares() - shares, order.price()));
        }
        return true;
    }

    boolean delete(final long ref)
    {
        return orders.remove(ref) != null;
    }

    boolean replace(final long ref, final long newRef, final long shares, final long price)
    {
        final Order order = orders.get(ref);
        if (order == null || shares <= 0 || price < 0 || (newRef != ref && orders.containsKey(newRef)))
        {
            return false;
        }
        orders.remove(ref);
        orders.put(newRef, new Order(order.locate(), order.side(), shares, price));
        return true;
    }

    Depth depth(final int locate)
    {
        final TreeMap<Long, long[]> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<Long, long[]> asks = new TreeMap<>();
        for (final Order order : orders.values())
        {
            if (order.locate() == locate)
            {
                final long[] level = (order.side() == 'B' ? bids : asks)
                    .computeIfAbsent(order.price(), p -> new long[2]);
                level[0] += order.shares();
                level[1]++;
            }
        }
        return new Depth(levels(bids), levels(asks));
    }

    /** The full depth Books shows for {@code locate}; an absent book shows as empty. */
    static Depth depthOf(final Books books, final int locate)
    {
        final OrderBook book = books.book(locate);
        final List<Level> bids = new ArrayList<>();
        final List<Level> asks = new ArrayList<>();
        if (book != null)
        {
            for (int i = 0; i < book.bidLevels(); i++)
            {
                bids.add(new Level(book.bidPrice(i), book.bidShares(i), book.bidOrders(i)));
            }
            for (int i = 0; i < book.askLevels(); i++)
            {
                asks.add(new Level(book.askPrice(i), book.askShares(i), book.askOrders(i)));
            }
        }
        return new Depth(bids, asks);
    }

    private static List<Level> levels(final TreeMap<Long, long[]> side)
    {
        final List<Level> levels = new ArrayList<>();
        side.forEach((price, level) -> levels.add(new Level(price, level[0], (int)level[1])));
        return levels;
    }
}
