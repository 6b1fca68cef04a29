package io.wirebook.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchWriter;
import io.wirebook.itch.OrderCancel;
import io.wirebook.itch.OrderDelete;
import io.wirebook.itch.OrderExecuted;
import io.wirebook.itch.OrderExecutedWithPrice;
import io.wirebook.itch.OrderReplace;
import io.wirebook.itch.StockDirectory;
import io.wirebook.mold.MoldMessageHandler;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The state a GLIMPSE snapshot carries, built by replaying a channel's {@link MessageStore}: every instrument its
 * Stock Directory messages announced, and every live order with its side, remaining shares and price.
 *
 * <p>It applies Add Order (A, F), Order Executed (E), Order Executed With Price (C), Order Cancel (X), Order
 * Delete (D) and Order Replace (U) as {@link io.wirebook.book.Books} does: a message that refers to no live order,
 * reduces by more shares than remain, or adds a reference already live is counted in {@link #anomalies()} and
 * changes nothing. It advances incrementally: {@link #applyUpTo} replays only the messages it has not seen.
 * Not thread-safe; the snapshot server serialises it.
 */
public final class SnapshotBuilder implements ItchListener
{
    private final ItchReader reader = new ItchReader();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MessageStore.MAX_MESSAGE_LENGTH]);
    private final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<byte[]> directories = new Int2ObjectHashMap<>();
    private final List<byte[]> directoryOrder = new ArrayList<>();
    private long applied;
    private long created;
    private long anomalies;

    /** Applies the store's messages after those already applied, up to {@code sequenceNumber}. */
    public void applyUpTo(final MessageStore store, final long sequenceNumber)
    {
        if (sequenceNumber > store.size())
        {
            throw new IllegalArgumentException("store holds " + store.size() + " messages, not " + sequenceNumber);
        }
        for (long next = applied + 1; next <= sequenceNumber; next++)
        {
            final int length = store.copy(next, scratch, 0);
            if (reader.read(scratch, 0, length, this) != ItchReader.OK)
            {
                anomalies++;
            }
        }
        applied = Math.max(applied, sequenceNumber);
    }

    /** The last sequence number applied: the snapshot is as of this message. */
    public long applied()
    {
        return applied;
    }

    public int liveOrders()
    {
        return orders.size();
    }

    public int instruments()
    {
        return directoryOrder.size();
    }

    /** Messages that changed nothing because they did not fit the state (see the class comment). */
    public long anomalies()
    {
        return anomalies;
    }

    /**
     * Hands over the snapshot's messages, each valid only during the call: the Stock Directory of every instrument
     * in the order they were announced, then an Add Order (A) for every live order, oldest first, so that orders at
     * one price keep their time priority.
     *
     * @return the number of messages.
     */
    public int forEachMessage(final MoldMessageHandler handler)
    {
        int count = 0;
        for (final byte[] directory : directoryOrder)
        {
            scratch.putBytes(0, directory);
            handler.onMessage(scratch, 0, directory.length);
            count++;
        }
        final List<Order> live = new ArrayList<>(orders.values());
        live.sort(Comparator.comparingLong(order -> order.created));
        for (final Order order : live)
        {
            final int length = ItchWriter.addOrder(
                scratch, 0, order.stockLocate, order.trackingNumber, order.timestamp, order.reference, order.side,
                order.shares, order.stock, order.price);
            handler.onMessage(scratch, 0, length);
            count++;
        }
        return count;
    }

    @Override
    public void onStockDirectory(final StockDirectory message)
    {
        final byte[] directory = new byte[ItchMessages.lengthOf(ItchMessages.STOCK_DIRECTORY)];
        message.buffer().getBytes(message.offset(), directory);
        final byte[] previous = directories.put(message.stockLocate(), directory);
        if (previous == null)
        {
            directoryOrder.add(directory);
        }
        else
        {
            // A repeated directory (an update of the instrument) replaces the old one in place.
            directoryOrder.set(directoryOrder.indexOf(previous), directory);
        }
    }

    @Override
    public void onAddOrder(final AddOrder message)
    {
        final long reference = message.orderReferenceNumber();
        final byte side = message.buySellIndicator();
        if (orders.containsKey(reference) || message.shares() == 0 ||
            (side != ItchMessages.BUY && side != ItchMessages.SELL))
        {
            anomalies++;
            return;
        }
        final Order order = new Order();
        order.reference = reference;
        order.stockLocate = message.stockLocate();
        order.stock = message.stock();
        order.side = side;
        order.shares = message.shares();
        order.price = message.price();
        stamp(order, message.trackingNumber(), message.timestamp());
        orders.put(reference, order);
    }

    @Override
    public void onOrderExecuted(final OrderExecuted message)
    {
        reduce(message.orderReferenceNumber(), message.executedShares());
    }

    @Override
    public void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
        // The execution price is a print; the order stays at its own price.
        reduce(message.orderReferenceNumber(), message.executedShares());
    }

    @Override
    public void onOrderCancel(final OrderCancel message)
    {
        reduce(message.orderReferenceNumber(), message.cancelledShares());
    }

    @Override
    public void onOrderDelete(final OrderDelete message)
    {
        if (orders.remove(message.orderReferenceNumber()) == null)
        {
            anomalies++;
        }
    }

    @Override
    public void onOrderReplace(final OrderReplace message)
    {
        final long originalReference = message.originalOrderReferenceNumber();
        final long newReference = message.newOrderReferenceNumber();
        final Order order = orders.get(originalReference);
        if (order == null || message.shares() == 0 ||
            (newReference != originalReference && orders.containsKey(newReference)))
        {
            anomalies++;
            return;
        }
        orders.remove(originalReference);
        order.reference = newReference;
        order.shares = message.shares();
        order.price = message.price();
        // The new order is a new arrival: it goes behind the orders already at its price.
        stamp(order, message.trackingNumber(), message.timestamp());
        orders.put(newReference, order);
    }

    private void reduce(final long reference, final long shares)
    {
        final Order order = orders.get(reference);
        if (order == null || shares == 0 || shares > order.shares)
        {
            anomalies++;
            return;
        }
        order.shares -= shares;
        if (order.shares == 0)
        {
            orders.remove(reference);
        }
    }

    private void stamp(final Order order, final int trackingNumber, final long timestamp)
    {
        order.trackingNumber = trackingNumber;
        order.timestamp = timestamp;
        order.created = created++;
    }

    private static final class Order
    {
        long reference;
        int stockLocate;
        long stock;
        byte side;
        long shares;
        long price;
        int trackingNumber;
        long timestamp;
        long created;
    }
}
