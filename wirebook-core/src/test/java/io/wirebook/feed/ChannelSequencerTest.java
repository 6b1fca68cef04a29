package io.wirebook.feed;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.wirebook.feed.ChannelSequencer.SOURCE_LINE_A;
import static io.wirebook.feed.ChannelSequencer.SOURCE_LINE_B;
import static io.wirebook.feed.ChannelSequencer.SOURCE_REQUEST;
import static io.wirebook.feed.RecordingSequencerHandler.oneTo;
import static io.wirebook.feed.SequencerPackets.LATER_SESSION;
import static io.wirebook.feed.SequencerPackets.SESSION;
import static io.wirebook.feed.SequencerPackets.TAG_EXCHANGE;
import static io.wirebook.feed.SequencerPackets.TAG_FORGED;
import static io.wirebook.feed.SequencerPackets.data;
import static io.wirebook.feed.SequencerPackets.endOfSession;
import static io.wirebook.feed.SequencerPackets.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

class ChannelSequencerTest
{
    private static final long MS = 1_000_000L;
    private final RecoveryConfig config = RecoveryConfig.from(Map.of());
    private final RecordingSequencerHandler handler = new RecordingSequencerHandler();
    private long now = 1_000 * MS;

    private ChannelSequencer sequencer(final boolean requests, final boolean snapshots, final boolean twoLines)
    {
        return new ChannelSequencer(config, handler, requests, snapshots, twoLines);
    }

