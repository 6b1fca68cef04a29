package io.wirebook.feed;

import io.wirebook.book.Rejections;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.stats.HostClock;
import io.wirebook.stats.LatencyRecorder;
import io.wirebook.stats.SecondWindows;
import org.HdrHistogram.Histogram;

/**
 * Everything the feed handler keeps for one channel: its sequencer and recovery, its state, counters, latency
 * histograms and measurement window.
 *
 * <p>The correctness counters (the sequencer's: gaps, recovered, lost, duplicates, rejected) run for the life of
 * the handler. The measurement window is apart from them: it opens at the System Event "Start of Market Hours" (Q)
 * and closes at "End of Market Hours" (M), so the lab's warm-up before Q is not measured, and {@link #counters()},
 * the latency histograms and {@link #drops()} cover the window only. A feed that never sends Q is measured from its
 * first packet.
 */
public final class ChannelState
{
    final int index;
    final Channel channel;
    final FeedCounters counters;
    final LatencyRecorder latency = new LatencyRecorder();
    /** Messages applied late because a gap held them back, or sent by the request server: kept apart. */
    final LatencyRecorder recoveredLatency = new LatencyRecorder();
    /** The window's messages and latency second by second, or null when the handler was not asked for them. */
    final SecondWindows seconds;
    /** Gap detected → gap filled, per gap. */
    final Histogram recoveryTimes = new Histogram(ChannelRecovery.RECOVERY_HIGHEST_NANOS, 3);
    ChannelRecovery recovery;
    ChannelSequencer sequencer;
    volatile ChannelStatus status = ChannelStatus.INITIAL;
    boolean recording = true;
    long windowStartNanos = Long.MIN_VALUE;
    long windowEndNanos = Long.MIN_VALUE;
    long firstPacketNanos = Long.MIN_VALUE;
    long lastPacketNanos = Long.MIN_VALUE;
    private long duplicatesAtWindowStart;
    volatile boolean marketOpen;
    volatile boolean marketClosed;
    private volatile boolean ended;

    ChannelState(final int index, final Channel channel, final HandlerCounters handlerCounters,
        final Rejections rejections, final int secondWindows)
    {
        this.index = index;
        this.seconds = secondWindows > 0 ? new SecondWindows(secondWindows) : null;
        this.channel = channel;
        this.counters = new FeedCounters(handlerCounters, index, rejections);
    }

    void openWindow(final long nowNanos)
    {
        counters.openWindow();
        latency.reset();
        recoveredLatency.reset();
        if (null != seconds)
        {
            seconds.start(nowNanos);
        }
        duplicatesAtWindowStart = sequencer.duplicates();
        windowStartNanos = nowNanos;
        windowEndNanos = Long.MIN_VALUE;
        recording = true;
        marketOpen = true;
    }

    void closeWindow(final long nowNanos)
    {
        windowEndNanos = nowNanos;
        counters.closeWindow();
        recording = false;
        marketClosed = true;
    }

    public int index()
    {
        return index;
    }

    /** The channel's line-A group and port. */
    public Channel channel()
    {
        return channel;
    }

    /** Whether the channel's books can be trusted; safe to read from any thread. */
    public ChannelStatus status()
    {
        return status;
    }

    /** Counters of the measurement window. */
    public FeedCounters counters()
    {
        return counters;
    }

    public LatencyRecorder latency()
    {
        return latency;
    }

    /**
     * The measurement window second by second (messages applied, their latency), or null unless the handler was
     * built with {@code secondWindows}; read it after close.
     */
    public SecondWindows seconds()
    {
        return seconds;
    }

    /** Latency of the messages a gap held back or the request server sent, apart from {@link #latency()}. */
    public LatencyRecorder recoveredLatency()
    {
        return recoveredLatency;
    }

    /** Time from gap detected to gap filled, one value per gap, for the life of the handler. */
    public Histogram recoveryTimes()
    {
        return recoveryTimes;
    }

    /** How long after one line's copy of a packet the other line's came, per packet; read after close. */
    public Histogram lineSkew()
    {
        return sequencer.lineSkew();
    }

    /** The correctness counters, for the life of the handler. Read them on the poll thread or after close. */
    public Recovery recovery()
    {
        return new Recovery(this);
    }

    /** Messages lost for good inside the window. */
    public long drops()
    {
        return counters.lostInWindow();
    }

