package io.wirebook.feed;

import java.util.Arrays;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.mold.MoldPacket;
import io.wirebook.mold.MoldRequest;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Flow;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.AtomicCounter;

import static io.wirebook.mold.MoldUDP64.SESSION_LENGTH;

/**
 * One channel's MoldUDP64 sequencer: both lines and the request server's replies feed it, and it applies every
 * message exactly once, in sequence order, or tells the consumer it could not.
 *
 * <ul>
 * <li><b>Arbitration.</b> The first copy of a sequence number is applied, later copies are duplicates. A gap on one
 * line that the other line fills is not a loss.</li>
 * <li><b>Gaps.</b> Packets that start ahead of the expected number are held (a bounded {@link ReorderBuffer}). After
 * {@link RecoveryConfig#lineWaitNanos()} without the other line filling it, the request server is asked for the
 * missing range, in chunks of at most 0xFFFE, again on a timer; a gap too large, or one the server does not fill,
 * goes to a snapshot; without one, the messages are counted lost and the channel is {@link ChannelStatus#STALE}.</li>
 * <li><b>Hardening.</b> No single packet can move the stream. A packet ahead is applied only once confirmed (the
 * stream went on from it, the other line carried it, or the request server sent it). A packet further ahead than
 * {@link RecoveryConfig#windowMessages()} is only noted, until a second packet confirms the jump. A heartbeat's
 * claim of a higher sequence number only asks the request server. A new session is accepted only after the current
 * one's confirmed End of Session, starting at 1, or through a snapshot. End of Session takes effect once repeated or
 * seen on both lines.</li>
 * </ul>
 *
 * <p>It does no I/O and reads no clock: the caller passes the time, and the {@link Handler} applies messages,
 * sends requests and loads snapshots. It allocates nothing after construction.
 */
final class ChannelSequencer
{
    static final int SOURCE_LINE_A = Flow.LINE_A;
    static final int SOURCE_LINE_B = Flow.LINE_B;
    static final int SOURCE_REQUEST = 2;
    static final int SOURCE_SNAPSHOT = 3;
    private static final long NONE = -1;

    /** What the sequencer asks of the feed handler. */
    interface Handler
    {
        /** Apply the packet's messages after the first {@code skip}; {@code delayed} if a gap held them back. */
        void onMessages(MoldPacket packet, int skip, int source, boolean delayed);

        /** The channel moved to a new session: its books must be cleared. */
        void onNewSession();

        /** Ask the request server for {@code count} messages from {@code sequenceNumber}. */
        void onRequest(byte[] session, long sequenceNumber, int count);

        /** Load a snapshot: the sequencer holds the live feed until {@link #onSnapshotEnd} or a failure. */
        void onSnapshotNeeded();

        void onStatus(ChannelStatus from, ChannelStatus to);

        void onGap(long fromSequence, long count);

        void onGapFilled(long fromSequence, long count, long nanos);

        void onLost(long fromSequence, long count);

        void onLine(int line, boolean up);

        void onEndOfSession();
    }

    private final RecoveryConfig config;
    private final Handler handler;
    private final boolean requests;
    private final boolean snapshots;
    private final boolean twoLines;
    private final ReorderBuffer pending;
    private final AppliedRuns runs = new AppliedRuns();
    private final MoldPacket held = new MoldPacket();
    private final byte[] session = new byte[SESSION_LENGTH];
    private final long[] lineNext = {NONE, NONE};
    private final long[] lineLastNanos = {NONE, NONE};
    private final boolean[] lineUp = {false, false};
    /** How long after one line's copy of a packet the other line's copy came: what a gap waits for. */
    private final Histogram lineSkew = new Histogram(60_000_000_000L, 3);
    private long lastAppliedStart = NONE;
    private long lastAppliedNanos;
    private int lastAppliedSource;

    private boolean hasSession;
    private boolean ended;
    private long next;
    private ChannelStatus status = ChannelStatus.INITIAL;
    private long statusSinceNanos;

    private long gapFrom = NONE;
    private long gapSinceNanos;
    private long claimedNext = NONE;
    private boolean claimTrusted;
    private boolean gapAnnounced;
    private long requestFrom = NONE;
    private long requestSentNanos;
    private int requestAttempts;
    private boolean snapshotLoading;
    private long snapshotStartedNanos;
    private long snapshotRetryAtNanos = NONE;
    private boolean lost;

