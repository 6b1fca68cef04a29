package io.wirebook.book;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The obvious model of {@link Books}: a map of orders by channel and reference, the owner of each instrument and, per
 * instrument and side, a TreeMap of price → orders. Slow and simple, so that it can be trusted.
 */
final class ReferenceBooks
{
    record Order(int locate, byte side, long shares, long price)
    {
    }

    record Key(int channel, long ref)
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
    private final int orderLimit;
    private final Map<Key, Order> orders = new HashMap<>();
    private final Map<Integer, Integer> owners = new HashMap<>();

    ReferenceBooks(final int maxLocate, final int orderLimit)
    {
        this.maxLocate = maxLocate;
        this.orderLimit = orderLimit;
    }

    int orderCount()
    {
        return orders.size();
    }

    /** @return the locate of a live order, or 0. */
    int locateOf(final int channel, final long ref)
    {
        final Order order = orders.get(new Key(channel, ref));
        return order == null ? 0 : order.locate();
    }

    /** Gives the instrument to the channel unless another has it. */
    boolean open(final int channel, final int locate)
    {
        return owners.computeIfAbsent(locate, l -> channel) == channel;
    }

    boolean add(
        final int channel, final int locate, final long ref, final byte side, final long shares, final long price)
    {
        if (locate < 1 || locate > maxLocate || (side != 'B' && side != 'S') || shares <= 0 || price < 0 ||
            owners.getOrDefault(locate, channel) != channel || ordersOf(channel) >= orderLimit ||
            orders.containsKey(new Key(channel, ref)))
        {
            return false;
        }
        owners.put(locate, channel);
        orders.put(new Key(channel, ref), new Order(locate, side, shares, price));
        return true;
    }

    boolean reduce(final int channel, final int locate, final long ref, final long shares)
    {
        final Key key = new Key(channel, ref);
        final Order order = orders.get(key);
        if (order == null || order.locate() != locate || shares <= 0 || shares > order.shares())
        {
            return false;
        }
        if (shares == order.shares())
        {
            orders.remove(key);
        }
        else
        {
            orders.put(key, new Order(order.locate(), order.side(), order.shares() - shares, order.price()));
        }
        return true;
    }

    boolean delete(final int channel, final int locate, final long ref)
    {
        final Key key = new Key(channel, ref);
        final Order order = orders.get(key);
        if (order == null || order.locate() != locate)
        {
            return false;
        }
        orders.remove(key);
        return true;
    }

    boolean replace(
        final int channel, final int locate, final long ref, final long newRef, final long shares, final long price)
    {
        final Key key = new Key(channel, ref);
        final Key newKey = new Key(channel, newRef);
        final Order order = orders.get(key);
        if (order == null || order.locate() != locate || shares <= 0 || price < 0 ||
            (newRef != ref && orders.containsKey(newKey)))
        {
            return false;
        }
        orders.remove(key);
        orders.put(newKey, new Order(order.locate(), order.side(), shares, price));
        return true;
    }

    /** Removes every order of the channel; its instruments stay its own. */
    boolean clearChannel(final int channel)
    {
        orders.keySet().removeIf(key -> key.channel() == channel);
        return true;
    }

    private long ordersOf(final int channel)
    {
        return orders.keySet().stream().filter(key -> key.channel() == channel).count();
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