    @Test
    void inOrderPacketsApplyEveryMessageOnce()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1, 3), SOURCE_LINE_A, now);
        s.onPacket(data(4, 2), SOURCE_LINE_A, now);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(5));
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
        assertThat(s.gaps()).isZero();
    }

    @Test
    void withoutServersALateJoinerStartsWhereItJoins()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1_000, 2), SOURCE_LINE_A, now);

        assertThat(handler.applied).containsExactly(1_000L, 1_001L);
        assertThat(s.nextSequenceNumber()).isEqualTo(1_002);
    }

    @Test
    void theFirstCopyOfANumberIsAppliedAndTheOtherLinesCopyIsADuplicate()
    {
        final ChannelSequencer s = sequencer(false, false, true);
        s.onPacket(data(1, 3), SOURCE_LINE_A, now);
        s.onPacket(data(1, 3), SOURCE_LINE_B, now);
        s.onPacket(data(4, 2), SOURCE_LINE_B, now);
        s.onPacket(data(4, 2), SOURCE_LINE_A, now);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(5));
        assertThat(s.duplicates()).isEqualTo(5);
        assertThat(s.messagesLost()).isZero();
    }

    @Test
    void aGapOnLineAThatLineBFillsIsNoLossAndCountsAsFilledByLineB()
    {
        final ChannelSequencer s = sequencer(true, false, true);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(1, 2), SOURCE_LINE_B, now);
        // Line A loses 3..5; line B carries it before line A's next packet.
        s.onPacket(data(3, 3), SOURCE_LINE_B, now);
        s.onPacket(data(6, 1), SOURCE_LINE_A, now);
        s.onPacket(data(6, 1), SOURCE_LINE_B, now);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(6));
        assertThat(s.filledByOtherLine(SOURCE_LINE_A)).as("line A's gap filled by B").isEqualTo(3);
        assertThat(s.lineGaps(SOURCE_LINE_A)).isEqualTo(1);
        assertThat(s.messagesLost()).isZero();
        assertThat(handler.requests).isEmpty();
    }

    @Test
    void aGapLineBFillsAfterLineARevealedItIsFilledWithoutARequest()
    {
        final ChannelSequencer s = sequencer(true, false, true);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(6, 1), SOURCE_LINE_A, now);
        s.onPacket(data(7, 1), SOURCE_LINE_A, now);
        assertThat(s.status()).isEqualTo(ChannelStatus.GAP);
        s.onPacket(data(3, 3), SOURCE_LINE_B, now + 10_000);
        s.onTimer(now + 20_000);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(7));
        assertThat(s.filledByOtherLine(SOURCE_LINE_A)).isEqualTo(3);
        assertThat(s.gaps()).isEqualTo(1);
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
        assertThat(handler.requests).isEmpty();
    }

    @Test
    void aGapNeitherLineFillsIsRequestedAfterTheLineWaitAndRetriedOnATimer()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(10, 2), SOURCE_LINE_A, now);
        s.onPacket(data(12, 1), SOURCE_LINE_A, now);

        s.onTimer(now + config.lineWaitNanos() / 2);
        assertThat(handler.requests).as("waits for the other line first").isEmpty();
        s.onTimer(now + config.lineWaitNanos());
        assertThat(handler.requests).hasSize(1);
        assertThat(handler.requests.get(0)).containsExactly(3, 7);

        s.onTimer(now + config.lineWaitNanos() + config.requestTimeoutNanos());
        assertThat(handler.requests).as("retried with no reply, no packet needed").hasSize(2);

        s.onPacket(data(3, 7), SOURCE_REQUEST, now + 30 * MS);
        assertThat(handler.applied).containsExactlyElementsOf(oneTo(12));
        assertThat(s.byRequest()).isEqualTo(7);
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
    }

    @Test
    void aReorderedPacketIsNoLossAndTheStreamIsNotDelayedAfterIt()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(5, 2), SOURCE_LINE_A, now);
        s.onPacket(data(3, 2), SOURCE_LINE_A, now);
        s.onPacket(data(7, 1), SOURCE_LINE_A, now);
        assertThat(handler.applied).containsExactlyElementsOf(oneTo(7));
        s.onPacket(data(8, 1), SOURCE_LINE_A, now);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(8));
        assertThat(s.messagesLost()).isZero();
        assertThat(handler.requests).isEmpty();
    }

    @Test
    void withoutServersAGapThatDoesNotFillIsCountedLostAndTheChannelIsStale()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(5, 1), SOURCE_LINE_A, now);
        s.onPacket(data(6, 1), SOURCE_LINE_A, now);
        s.onTimer(now + config.lineWaitNanos());

        assertThat(s.messagesLost()).isEqualTo(2);
        assertThat(handler.applied).containsExactly(1L, 2L, 5L, 6L);
        assertThat(s.status()).isEqualTo(ChannelStatus.STALE);
        assertThat(handler.events).contains("lost 3+2");
    }

    @Test
    void aGapTheServerDoesNotFillGoesToASnapshotThenTheHeldFeedApplies()
    {
        final ChannelSequencer s = sequencer(true, true, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(10, 1), SOURCE_LINE_A, now);
        s.onPacket(data(11, 1), SOURCE_LINE_A, now);
        long t = now;
        for (int i = 0; i <= config.requestAttempts(); i++)
        {
            t += config.lineWaitNanos() + config.requestTimeoutNanos();
            s.onTimer(t);
        }
        assertThat(handler.snapshotsNeeded).isEqualTo(1);
        assertThat(s.status()).isEqualTo(ChannelStatus.RECOVERING);
        s.onPacket(data(12, 1), SOURCE_LINE_A, t);
        assertThat(handler.applied).as("held while the snapshot loads").containsExactly(1L, 2L);

        s.onSnapshotSession(SESSION, t);
        s.onSnapshotEnd(11, t + MS);

        assertThat(handler.applied).containsExactly(1L, 2L, 11L, 12L);
        assertThat(s.bySnapshot()).isEqualTo(8);
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
        assertThat(s.messagesLost()).isZero();
    }

    @Test
    void aLateJoinerWithASnapshotServerLoadsASnapshotAndGoesOnFromIt()
    {
        final ChannelSequencer s = sequencer(true, true, false);
        s.onPacket(data(250_000, 2), SOURCE_LINE_A, now);
        s.onPacket(data(250_002, 2), SOURCE_LINE_A, now);
        assertThat(handler.snapshotsNeeded).isEqualTo(1);
        s.onPacket(data(250_004, 2), SOURCE_LINE_A, now);
        s.onSnapshotSession(SESSION, now);
        s.onSnapshotEnd(250_003, now);
        s.onPacket(data(250_006, 1), SOURCE_LINE_A, now);

        assertThat(handler.applied).containsExactly(250_003L, 250_004L, 250_005L, 250_006L);
        assertThat(s.bySnapshot()).isEqualTo(250_002);
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
    }

    @Test
    void forgedHeartbeatFarAheadMovesNothing()
    {
        final ChannelSequencer s = sequencer(true, true, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(heartbeat(1L << 62), SOURCE_LINE_A, now);
        s.onPacket(data(3, 2), SOURCE_LINE_A, now);
        s.onTimer(now + 100 * MS);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(4));
        assertThat(s.rejectedJump()).isEqualTo(1);
        assertThat(s.messagesLost()).isZero();
        assertThat(handler.requests).isEmpty();
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
    }

    @Test
    void forgedHeartbeatOfALaterSessionIsRejected()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(heartbeat(LATER_SESSION, 1), SOURCE_LINE_A, now);
        s.onPacket(data(3, 2), SOURCE_LINE_A, now);

        assertThat(handler.newSessions).isZero();
        assertThat(handler.applied).containsExactlyElementsOf(oneTo(4));
        assertThat(s.rejectedSession()).isEqualTo(1);
    }

    @Test
    void aLoneEndOfSessionEndsNothingAndTheStreamGoesOn()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(3), SOURCE_LINE_A, now);
        s.onPacket(data(3, 2), SOURCE_LINE_A, now);

        assertThat(s.ended()).isFalse();
        assertThat(handler.endOfSessions).isZero();
        assertThat(handler.applied).containsExactlyElementsOf(oneTo(4));
        assertThat(s.rejectedEndOfSession()).isEqualTo(1);
    }

    @Test
    void endOfSessionRepeatedOrSeenOnBothLinesEndsTheSession()
    {
        final ChannelSequencer one = sequencer(false, false, false);
        one.onPacket(data(1, 2), SOURCE_LINE_A, now);
        one.onPacket(endOfSession(3), SOURCE_LINE_A, now);
        one.onPacket(endOfSession(3), SOURCE_LINE_A, now);
        assertThat(one.ended()).isTrue();

        final ChannelSequencer two = sequencer(false, false, true);
        two.onPacket(data(1, 2), SOURCE_LINE_A, now);
        two.onPacket(endOfSession(3), SOURCE_LINE_A, now);
        assertThat(two.ended()).isFalse();
        two.onPacket(endOfSession(3), SOURCE_LINE_B, now);
        assertThat(two.ended()).isTrue();
    }

    @Test
    void aNewSessionIsAcceptedAfterTheConfirmedEndOfTheCurrentOneStartingAtOne()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(LATER_SESSION, 5, 1, TAG_EXCHANGE), SOURCE_LINE_A, now);
        assertThat(handler.newSessions).as("not before the current one ended").isZero();
        s.onPacket(endOfSession(3), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(3), SOURCE_LINE_A, now);
        s.onPacket(data(LATER_SESSION, 5, 1, TAG_EXCHANGE), SOURCE_LINE_A, now);
        assertThat(handler.newSessions).as("only from sequence number 1").isZero();
        s.onPacket(data(LATER_SESSION, 1, 1, TAG_EXCHANGE), SOURCE_LINE_A, now);

        assertThat(handler.newSessions).isEqualTo(1);
        assertThat(handler.applied).containsExactly(1L, 2L, 1L);
        assertThat(s.rejectedSession()).isEqualTo(2);
    }

    @Test
    void forgedDeletesAheadOfTheStreamAreNeverApplied()
    {
        final ChannelSequencer s = sequencer(true, true, false);
        s.onPacket(data(1, 10), SOURCE_LINE_A, now);
        s.onPacket(data(SESSION, 11 + 30_000, 60, TAG_FORGED), SOURCE_LINE_A, now);
        long seq = 11;
        long t = now;
        while (seq < 31_100)
        {
            final int count = (int)(1 + seq % 7);
            s.onPacket(data(seq, count), SOURCE_LINE_A, t);
            s.onTimer(t);
            seq += count;
            t += 20_000;
        }

        assertThat(handler.appliedTags).doesNotContain(TAG_FORGED);
        assertThat(handler.applied).containsExactlyElementsOf(oneTo(seq - 1));
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
        assertThat(handler.snapshotsNeeded).isZero();
        assertThat(s.gaps()).as("a lone packet ahead is no evidence of a gap").isZero();
        assertThat(s.unconfirmedDropped()).isEqualTo(1);
    }

    @Test
    void aForgedPacketJustAheadConflictsWithTheRealOneAndTheServerDecides()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        // Line A loses 3..4; a forger sends its own 5..6; the real 5..6 and 7 follow.
        s.onPacket(data(SESSION, 5, 2, TAG_FORGED), SOURCE_LINE_A, now);
        s.onPacket(data(5, 2), SOURCE_LINE_A, now);
        s.onPacket(data(7, 1), SOURCE_LINE_A, now);
        s.onTimer(now + config.lineWaitNanos());
        assertThat(handler.requests).isNotEmpty();
        s.onPacket(data(3, 4), SOURCE_REQUEST, now + 2 * MS);
        s.onPacket(data(8, 1), SOURCE_LINE_A, now + 3 * MS);

        assertThat(handler.appliedTags).doesNotContain(TAG_FORGED);
        assertThat(handler.applied).containsExactlyElementsOf(oneTo(8));
        assertThat(s.rejectedConflict()).isEqualTo(1);
    }

    @Test
    void aHeartbeatClaimTheServerDoesNotBearOutIsDroppedWithoutLoss()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(heartbeat(40), SOURCE_LINE_A, now);
        long t = now;
        for (int i = 0; i <= config.requestAttempts() + 1; i++)
        {
            t += config.lineWaitNanos() + config.requestTimeoutNanos();
            s.onTimer(t);
        }
        s.onPacket(data(3, 1), SOURCE_LINE_A, t);

        assertThat(handler.requests).hasSize(config.requestAttempts());
        assertThat(s.messagesLost()).isZero();
        assertThat(s.unansweredClaims()).isEqualTo(1);
        assertThat(handler.applied).containsExactlyElementsOf(oneTo(3));
        assertThat(s.gaps()).isZero();
    }

    @Test
    void aTrailingGapAHeartbeatRevealsIsFilledByTheServer()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(heartbeat(6), SOURCE_LINE_A, now + MS);
        s.onTimer(now + MS + config.lineWaitNanos());
        assertThat(handler.requests.get(0)).containsExactly(3, 3);
        s.onPacket(data(3, 3), SOURCE_REQUEST, now + 2 * MS);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(5));
        assertThat(s.gaps()).isEqualTo(1);
        assertThat(s.byRequest()).isEqualTo(3);
    }

    @Test
    void aLineSilentForLongerThanTheTimeoutIsReportedDownThenUp()
    {
        final ChannelSequencer s = sequencer(false, false, true);
        s.onPacket(data(1, 1), SOURCE_LINE_A, now);
        s.onPacket(data(1, 1), SOURCE_LINE_B, now);
        s.onTimer(now);
        s.onPacket(data(2, 1), SOURCE_LINE_A, now + config.lineTimeoutNanos());
        s.onTimer(now + config.lineTimeoutNanos() + config.lineTimeoutNanos() / 2);
        s.onPacket(data(2, 1), SOURCE_LINE_B, now + 2 * config.lineTimeoutNanos());

        assertThat(handler.events).containsSubsequence("line 0 up", "line 1 up", "line 1 down", "line 1 up");
        assertThat(handler.events).doesNotContain("line 0 down");
    }

    @Test
    void repliesThatArriveBeforeAnyLinePacketAreIgnored()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 2), SOURCE_REQUEST, now);
        assertThat(s.hasSession()).isFalse();
        assertThat(handler.applied).isEmpty();
    }

    @Test
    void aPartialOverlapAppliesOnlyTheNewMessages()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1, 5), SOURCE_LINE_A, now);
        s.onPacket(data(4, 4), SOURCE_LINE_A, now);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(7));
        assertThat(s.duplicates()).isEqualTo(2);
        assertThat(s.nextSequenceNumber()).isEqualTo(8);
    }

    @Test
    void aStaleHeartbeatChangesNothing()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 10), SOURCE_LINE_A, now);
        s.onPacket(heartbeat(5), SOURCE_LINE_A, now);
        s.onTimer(now + 100 * MS);

        assertThat(s.nextSequenceNumber()).isEqualTo(11);
        assertThat(handler.requests).isEmpty();
        assertThat(s.gaps()).isZero();
    }

    @Test
    void withoutServersAHeartbeatFirstSetsTheStartingPoint()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(heartbeat(500), SOURCE_LINE_A, now);
        assertThat(s.nextSequenceNumber()).isEqualTo(500);
        s.onPacket(data(500, 2), SOURCE_LINE_A, now);

        assertThat(handler.applied).containsExactly(500L, 501L);
        assertThat(s.gaps()).isZero();
    }

    @Test
    void packetsOfAnOlderSessionAreRejected()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(LATER_SESSION, 1, 2, TAG_EXCHANGE), SOURCE_LINE_A, now);
        s.onPacket(data(3, 2), SOURCE_LINE_A, now);
        s.onPacket(heartbeat(50), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(50), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(50), SOURCE_LINE_A, now);

        assertThat(s.rejectedSession()).isEqualTo(4);
        assertThat(s.nextSequenceNumber()).isEqualTo(3);
        assertThat(s.ended()).isFalse();
        assertThat(s.duplicates()).isZero();
    }

    @Test
    void withoutServersAConfirmedEndOfSessionRevealsATrailingLoss()
    {
        final ChannelSequencer s = sequencer(false, false, false);
        s.onPacket(data(1, 3), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(7), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(7), SOURCE_LINE_A, now);
        s.onTimer(now + config.lineWaitNanos());

        assertThat(s.ended()).isTrue();
        assertThat(s.messagesLost()).isEqualTo(3);
        assertThat(s.status()).isEqualTo(ChannelStatus.STALE);
    }

    @Test
    void withAServerAConfirmedEndOfSessionsTrailingGapIsRequested()
    {
        final ChannelSequencer s = sequencer(true, false, false);
        s.onPacket(data(1, 3), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(7), SOURCE_LINE_A, now);
        s.onPacket(endOfSession(7), SOURCE_LINE_A, now);
        s.onTimer(now + config.lineWaitNanos());
        assertThat(handler.requests.get(0)).containsExactly(4, 3);
        s.onPacket(data(4, 3), SOURCE_REQUEST, now + MS);

        assertThat(handler.applied).containsExactlyElementsOf(oneTo(6));
        assertThat(s.messagesLost()).isZero();
        assertThat(s.status()).isEqualTo(ChannelStatus.SYNCED);
    }

    @Test
    void theLinesSkewIsMeasuredOnPacketsBothLinesCarry()
    {
        final ChannelSequencer s = sequencer(false, false, true);
        s.onPacket(data(1, 2), SOURCE_LINE_A, now);
        s.onPacket(data(1, 2), SOURCE_LINE_B, now + 7_000);
        s.onPacket(data(3, 1), SOURCE_LINE_B, now + 10_000);
        s.onPacket(data(3, 1), SOURCE_LINE_A, now + 13_000);
        s.onPacket(data(3, 1), SOURCE_LINE_A, now + 90_000);

        assertThat(s.lineSkew().getTotalCount()).isEqualTo(2);
        assertThat(s.lineSkew().getMinValue()).isBetween(2_990L, 3_010L);
        assertThat(s.lineSkew().getMaxValue()).isBetween(6_990L, 7_010L);
    }
}