    private long farStart = NONE;
    private long farEnd;
    private int farSource;

    private int endOfSessionSeen;
    private int endOfSessionLines;
    private long endOfSessionSequence;
    private long nextLineCheckNanos;

    private final AtomicCounter gaps;
    /** Times each line skipped numbers, whoever supplied them. */
    private final AtomicCounter[] lineGaps;
    /** Messages each line supplied that the other missed. */
    private final AtomicCounter[] filledByOtherLine;
    private final AtomicCounter byRequest;
    private final AtomicCounter bySnapshot;
    private final AtomicCounter messagesLost;
    private final AtomicCounter duplicates;
    private final AtomicCounter staleNanos;
    private final AtomicCounter snapshotsRequested;
    private final AtomicCounter snapshotsApplied;
    private final AtomicCounter snapshotFailures;
    private final AtomicCounter requestsSent;
    private final AtomicCounter rejectedSession;
    private final AtomicCounter rejectedJump;
    private final AtomicCounter rejectedEndOfSession;
    private final AtomicCounter rejectedConflict;
    private final AtomicCounter unconfirmedDropped;
    private final AtomicCounter unansweredClaims;
    private final AtomicCounter ignoredClaims;
    private final AtomicCounter reorderOverflow;

    /**
     * @param requests  whether a request server is configured.
     * @param snapshots whether a snapshot server is configured.
     * @param twoLines  whether the channel has line B.
     */
    ChannelSequencer(final RecoveryConfig config, final Handler handler, final boolean requests,
        final boolean snapshots, final boolean twoLines)
    {
        this(config, handler, requests, snapshots, twoLines, HandlerCounters.inMemory(64), 0);
    }

    /** Counts in {@code counters} as channel {@code channel}'s {@code recovery.*} and {@code rejected.*}. */
    ChannelSequencer(final RecoveryConfig config, final Handler handler, final boolean requests,
        final boolean snapshots, final boolean twoLines, final HandlerCounters counters, final int channel)
    {
        gaps = counters.channel(channel, "recovery.gaps");
        byRequest = counters.channel(channel, "recovery.by_rerequest");
        bySnapshot = counters.channel(channel, "recovery.by_snapshot");
        messagesLost = counters.channel(channel, "recovery.messages_lost");
        duplicates = counters.channel(channel, "recovery.duplicates");
        staleNanos = counters.channel(channel, "recovery.stale_ns_total");
        snapshotsRequested = counters.channel(channel, "recovery.snapshots_requested");
        snapshotsApplied = counters.channel(channel, "recovery.snapshots");
        snapshotFailures = counters.channel(channel, "recovery.snapshot_failures");
        requestsSent = counters.channel(channel, "recovery.requests");
        rejectedSession = counters.channel(channel, "rejected.session_mismatch");
        rejectedJump = counters.channel(channel, "rejected.unconfirmed_jump");
        rejectedEndOfSession = counters.channel(channel, "rejected.unconfirmed_end_of_session");
        rejectedConflict = counters.channel(channel, "rejected.conflicting_copy");
        unconfirmedDropped = counters.channel(channel, "recovery.unconfirmed_dropped");
        unansweredClaims = counters.channel(channel, "recovery.unanswered_claims");
        ignoredClaims = counters.channel(channel, "recovery.ignored_claims");
        reorderOverflow = counters.channel(channel, "recovery.reorder_overflow");
        lineGaps = new AtomicCounter[] {
            counters.channel(channel, "recovery.line_gaps_a"), counters.channel(channel, "recovery.line_gaps_b")};
        filledByOtherLine = new AtomicCounter[] {
            counters.channel(channel, "recovery.by_line_a"), counters.channel(channel, "recovery.by_line_b")};
        this.config = config;
        this.handler = handler;
        this.requests = requests;
        this.snapshots = snapshots;
        this.twoLines = twoLines;
        this.pending = new ReorderBuffer(config.reorderPackets(), config.reorderBytes());
    }

