package io.wirebook.feed;

import java.io.IOException;

import io.wirebook.book.Books;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.itch.ItchReader;
import io.wirebook.mold.MoldPacket;
import io.wirebook.recovery.RequestClient;
import io.wirebook.recovery.SnapshotClient;
import io.wirebook.recovery.SnapshotListener;
import io.wirebook.stats.HostClock;
import org.agrona.DirectBuffer;

/**
 * What one channel does when its {@link ChannelSequencer} asks: apply messages, ask the request server, load a
 * snapshot, clear or flag its books, and tell the user's {@link ChannelListener}. It also drives the sequencer's
 * timer and the recovery sockets from the poll loop; those sockets are read only while there is something to read.
 */
final class ChannelRecovery implements ChannelSequencer.Handler, SnapshotListener
{
    /** The longest recovery time the histogram holds. */
    static final long RECOVERY_HIGHEST_NANOS = 60_000_000_000L;
    /** How long after its last request the request socket is still read for late replies. */
    private static final long REPLY_LINGER_NANOS = 200_000_000L;

    private final ChannelState state;
    private final PacketProcessor processor;
    private final Books books;
    private final ChannelListener listener;
    private final ListenerGuard guard;
    private final RequestClient requests;
    private final SnapshotClient snapshots;
    private final int replyFlow;
    private final ChannelSequencer sequencer;
    private long lastRequestNanos = Long.MIN_VALUE / 2;
    private long snapshotMessages;

    /**
     * @param requests  the request server's client, or null.
     * @param snapshots the snapshot server's client, or null.
     * @param replyFlow the flow index the processor maps to this channel's request replies.
     */
    ChannelRecovery(final ChannelState state, final PacketProcessor processor, final Books books,
        final ChannelListener listener, final ListenerGuard guard, final RecoveryConfig config,
        final RequestClient requests, final SnapshotClient snapshots, final int replyFlow, final boolean twoLines,
        final HandlerCounters counters)
    {
        this.state = state;
        this.processor = processor;
        this.books = books;
        this.listener = listener;
        this.guard = guard;
        this.requests = requests;
        this.snapshots = snapshots;
        this.replyFlow = replyFlow;
        this.sequencer = new ChannelSequencer(config, this, requests != null, snapshots != null, twoLines, counters,
            state.index);
    }

    ChannelSequencer sequencer()
    {
        return sequencer;
    }

    /** The sequencer's timer, and the recovery sockets while they may hold something. */
    int doWork(final long now)
    {
        int work = sequencer.onTimer(now);
        if (requests != null && now - lastRequestNanos < REPLY_LINGER_NANOS)
        {
            work += requests.poll(processor, replyFlow);
        }
        if (snapshots != null && snapshots.active())
        {
            work += snapshots.poll(now, this);
        }
        return work;
    }

    @Override
    public void onMessages(final MoldPacket packet, final int skip, final int source, final boolean delayed)
    {
        processor.apply(state, packet, skip, delayed);
    }

    @Override
    public void onNewSession()
    {
        processor.clearChannel(state);
    }

    @Override
    public void onRequest(final byte[] session, final long sequenceNumber, final int count)
    {
        if (requests == null)
        {
            return;
        }
        lastRequestNanos = HostClock.nanos();
        // A request the kernel did not take is counted by the client; the sequencer's timer asks again.
        requests.request(session, sequenceNumber, count);
    }

    @Override
    public void onSnapshotNeeded()
    {
        if (snapshots != null)
        {
            snapshots.start(HostClock.nanos());
        }
    }

    @Override
    public void onStatus(final ChannelStatus from, final ChannelStatus to)
    {
        books.channelStale(state.index, to != ChannelStatus.SYNCED);
        state.status = to;
        if (listener != null)
        {
            try
            {
                listener.onStatus(state.index, from, to);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
    }

    @Override
    public void onGap(final long fromSequence, final long count)
    {
        if (listener != null)
        {
            try
            {
                listener.onGap(state.index, fromSequence, count);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
    }

    @Override
    public void onGapFilled(final long fromSequence, final long count, final long nanos)
    {
        state.recoveryTimes.recordValue(Math.max(0, Math.min(nanos, RECOVERY_HIGHEST_NANOS)));
        if (listener != null)
        {
            try
            {
                listener.onGapFilled(state.index, fromSequence, count, nanos);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
    }

    @Override
    public void onLost(final long fromSequence, final long count)
    {
        state.counters.lost.getAndAddRelease(count);
        if (listener != null)
        {
            try
            {
                listener.onLost(state.index, fromSequence, count);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
    }

    @Override
    public void onLine(final int line, final boolean up)
    {
        if (listener != null)
        {
            try
            {
                listener.onLine(state.index, line, up);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
    }

    @Override
    public void onEndOfSession()
    {
        state.publishEnded();
        if (listener != null)
        {
            try
            {
                listener.onEndOfSession(state.index);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
    }

    @Override
    public void onSnapshotStart(final byte[] session)
    {
        sequencer.onSnapshotSession(session, HostClock.nanos());
        processor.clearChannel(state);
    }

    @Override
    public void onSnapshotMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (ItchReader.check(buffer, offset, length) != ItchReader.OK)
        {
            state.counters.malformedPackets.incrementRelease();
            return;
        }
        snapshotMessages++;
        processor.applySnapshotMessage(state, buffer, offset, length);
    }

    @Override
    public void onSnapshotEnd(final long nextSequenceNumber)
    {
        sequencer.onSnapshotEnd(nextSequenceNumber, HostClock.nanos());
        if (listener != null)
        {
            try
            {
                listener.onSnapshotApplied(state.index, nextSequenceNumber, snapshotMessages);
            }
            catch (final Throwable t)
            {
                guard.onError(t);
            }
        }
        snapshotMessages = 0;
    }

    @Override
    public void onSnapshotFailed(final String reason)
    {
        snapshotMessages = 0;
        sequencer.onSnapshotFailed(HostClock.nanos());
        guard.report(new IllegalStateException("channel " + state.index + ": snapshot failed: " + reason));
    }

    long requestSendFailures()
    {
        return requests == null ? 0 : requests.sendFailures();
    }

    void close()
    {
        if (requests != null)
        {
            try
            {
                requests.close();
            }
            catch (final IOException ex)
            {
                guard.report(ex);
            }
        }
        if (snapshots != null)
        {
            snapshots.close();
        }
    }

}
