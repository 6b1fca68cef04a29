package io.wirebook.feed;

import io.wirebook.book.BookUpdater;
import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessage;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.OrderCancel;
import io.wirebook.itch.OrderDelete;
import io.wirebook.itch.OrderExecuted;
import io.wirebook.itch.OrderExecutedWithPrice;
import io.wirebook.itch.OrderReplace;
import io.wirebook.itch.StockDirectory;
import io.wirebook.itch.SystemEvent;
import io.wirebook.mold.MoldMessageHandler;
import io.wirebook.mold.MoldPacket;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.stats.HostClock;

import org.agrona.DirectBuffer;

/**
 * One packet's way from the receive path to the books:
 * MoldUDP64 framing check → sequencing → ITCH decode → book update → latency stamp.
 *
 * <p>A packet whose framing is wrong is counted and dropped whole before any of its messages reaches a book.
 * A well-framed message the books refuse (an impossible order reference) is counted, changes nothing and is not
 * shown to the user's ITCH listener, which sees each accepted message after the books applied it.
 */
final class PacketProcessor implements DatagramHandler, MoldMessageHandler, ItchListener
{
    private final ChannelState[] channels;
    private final MoldPacket packet = new MoldPacket();
    private final ItchReader reader = new ItchReader();
    private final BookUpdater books;
    private final MoldMessageHandler prefetcher;
    private final ItchListener userListener;

    private ChannelState current;
    private long currentArrival;

    PacketProcessor(final ChannelState[] channels, final BookUpdater books, final ItchListener userListener)
    {
        this.channels = channels;
        this.books = books;
        this.prefetcher = books::prefetch;
        this.userListener = userListener;
    }

    @Override
    public void onDatagram(
        final int channel, final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos)
    {
        final ChannelState state = channels[channel];
        final FeedCounters counters = state.counters;
        counters.packets++;
        final long now = HostClock.nanos();
        if (state.firstPacketNanos == Long.MIN_VALUE)
        {
            state.firstPacketNanos = now;
        }
        state.lastPacketNanos = now;

        if (!packet.wrap(buffer, offset, length))
        {
            counters.malformedPackets++;
            counters.lastMalformedReason = MoldPacket.TRUNCATED_HEADER;
            return;
        }
        final int validation = packet.validate();
        if (validation != MoldPacket.VALID)
        {
            counters.malformedPackets++;
            counters.lastMalformedReason = validation;
            return;
        }
        final long sessionsBefore = state.session.sessionChanges();
        final int skip = state.session.onPacket(packet);
        if (state.session.sessionChanges() != sessionsBefore)
        {
            newSession(state);
        }
        if (state.session.ended())
        {
            state.publishEnded();
        }
        if (skip < 0)
        {
            counters.publish();
            return;
        }
        if (packet.isHeartbeat())
        {
            counters.heartbeats++;
            counters.publish();
            return;
        }
        current = state;
        currentArrival = arrivalNanos;
        // First start loading every order the packet's messages refer to, so that their cache misses overlap; then
        // apply the messages in order.
        packet.forEachMessage(skip, prefetcher);
        packet.forEachMessage(skip, this);
        counters.publish();
    }

    /**
     * The exchange started a new session on this channel (a restart): order reference numbers start again, so the
     * books of every instrument the channel carried are cleared before the new session's messages apply.
     */
    private void newSession(final ChannelState state)
    {
        state.counters.newSessions++;
        final boolean[] instruments = state.instruments;
        for (int locate = 0; locate < instruments.length; locate++)
        {
            if (instruments[locate])
            {
                instruments[locate] = false;
                books.books().clearInstrument(locate);
            }
        }
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final long rejectedBefore = books.rejectedMessages();
        reader.read(buffer, offset, length, this);
        final ChannelState state = current;
        if (books.rejectedMessages() != rejectedBefore)
        {
            state.counters.rejectedMessages++;
            return;
        }
        // Stamped as soon as the books hold the message: the user's listener is not part of the latency.
        if (state.recording)
        {
            final long now = HostClock.nanos();
            state.counters.messages++;
            state.latency.record(ItchMessage.readTimestamp(buffer, offset), currentArrival, now);
        }
        if (userListener != null)
        {
            reader.read(buffer, offset, length, userListener);
        }
    }

    @Override
    public void onStockDirectory(final StockDirectory message)
    {
        // Opens the instrument's book now, ahead of its first order and outside any measured window.
        current.carried(message.stockLocate());
        books.onStockDirectory(message);
    }

    @Override
    public void onSystemEvent(final SystemEvent message)
    {
        final byte code = message.eventCode();
        if (code == ItchMessages.EVENT_START_OF_MARKET_HOURS)
        {
            current.openWindow(HostClock.nanos());
        }
        else if (code == ItchMessages.EVENT_END_OF_MARKET_HOURS)
        {
            current.closeWindow(HostClock.nanos());
        }
    }

    @Override
    public void onAddOrder(final AddOrder message)
    {
        current.carried(message.stockLocate());
        books.onAddOrder(message);
    }

    @Override
    public void onOrderExecuted(final OrderExecuted message)
    {
        books.onOrderExecuted(message);
    }

    @Override
    public void onOrderExecutedWithPrice(final OrderExecutedWithPrice message)
    {
        books.onOrderExecutedWithPrice(message);
    }

    @Override
    public void onOrderCancel(final OrderCancel message)
    {
        books.onOrderCancel(message);
    }

    @Override
    public void onOrderDelete(final OrderDelete message)
    {
        books.onOrderDelete(message);
    }

    @Override
    public void onOrderReplace(final OrderReplace message)
    {
        books.onOrderReplace(message);
    }
}