    /** Takes one validated packet from a line or from the request server. */
    void onPacket(final MoldPacket packet, final int source, final long now)
    {
        if (source != SOURCE_REQUEST)
        {
            lineLastNanos[source] = now;
            if (!lineUp[source])
            {
                lineUp[source] = true;
                handler.onLine(source, true);
            }
        }
        if (!hasSession)
        {
            if (source == SOURCE_REQUEST || packet.isEndOfSession())
            {
                return;
            }
            adopt(packet, now);
        }
        else if (!packet.sessionEquals(session))
        {
            if (ended && source != SOURCE_REQUEST && packet.sequenceNumber() == 1 && !packet.isEndOfSession())
            {
                newSession(packet, now);
            }
            else
            {
                rejectedSession.incrementRelease();
                return;
            }
        }

        final long start = packet.sequenceNumber();
        final int count = packet.messageCount();
        if (count == MoldUDP64.HEARTBEAT_COUNT)
        {
            onHeartbeat(start, source);
            return;
        }
        if (count == MoldUDP64.END_OF_SESSION_COUNT)
        {
            onEndOfSession(start, source, now);
            return;
        }
        final long end = start + count;
        if (source != SOURCE_REQUEST)
        {
            lineAdvanced(source, start, end);
        }
        if (endOfSessionSeen > 0 && end > endOfSessionSequence)
        {
            // The stream goes on past a lone End of Session: that one was not the exchange's.
            rejectedEndOfSession.incrementRelease();
            endOfSessionSeen = 0;
        }
        if (end <= next)
        {
            duplicates.getAndAddRelease(count);
            if (start == lastAppliedStart && source != lastAppliedSource && source != SOURCE_REQUEST)
            {
                lineSkew.recordValue(
                    Math.max(0, Math.min(now - lastAppliedNanos, lineSkew.getHighestTrackableValue())));
                lastAppliedStart = NONE;
            }
            return;
        }
        if (start <= next && !snapshotLoading)
        {
            lastAppliedStart = start;
            lastAppliedNanos = now;
            lastAppliedSource = source;
            final int skip = (int)(next - start);
            duplicates.getAndAddRelease(skip);
            apply(packet, skip, source, source == SOURCE_REQUEST);
            if (!pending.isEmpty())
            {
                drain();
            }
            if (gapFrom != NONE || !pending.isEmpty())
            {
                checkGap(now);
            }
            return;
        }
        if (start - next > config.windowMessages() && !snapshotLoading)
        {
            onFarJump(packet, source, now);
            return;
        }
        final int held = pending.insert(packet, source, source == SOURCE_REQUEST);
        if (held == ReorderBuffer.FULL)
        {
            reorderOverflow.incrementRelease();
        }
        else if (held == ReorderBuffer.CONFLICT)
        {
            // Two copies of these numbers disagree: the numbers up to their end are missing until the server says.
            rejectedConflict.incrementRelease();
            trustClaim(end, now);
        }
        if (pending.headStart() <= next && !snapshotLoading)
        {
            drain();
        }
        checkGap(now);
    }

    /**
     * Does what is due at {@code now}: asks for a gap, gives up on one, notices a silent line. Cheap when the
     * channel is in sync.
     *
     * @return 1 if it did anything, else 0.
     */
    int onTimer(final long now)
    {
        int work = 0;
        if (now - nextLineCheckNanos >= 0)
        {
            nextLineCheckNanos = now + config.lineTimeoutNanos() / 4;
            work += checkLines(now);
        }
        if (snapshotRetryAtNanos != NONE && now - snapshotRetryAtNanos >= 0)
        {
            snapshotRetryAtNanos = NONE;
            startSnapshot(now);
            return 1;
        }
        if (gapFrom == NONE || snapshotLoading)
        {
            return work;
        }
        final long missingEnd = suspectMissingEnd();
        if (missingEnd <= next)
        {
            checkGap(now);
            return 1;
        }
        if (now - gapSinceNanos < config.lineWaitNanos())
        {
            return work;
        }
        final boolean claimOnly = !gapAnnounced;
        if (requests && (missingEnd - next <= config.maxRequestMessages() || !snapshots))
        {
            if (requestFrom != next)
            {
                requestFrom = next;
                requestAttempts = 0;
            }
            if (requestAttempts == 0 || now - requestSentNanos >= config.requestTimeoutNanos())
            {
                if (requestAttempts < config.requestAttempts())
                {
                    final int count = (int)Math.min(missingEnd - next, MoldRequest.MAX_REQUEST_COUNT);
                    requestAttempts++;
                    requestsSent.incrementRelease();
                    requestSentNanos = now;
                    handler.onRequest(session, next, count);
                    return 1;
                }
                giveUp(claimOnly, now);
                return 1;
            }
            return work;
        }
        giveUp(claimOnly, now);
        return 1;
    }

