package io.wirebook.feed;

import java.util.List;

import io.wirebook.binaryfile.BinaryFileHandler;
import io.wirebook.book.BookUpdater;
import io.wirebook.book.Rejections;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessage;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.SystemEvent;
import io.wirebook.mold.MoldMessageHandler;
import io.wirebook.mold.MoldPacket;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.stats.HostClock;
import io.wirebook.strategy.MarketEvent;
import org.agrona.DirectBuffer;

/**
 * One packet's way from the receive path to the books:
 * MoldUDP64 framing check → the channel's sequencer (both lines, request replies) → ITCH decode → book update →
 * latency stamp.
 *
 * <p>A packet whose framing is wrong is counted and dropped whole before any of its messages reaches a book.
 * A well-framed message the books refuse (an impossible order reference) is counted, changes nothing and is not
 * shown to the user's ITCH listener, which sees each accepted message after the books applied it.
 */
final class PacketProcessor implements DatagramHandler, MoldMessageHandler
{
    private final ChannelState[] channels;
    private final int[] flowChannel;
    private final int[] flowSource;
    private final MoldPacket packet = new MoldPacket();
    private final ItchReader reader = new ItchReader();
    private final SystemEvent systemEvent = new SystemEvent();
    private final BookUpdater books;
    /** The books' refusals: a message whose read adds one was refused. */
    private final Rejections rejections;
    private final MoldMessageHandler prefetcher;
    private final ItchListener userListener;
    /** Sees each applied message's bytes (the recorder), or null. */
    private final BinaryFileHandler recorder;
    private final ListenerGuard guard;
    /** What the strategy is told of each message, or null without a strategy. */
    private final MarketEvent event;

    private ChannelState current;
    private MoldPacket currentPacket;
    private long currentArrival;
    private long currentHandedOver;
    private boolean currentDelayed;
    /** A snapshot's messages go to the books, not to the live counts or the latency figures. */
    private boolean applyingSnapshot;
    /** Messages applied from the current packet: the channel's counter gains them once, when the packet is done. */
    private int appliedInPacket;

    /**
     * @param flows the channel and line of each flow index a path hands over; the indexes after them, one per
     *              channel, are the channels' request-server replies.
     */
    PacketProcessor(final ChannelState[] channels, final List<Flow> flows, final BookUpdater books,
        final ItchListener userListener, final BinaryFileHandler recorder, final ListenerGuard guard,
        final MarketEvent event)
    {
        this.event = event;
        this.channels = channels;
        this.books = books;
        this.rejections = books.books().rejections();
        this.prefetcher = books::prefetch;
        this.userListener = userListener;
        this.recorder = recorder;
        this.guard = guard;
        flowChannel = new int[flows.size() + channels.length];
        flowSource = new int[flowChannel.length];
        for (int i = 0; i < flows.size(); i++)
        {
            flowChannel[i] = flows.get(i).channel();
            flowSource[i] = flows.get(i).line();
        }
        for (int c = 0; c < channels.length; c++)
        {
            flowChannel[flows.size() + c] = c;
            flowSource[flows.size() + c] = ChannelSequencer.SOURCE_REQUEST;
        }
    }

    /** The flow index under which a channel's request-server replies come in. */
    int replyFlow(final int channel)
    {
        return flowChannel.length - channels.length + channel;
    }

    @Override
    public void onDatagram(
        final int flow, final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos)
    {
        final ChannelState state = channels[flowChannel[flow]];
        final FeedCounters counters = state.counters;
        counters.packets.incrementRelease();
        final long now = HostClock.nanos();
        if (state.firstPacketNanos == Long.MIN_VALUE)
        {
            state.firstPacketNanos = now;
        }
        state.lastPacketNanos = now;

        if (!packet.wrap(buffer, offset, length))
        {
            counters.malformedPackets.incrementRelease();
            counters.lastMalformedReason = MoldPacket.TRUNCATED_HEADER;
            return;
        }
        final int validation = packet.validate();
        if (validation != MoldPacket.VALID)
        {
            counters.malformedPackets.incrementRelease();
            counters.lastMalformedReason = validation;
            return;
        }
        if (packet.isHeartbeat())
        {
            counters.heartbeats.incrementRelease();
        }
        currentArrival = arrivalNanos;
        currentHandedOver = now;
        state.sequencer.onPacket(packet, flowSource[flow], now);
    }