    /** Copies received of messages already applied, inside the window. */
    public long duplicates()
    {
        return sequencer.duplicates() - duplicatesAtWindowStart;
    }

    void publishEnded()
    {
        ended = true;
    }

    /** Whether the MoldUDP64 End of Session arrived (confirmed); safe to read from any thread. */
    public boolean ended()
    {
        return ended;
    }

    public boolean marketOpen()
    {
        return marketOpen;
    }

    public boolean marketClosed()
    {
        return marketClosed;
    }

    /** Window length in nanoseconds: Q to M, or first to last packet where the feed sent no Q/M. */
    public long windowNanos()
    {
        final long start = windowStartNanos();
        final long end = windowEndNanos();
        return start == Long.MIN_VALUE || end == Long.MIN_VALUE ? 0 : Math.max(0, end - start);
    }

    public long windowStartNanos()
    {
        return windowStartNanos != Long.MIN_VALUE ? windowStartNanos : firstPacketNanos;
    }

    public long windowEndNanos()
    {
        return windowEndNanos != Long.MIN_VALUE ? windowEndNanos : lastPacketNanos;
    }

    /**
     * A channel's correctness counters, read at one moment: monotonic for the life of the handler.
     *
     * @param gaps               gaps in the channel's sequence (numbers missing when later ones had arrived).
     * @param lineGapsA          times line A skipped numbers, whoever supplied them.
     * @param lineGapsB          times line B skipped numbers.
     * @param byLineA            messages line B missed that line A supplied.
     * @param byLineB            messages line A missed that line B supplied.
     * @param byRequest          messages the request server supplied.
     * @param bySnapshot         sequence numbers a snapshot stood in for (a late join's history included).
     * @param lost               messages lost for good.
     * @param duplicates         copies of messages already applied.
     * @param staleNanos         time the channel spent in any state but SYNCED.
     * @param requests           requests sent to the request server.
     * @param snapshots          snapshots applied.
     * @param snapshotFailures   snapshots that failed.
     * @param rejectedSession    packets of another session, outside a confirmed session change.
     * @param rejectedJump       jumps far ahead that nothing confirmed.
     * @param rejectedEndOfSession End of Session packets that nothing confirmed.
     * @param rejectedConflict   held packets dropped because another copy had other bytes.
     * @param unconfirmedDropped held packets nothing confirmed, passed by the stream.
     * @param unansweredClaims   claims of missing numbers the request server did not bear out.
     * @param reorderOverflow    packets not held because the reorder buffer was full.
     * @param snapshotsRequested snapshots the sequencer asked for (applied, failed or still loading).
     * @param ignoredClaims      heartbeat claims far ahead while the channel was catching up (expected ones).
     * @param requestSendFailures requests the request socket could not send.
     */
    public record Recovery(long gaps, long lineGapsA, long lineGapsB, long byLineA, long byLineB, long byRequest,
        long bySnapshot, long lost, long duplicates, long staleNanos, long requests, long snapshots,
        long snapshotFailures, long rejectedSession, long rejectedJump, long rejectedEndOfSession,
        long rejectedConflict, long unconfirmedDropped, long unansweredClaims, long reorderOverflow,
        long snapshotsRequested, long ignoredClaims, long requestSendFailures)
    {
        Recovery(final ChannelState state)
        {
            this(state.sequencer.gaps(), state.sequencer.lineGaps(0), state.sequencer.lineGaps(1),
                state.sequencer.filledByOtherLine(1), state.sequencer.filledByOtherLine(0),
                state.sequencer.byRequest(), state.sequencer.bySnapshot(), state.sequencer.messagesLost(),
                state.sequencer.duplicates(), state.sequencer.staleNanos(HostClock.nanos()),
                state.sequencer.requestsSent(), state.sequencer.snapshotsApplied(),
                state.sequencer.snapshotFailures(), state.sequencer.rejectedSession(),
                state.sequencer.rejectedJump(), state.sequencer.rejectedEndOfSession(),
                state.sequencer.rejectedConflict(), state.sequencer.unconfirmedDropped(),
                state.sequencer.unansweredClaims(), state.sequencer.reorderOverflow(),
                state.sequencer.snapshotsRequested(), state.sequencer.ignoredClaims(),
                state.recovery.requestSendFailures());
        }

        /** Messages recovered by any means. */
        public long recovered()
        {
            return byLineA + byLineB + byRequest + bySnapshot;
        }
    }
}