    /** The snapshot's login was accepted, for this session; a different session replaces the current one. */
    void onSnapshotSession(final byte[] snapshotSession, final long now)
    {
        if (!hasSession || !Arrays.equals(session, 0, SESSION_LENGTH, snapshotSession, 0, SESSION_LENGTH))
        {
            System.arraycopy(snapshotSession, 0, session, 0, SESSION_LENGTH);
            hasSession = true;
            ended = false;
            pending.clear();
            runs.clear();
            next = 1;
        }
    }

    /** The snapshot is applied: the live feed continues at {@code nextSequenceNumber}. */
    void onSnapshotEnd(final long nextSequenceNumber, final long now)
    {
        snapshotLoading = false;
        snapshotsApplied.incrementRelease();
        if (nextSequenceNumber > next)
        {
            bySnapshot.getAndAddRelease(nextSequenceNumber - next);
            runs.add(next, nextSequenceNumber, SOURCE_SNAPSHOT);
        }
        next = nextSequenceNumber;
        lost = false;
        requestFrom = NONE;
        if (!pending.isEmpty())
        {
            drain();
        }
        if (gapFrom == NONE)
        {
            gapFrom = next;
            gapSinceNanos = snapshotStartedNanos;
        }
        checkGap(now);
        if (gapFrom == NONE)
        {
            setStatus(ChannelStatus.SYNCED, now);
        }
    }

    /** The snapshot failed; another is tried after {@link RecoveryConfig#snapshotRetryNanos()}. */
    void onSnapshotFailed(final long now)
    {
        snapshotLoading = false;
        snapshotFailures.incrementRelease();
        snapshotRetryAtNanos = now + config.snapshotRetryNanos();
    }

    private void adopt(final MoldPacket packet, final long now)
    {
        packet.copySession(session);
        hasSession = true;
        ended = false;
        // With a request or snapshot server, a receiver that joins late fills the history it missed.
        next = requests || snapshots ? 1 : packet.sequenceNumber();
        setStatus(next < packet.sequenceNumber() ? ChannelStatus.GAP : ChannelStatus.SYNCED, now);
        if (snapshots && packet.sequenceNumber() > 1)
        {
            // A late join: a snapshot is one round trip, replaying the history could be millions of messages.
            startSnapshot(now);
        }
    }

    private void newSession(final MoldPacket packet, final long now)
    {
        packet.copySession(session);
        ended = false;
        next = 1;
        pending.clear();
        runs.clear();
        lineNext[0] = NONE;
        lineNext[1] = NONE;
        claimedNext = NONE;
        claimTrusted = false;
        gapAnnounced = false;
        gapFrom = NONE;
        farStart = NONE;
        endOfSessionSeen = 0;
        lost = false;
        handler.onNewSession();
        setStatus(ChannelStatus.SYNCED, now);
    }

    private void apply(final MoldPacket packet, final int skip, final int source, final boolean delayed)
    {
        final long from = packet.sequenceNumber() + skip;
        final long end = packet.sequenceNumber() + packet.messageCount();
        handler.onMessages(packet, skip, source, delayed);
        if (source == SOURCE_REQUEST)
        {
            byRequest.getAndAddRelease(end - from);
            if (!gapAnnounced && gapFrom != NONE)
            {
                // A heartbeat said numbers were missing and the server bears it out.
                announceGap(end, statusSinceNanos);
            }
        }
        else if (twoLines && !delayed)
        {
            // The other line already went past these numbers without carrying them: this line filled its gap. (A
            // held packet may have come on both lines while it waited, so only packets straight off a line count.)
            final long otherNext = lineNext[source ^ 1];
            if (otherNext != NONE && otherNext > from)
            {
                filledByOtherLine[source ^ 1].getAndAddRelease(Math.min(end, otherNext) - from);
            }
        }
        runs.add(from, end, source);
        next = end;
    }