    /**
     * Applies the packet's messages after the first {@code skip}, as the sequencer says. {@code delayed} messages
     * (held back by a gap, or sent by the request server) are timed in a histogram of their own.
     */
    void apply(final ChannelState state, final MoldPacket packet, final int skip, final boolean delayed)
    {
        current = state;
        currentPacket = packet;
        currentDelayed = delayed;
        books.channel(state.index);
        // First start loading every order the packet's messages refer to, so that their cache misses overlap; then
        // apply the messages in order.
        packet.forEachMessage(skip, prefetcher);
        packet.forEachMessage(skip, this);
        countApplied(state);
        if (packet.skippedUnknownTypes() != 0 || packet.skippedBadLengths() != 0)
        {
            state.counters.skippedUnknownTypes.getAndAddRelease(packet.skippedUnknownTypes());
            state.counters.skippedBadLengths.getAndAddRelease(packet.skippedBadLengths());
        }
    }

    /** Adds the messages applied from the current packet so far to the channel's counter. */
    private void countApplied(final ChannelState state)
    {
        if (appliedInPacket != 0)
        {
            state.counters.messages.getAndAddRelease(appliedInPacket);
            appliedInPacket = 0;
        }
    }

    /** One ITCH message of a snapshot: it goes to the books, not to the latency figures. */
    void applySnapshotMessage(final ChannelState state, final DirectBuffer buffer, final int offset,
        final int length)
    {
        current = state;
        books.channel(state.index);
        applyingSnapshot = true;
        onMessage(buffer, offset, length);
        applyingSnapshot = false;
    }

    /**
     * The channel's books start again: its session changed, or a snapshot replaces them. Order reference numbers
     * may start again, so the books of every instrument the channel carried are cleared.
     */
    void clearChannel(final ChannelState state)
    {
        state.counters.newSessions.incrementRelease();
        books.books().clearChannel(state.index);
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final long rejectedBefore = rejections.total();
        if (event != null)
        {
            describe(current);
        }
        reader.read(buffer, offset, length, books);
        final ChannelState state = current;
        if (rejections.total() != rejectedBefore)
        {
            return; // counted by the books, by channel and reason
        }
        if (buffer.getByte(offset) == ItchMessages.SYSTEM_EVENT)
        {
            onSystemEvent(buffer, offset);
        }
        if (applyingSnapshot)
        {
            state.counters.snapshotMessages.incrementRelease();
        }
        else
        {
            appliedInPacket++;
        }
        // Stamped as soon as the books hold the message: the user's listener is not part of the latency.
        if (state.recording && !applyingSnapshot)
        {
            final long now = HostClock.nanos();
            final long timestamp = ItchMessage.readTimestamp(buffer, offset);
            if (currentDelayed)
            {
                state.recoveredLatency.record(timestamp, HostClock.NO_STAMP, now);
            }
            else
            {
                state.latency.record(timestamp, currentArrival, now);
            }
            if (null != state.seconds)
            {
                state.seconds.record(now, currentDelayed ? -1 : HostClock.sinceItchTimestamp(now, timestamp));
            }
        }
        if (recorder != null)
        {
            recorder.onMessage(buffer, offset, length);
        }
        if (userListener != null)
        {
            try
            {
                reader.read(buffer, offset, length, userListener);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
    }

    /** Tells the strategy's event which message the books apply next. */
    private void describe(final ChannelState state)
    {
        final boolean live = !applyingSnapshot && !currentDelayed;
        event.set(state.index, applyingSnapshot ? MarketEvent.NO_SEQUENCE : currentPacket.deliveringSequenceNumber(),
            live ? currentArrival : HostClock.NO_STAMP, live ? currentHandedOver : HostClock.NO_STAMP,
            state.marketOpen && !state.marketClosed, live);
    }

    /** Start and End of Market Hours open and close the channel's measurement window. */
    private void onSystemEvent(final DirectBuffer buffer, final int offset)
    {
        systemEvent.wrap(buffer, offset);
        final byte code = systemEvent.eventCode();
        if (code == ItchMessages.EVENT_START_OF_MARKET_HOURS)
        {
            // The window counts from this message on: the packet's messages before it are counted before it opens.
            countApplied(current);
            current.openWindow(HostClock.nanos());
        }
        else if (code == ItchMessages.EVENT_END_OF_MARKET_HOURS)
        {
            countApplied(current);
            current.closeWindow(HostClock.nanos());
        }
    }
}
