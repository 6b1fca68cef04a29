package io.wirebook.mold;

import static io.wirebook.mold.PacketBuilder.SESSION_A;
import static io.wirebook.mold.PacketBuilder.SESSION_B;
import static io.wirebook.mold.PacketBuilder.data;
import static io.wirebook.mold.PacketBuilder.endOfSession;
import static io.wirebook.mold.PacketBuilder.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoldSessionTest
{
    private final MoldSession session = new MoldSession();

    @Test
    void aLateJoinerDoesNotCountHistoryAsAGap()
    {
        assertThat(session.hasSession()).isFalse();

        assertThat(session.onPacket(data(SESSION_A, 1_000_000, 3))).isZero();

        assertThat(session.hasSession()).isTrue();
        assertThat(session.nextSequenceNumber()).isEqualTo(1_000_003);
        assertCounters(0, 0, 0, 0);
        final byte[] adopted = new byte[MoldUDP64.SESSION_LENGTH];
        session.copySession(adopted);
        assertThat(adopted).isEqualTo(SESSION_A);
    }

    @Test
    void inOrderPacketsAreAcceptedWhole()
    {
        assertThat(session.onPacket(data(SESSION_A, 1, 3))).isZero();
        assertThat(session.onPacket(data(SESSION_A, 4, 1))).isZero();
        assertThat(session.onPacket(data(SESSION_A, 5, 5))).isZero();

        assertThat(session.nextSequenceNumber()).isEqualTo(10);
        assertCounters(0, 0, 0, 0);
    }

    @Test
    void aGapCountsTheMissingMessagesAndTheLaterPacketIsApplied()
    {
        session.onPacket(data(SESSION_A, 1, 3));

        assertThat(session.onPacket(data(SESSION_A, 10, 2))).isZero();

        assertThat(session.drops()).isEqualTo(6);
        assertThat(session.nextSequenceNumber()).isEqualTo(12);
    }

    @Test
    void aDuplicatePacketIsRejectedAndCounted()
    {
        session.onPacket(data(SESSION_A, 1, 3));
        session.onPacket(data(SESSION_A, 4, 2));

        assertThat(session.onPacket(data(SESSION_A, 4, 2))).isEqualTo(MoldSession.REJECT);
        assertThat(session.onPacket(data(SESSION_A, 1, 3))).isEqualTo(MoldSession.REJECT);
        assertThat(session.onPacket(data(SESSION_A, 2, 1))).isEqualTo(MoldSession.REJECT);

        assertThat(session.duplicates()).isEqualTo(6);
        assertThat(session.drops()).isZero();
        assertThat(session.nextSequenceNumber()).isEqualTo(6);
    }

    @Test
    void aLateReorderedPacketIsADuplicateAfterItsGapWasCounted()
    {
        session.onPacket(data(SESSION_A, 1, 2));
        session.onPacket(data(SESSION_A, 5, 1));     // 3 and 4 counted as dropped
        assertThat(session.onPacket(data(SESSION_A, 3, 2))).isEqualTo(MoldSession.REJECT);

        assertThat(session.drops()).isEqualTo(2);
        assertThat(session.duplicates()).isEqualTo(2);
        assertThat(session.nextSequenceNumber()).isEqualTo(6);
    }

    @Test
    void aPartialOverlapSkipsTheMessagesAlreadySeen()
    {
        session.onPacket(data(SESSION_A, 1, 5));       // next: 6

        assertThat(session.onPacket(data(SESSION_A, 4, 4))).isEqualTo(2);   // 4, 5 seen; 6, 7 new

        assertThat(session.duplicates()).isEqualTo(2);
        assertThat(session.drops()).isZero();
        assertThat(session.nextSequenceNumber()).isEqualTo(8);
    }

    @Test
    void aHeartbeatRevealsATrailingGap()
    {
        session.onPacket(data(SESSION_A, 1, 3));

        assertThat(session.onPacket(heartbeat(SESSION_A, 4))).isZero();
        assertThat(session.drops()).isZero();

        assertThat(session.onPacket(heartbeat(SESSION_A, 9))).isZero();
        assertThat(session.drops()).isEqualTo(5);
        assertThat(session.nextSequenceNumber()).isEqualTo(9);

        // The lost messages turning up later are duplicates, not news.
        assertThat(session.onPacket(data(SESSION_A, 4, 5))).isEqualTo(MoldSession.REJECT);
        assertThat(session.duplicates()).isEqualTo(5);
        assertThat(session.ended()).isFalse();
    }

    @Test
    void aStaleHeartbeatChangesNothing()
    {
        session.onPacket(data(SESSION_A, 1, 10));

        assertThat(session.onPacket(heartbeat(SESSION_A, 5))).isZero();

        assertThat(session.nextSequenceNumber()).isEqualTo(11);
        assertCounters(0, 0, 0, 0);
    }

    @Test
    void endOfSessionRevealsATrailingGapAndEndsTheSession()
    {
        session.onPacket(data(SESSION_A, 1, 3));

        assertThat(session.onPacket(endOfSession(SESSION_A, 7))).isZero();

        assertThat(session.ended()).isTrue();
        assertThat(session.drops()).isEqualTo(3);
        assertThat(session.nextSequenceNumber()).isEqualTo(7);
    }

    @Test
    void aHeartbeatFirstSetsTheStartingPoint()
    {
        assertThat(session.onPacket(heartbeat(SESSION_A, 500))).isZero();
        assertThat(session.nextSequenceNumber()).isEqualTo(500);

        assertThat(session.onPacket(data(SESSION_A, 500, 2))).isZero();
        assertCounters(0, 0, 0, 0);
    }

    @Test
    void aNewerSessionIsAdoptedFromItsOwnSequenceNumber()
    {
        session.onPacket(data(SESSION_A, 100, 3));
        session.onPacket(endOfSession(SESSION_A, 103));
        assertThat(session.ended()).isTrue();

        assertThat(session.onPacket(data(SESSION_B, 1, 2))).isZero();

        assertThat(session.sessionChanges()).isEqualTo(1);
        assertThat(session.ended()).isFalse();
        assertThat(session.nextSequenceNumber()).isEqualTo(3);
        assertThat(session.drops()).isZero();
        final byte[] current = new byte[MoldUDP64.SESSION_LENGTH];
        session.copySession(current);
        assertThat(current).isEqualTo(SESSION_B);
    }

    @Test
    void packetsOfAnOlderSessionAreRejected()
    {
        session.onPacket(data(SESSION_B, 1, 2));

        assertThat(session.onPacket(data(SESSION_A, 3, 2))).isEqualTo(MoldSession.REJECT);
        assertThat(session.onPacket(heartbeat(SESSION_A, 50))).isEqualTo(MoldSession.REJECT);
        assertThat(session.onPacket(endOfSession(SESSION_A, 50))).isEqualTo(MoldSession.REJECT);

        assertThat(session.oldSessionPackets()).isEqualTo(3);
        assertThat(session.nextSequenceNumber()).isEqualTo(3);
        assertThat(session.ended()).isFalse();
        assertThat(session.drops()).isZero();
        assertThat(session.duplicates()).isZero();
    }

    @Test
    void resetCountersKeepsTheSequencing()
    {
        session.onPacket(data(SESSION_A, 1, 2));
        session.onPacket(data(SESSION_A, 5, 1));
        session.onPacket(data(SESSION_A, 5, 1));
        session.onPacket(data(SESSION_B, 1, 1));
        session.onPacket(data(SESSION_A, 1, 1));
        assertCounters(2, 1, 1, 1);

        session.resetCounters();

        assertCounters(0, 0, 0, 0);
        assertThat(session.nextSequenceNumber()).isEqualTo(2);
        assertThat(session.onPacket(data(SESSION_B, 2, 1))).isZero();
        assertThat(session.onPacket(data(SESSION_A, 9, 1))).isEqualTo(MoldSession.REJECT);
        assertCounters(0, 0, 1, 0);
    }

    private void assertCounters(final long drops, final long duplicates, final long old, final long changes)
    {
        assertThat(session.drops()).as("drops").isEqualTo(drops);
        assertThat(session.duplicates()).as("duplicates").isEqualTo(duplicates);
        assertThat(session.oldSessionPackets()).as("old session packets").isEqualTo(old);
        assertThat(session.sessionChanges()).as("session changes").isEqualTo(changes);
    }
}