    private void drain()
    {
        boolean appliedHeld = false;
        while (!pending.isEmpty())
        {
            if (pending.headEnd() <= next)
            {
                unconfirmedDropped.getAndAddRelease(pending.discardBelow(next));
                continue;
            }
            if (pending.headStart() > next)
            {
                return;
            }
            if (!pending.headConfirmed() && !(appliedHeld && pending.headChained() && pending.headStart() == next))
            {
                return;
            }
            pending.wrapHead(held);
            apply(held, (int)(next - pending.headStart()), pending.headSource(), true);
            pending.removeHead();
            appliedHeld = true;
        }
    }

    /**
     * Where the first run of numbers known to be missing ends ({@link #next} when none is): numbers before a
     * confirmed held packet, or before a confirmed End of Session's sequence number.
     */
    private long knownMissingEnd()
    {
        if (!pending.isEmpty())
        {
            final long confirmedStart = pending.firstConfirmedStart(NONE);
            if (confirmedStart != NONE && confirmedStart > next)
            {
                return confirmedStart;
            }
        }
        return claimTrusted && claimedNext > next ? claimedNext : next;
    }

    /**
     * Where the numbers worth asking the request server for end: those known missing, else those a heartbeat
     * claimed or an unconfirmed packet at the head of the stream holds. A lone packet further ahead is not
     * evidence: it could be forged, and the stream reaches it anyway.
     */
    private long suspectMissingEnd()
    {
        final long known = knownMissingEnd();
        if (known > next)
        {
            return known;
        }
        if (!pending.isEmpty() && pending.headStart() <= next)
        {
            return pending.headEnd();
        }
        return claimedNext != NONE && claimedNext > next ? claimedNext : next;
    }

    /** Opens a gap when numbers are missing, closes it when they no longer are. */
    private void checkGap(final long now)
    {
        final long suspectEnd = suspectMissingEnd();
        if (suspectEnd > next)
        {
            if (gapFrom == NONE)
            {
                gapFrom = next;
                gapSinceNanos = now;
                requestFrom = NONE;
            }
            final long knownEnd = knownMissingEnd();
            if (knownEnd > next)
            {
                announceGap(knownEnd, now);
            }
        }
        else if (gapFrom != NONE)
        {
            final long from = gapFrom;
            gapFrom = NONE;
            requestFrom = NONE;
            if (claimedNext != NONE && claimedNext <= next)
            {
                claimedNext = NONE;
                claimTrusted = false;
            }
            if (gapAnnounced)
            {
                gapAnnounced = false;
                handler.onGapFilled(from, next - from, now - gapSinceNanos);
            }
            if (!snapshotLoading)
            {
                setStatus(lost ? ChannelStatus.STALE : ChannelStatus.SYNCED, now);
            }
        }
    }

    /** Evidence that the stream reaches at least {@code end}: what is missing before it is asked for. */
    private void trustClaim(final long end, final long now)
    {
        if (claimedNext == NONE || end > claimedNext)
        {
            claimedNext = end;
        }
        claimTrusted = true;
        checkGap(now);
    }

    /** Numbers up to {@code missingEnd} are known to be missing: count the gap once and tell the consumer. */
    private void announceGap(final long missingEnd, final long now)
    {
        if (!gapAnnounced)
        {
            gapAnnounced = true;
            gaps.incrementRelease();
            handler.onGap(gapFrom, missingEnd - gapFrom);
        }
        if (status == ChannelStatus.SYNCED)
        {
            setStatus(ChannelStatus.GAP, now);
        }
    }

    private void giveUp(final boolean claimOnly, final long now)
    {
        if (claimOnly)
        {
            // Only a heartbeat or a lone packet said numbers were missing, and the server sent none: not the
            // exchange's word. Nothing is lost; the stream goes on as it was.
            unansweredClaims.incrementRelease();
            claimedNext = NONE;
            if (!pending.isEmpty() && pending.headStart() <= next && !pending.headConfirmed())
            {
                if (requests)
                {
                    pending.removeHead();
                    unconfirmedDropped.incrementRelease();
                }
                else
                {
                    // No server to ask: a packet that waited this long at the head of the stream is taken as is.
                    pending.wrapHead(held);
                    apply(held, (int)(next - pending.headStart()), pending.headSource(), true);
                    pending.removeHead();
                    drain();
                }
            }
            requestFrom = NONE;
            gapFrom = NONE;
            checkGap(now);
            return;
        }
        if (snapshots)
        {
            startSnapshot(now);
            return;
        }
        final long missingEnd = suspectMissingEnd();
        final long from = next;
        messagesLost.getAndAddRelease(missingEnd - from);
        lost = true;
        handler.onLost(from, missingEnd - from);
        next = missingEnd;
        runs.clear();
        claimTrusted = false;
        drain();
        checkGap(now);
        if (gapFrom == NONE)
        {
            setStatus(ChannelStatus.STALE, now);
        }
    }

    private void startSnapshot(final long now)
    {
        if (snapshotLoading)
        {
            return;
        }
        snapshotLoading = true;
        snapshotStartedNanos = now;
        snapshotsRequested.incrementRelease();
        if (gapFrom == NONE)
        {
            gapFrom = next;
            gapSinceNanos = now;
        }
        setStatus(ChannelStatus.RECOVERING, now);
        handler.onSnapshotNeeded();
    }

    private void onHeartbeat(final long nextSequenceNumber, final int source)
    {
        if (source != SOURCE_REQUEST)
        {
            lineAdvanced(source, nextSequenceNumber, nextSequenceNumber);
        }
        endOfSessionSeen = 0;
        if (ended || nextSequenceNumber <= next)
        {
            return;
        }
        if (nextSequenceNumber - next > config.windowMessages())
        {
            // A joiner far behind expects this; a channel in sync does not.
            if (status == ChannelStatus.SYNCED)
            {
                rejectedJump.incrementRelease();
            }
            else
            {
                ignoredClaims.incrementRelease();
            }
            return;
        }
        if (claimedNext == NONE || nextSequenceNumber > claimedNext)
        {
            claimedNext = nextSequenceNumber;
        }
        if (gapFrom == NONE)
        {
            gapFrom = next;
            gapSinceNanos = lineLastNanos[source];
            requestFrom = NONE;
        }
    }

    private void onEndOfSession(final long nextSequenceNumber, final int source, final long now)
    {
        if (ended)
        {
            return;
        }
        if (endOfSessionSeen == 0 || nextSequenceNumber != endOfSessionSequence)
        {
            if (endOfSessionSeen > 0)
            {
                rejectedEndOfSession.incrementRelease();
            }
            endOfSessionSeen = 0;
            endOfSessionLines = 0;
            endOfSessionSequence = nextSequenceNumber;
        }
        endOfSessionSeen++;
        endOfSessionLines |= 1 << source;
        if (endOfSessionSeen >= config.endOfSessionRepeats() || endOfSessionLines == 0b11)
        {
            ended = true;
            if (nextSequenceNumber > next)
            {
                trustClaim(nextSequenceNumber, now);
            }
            handler.onEndOfSession();
        }
    }

    private void onFarJump(final MoldPacket packet, final int source, final long now)
    {
        final long start = packet.sequenceNumber();
        final long end = start + packet.messageCount();
        final boolean confirmed = farStart != NONE && (start == farEnd || (start == farStart && source != farSource));
        if (!confirmed)
        {
            if (farStart != NONE)
            {
                rejectedJump.incrementRelease();
            }
            farStart = start;
            farEnd = end;
            farSource = source;
            return;
        }
        farStart = NONE;
        if (gapFrom == NONE)
        {
            gapFrom = next;
            gapSinceNanos = now;
            requestFrom = NONE;
        }
        announceGap(start, now);
        if (snapshots)
        {
            startSnapshot(now);
            pending.insert(packet, source, false);
            return;
        }
        // No snapshot to fill this much: the numbers up to the jump are lost, and the stream goes on from it.
        messagesLost.getAndAddRelease(start - next);
        lost = true;
        handler.onLost(next, start - next);
        next = start;
        pending.clear();
        runs.clear();
        gapFrom = NONE;
        setStatus(ChannelStatus.STALE, now);
    }

    /** A line delivered [start, end): count the numbers it skipped, and whichever other line had supplied them. */
    private void lineAdvanced(final int line, final long start, final long end)
    {
        final long expected = lineNext[line];
        if (expected != NONE && start > expected)
        {
            lineGaps[line].incrementRelease();
            if (twoLines)
            {
                final long appliedEnd = Math.min(start, next);
                if (appliedEnd > expected)
                {
                    filledByOtherLine[line].getAndAddRelease(runs.countFrom(expected, appliedEnd, line ^ 1));
                }
            }
        }
        if (expected == NONE || end > expected)
        {
            lineNext[line] = end;
        }
    }

    private int checkLines(final long now)
    {
        int work = 0;
        for (int line = 0; line < (twoLines ? 2 : 1); line++)
        {
            if (lineUp[line] && now - lineLastNanos[line] > config.lineTimeoutNanos())
            {
                lineUp[line] = false;
                handler.onLine(line, false);
                work++;
            }
        }
        return work;
    }

    private void setStatus(final ChannelStatus to, final long now)
    {
        final ChannelStatus from = status;
        if (from == to)
        {
            return;
        }
        if (from != ChannelStatus.SYNCED && from != ChannelStatus.INITIAL)
        {
            staleNanos.getAndAddRelease(now - statusSinceNanos);
        }
        status = to;
        statusSinceNanos = now;
        handler.onStatus(from, to);
    }

    ChannelStatus status()
    {
        return status;
    }

    long nextSequenceNumber()
    {
        return next;
    }

    boolean hasSession()
    {
        return hasSession;
    }

    boolean ended()
    {
        return ended;
    }

    void copySession(final byte[] dst)
    {
        System.arraycopy(session, 0, dst, 0, SESSION_LENGTH);
    }

    /** Gaps in the channel's sequence: numbers missing when later ones had arrived on every line that carried them. */
    long gaps()
    {
        return gaps.get();
    }

    /** Times the line skipped numbers, whoever supplied them. */
    long lineGaps(final int line)
    {
        return lineGaps[line].get();
    }

    /** Messages that {@code line} missed and the other line supplied. */
    long filledByOtherLine(final int line)
    {
        return filledByOtherLine[line].get();
    }

    long byRequest()
    {
        return byRequest.get();
    }

    long bySnapshot()
    {
        return bySnapshot.get();
    }

    long messagesLost()
    {
        return messagesLost.get();
    }

    long duplicates()
    {
        return duplicates.get();
    }

    /** Time spent in any state but SYNCED (INITIAL aside), up to {@code now}. */
    long staleNanos(final long now)
    {
        return staleNanos.get() + (status != ChannelStatus.SYNCED && status != ChannelStatus.INITIAL ?
            now - statusSinceNanos : 0);
    }

    long requestsSent()
    {
        return requestsSent.get();
    }

    long snapshotsRequested()
    {
        return snapshotsRequested.get();
    }

    long snapshotsApplied()
    {
        return snapshotsApplied.get();
    }

    long snapshotFailures()
    {
        return snapshotFailures.get();
    }

    /** Packets of another session than the current one, outside a confirmed session change. */
    long rejectedSession()
    {
        return rejectedSession.get();
    }

    /** Jumps beyond the window (heartbeat claims or packets) that nothing confirmed. */
    long rejectedJump()
    {
        return rejectedJump.get();
    }

    /** End of Session packets that nothing confirmed. */
    long rejectedEndOfSession()
    {
        return rejectedEndOfSession.get();
    }

    /** Held packets dropped because another copy with the same numbers had other bytes. */
    long rejectedConflict()
    {
        return rejectedConflict.get();
    }

    /** Held packets that nothing confirmed and that the stream passed. */
    long unconfirmedDropped()
    {
        return unconfirmedDropped.get();
    }

    /** Heartbeat claims of missing numbers that the request server did not bear out. */
    long unansweredClaims()
    {
        return unansweredClaims.get();
    }

    /** Heartbeat claims far ahead while the channel was catching up (expected, not suspicious). */
    long ignoredClaims()
    {
        return ignoredClaims.get();
    }

    long reorderOverflow()
    {
        return reorderOverflow.get();
    }

    /** The lines' skew: one line's copy of a packet to the other's, per packet both carried in turn. */
    Histogram lineSkew()
    {
        return lineSkew;
    }
}
