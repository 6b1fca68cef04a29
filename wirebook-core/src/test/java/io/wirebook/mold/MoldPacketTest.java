package io.wirebook.mold;

import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import io.wirebook.itch.ItchMessages;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.wirebook.mold.PacketBuilder.SESSION_A;
import static io.wirebook.mold.PacketBuilder.SESSION_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MoldPacketTest
{
    private static final MoldMessageHandler FAIL = (buffer, offset, length) ->
    {
        throw new AssertionError("no message may be delivered");
    };

    @Test
    void heartbeatIsAHeaderWithCountZero()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.setMemory(0, 64, (byte)0xEE);

        assertThat(MoldUDP64.heartbeat(buffer, 3, SESSION_A, 0x0102_0304_0506_0708L)).isEqualTo(20);

        final byte[] expected = {
            'S', 'E', 'S', 'S', 'I', 'O', 'N', '-', 'A', ' ',
            1, 2, 3, 4, 5, 6, 7, 8,
            0, 0};
        GuardedBytes.assertWritten(buffer, 3, expected, (byte)0xEE);

        final MoldPacket packet = new MoldPacket();
        assertThat(packet.wrap(buffer, 3, 20)).isTrue();
        assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
        assertThat(packet.isHeartbeat()).isTrue();
        assertThat(packet.isEndOfSession()).isFalse();
        assertThat(packet.messageCount()).isZero();
        assertThat(packet.sequenceNumber()).isEqualTo(0x0102_0304_0506_0708L);
        assertThat(packet.sessionEquals(SESSION_A)).isTrue();
        assertThat(packet.forEachMessage(0, FAIL)).isZero();
    }

    @Test
    void endOfSessionIsAHeaderWithCount0xFFFF()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);

        assertThat(MoldUDP64.endOfSession(buffer, 0, SESSION_B, 77)).isEqualTo(20);

        assertThat(buffer.getShort(18, ByteOrder.BIG_ENDIAN)).isEqualTo((short)0xFFFF);
        assertThat(buffer.getLong(10, ByteOrder.BIG_ENDIAN)).isEqualTo(77);
        final MoldPacket packet = new MoldPacket();
        assertThat(packet.wrap(buffer, 0, 20)).isTrue();
        assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
        assertThat(packet.isEndOfSession()).isTrue();
        assertThat(packet.isHeartbeat()).isFalse();
        assertThat(packet.messageCount()).isEqualTo(MoldUDP64.END_OF_SESSION_COUNT);
        assertThat(packet.sequenceNumber()).isEqualTo(77);
        assertThat(packet.forEachMessage(0, FAIL)).isZero();
    }

    @Test
    void heartbeatOrEndOfSessionCarryingBlocksIsRejected()
    {
        final MoldPacket heartbeat = new PacketBuilder().header(SESSION_A, 5, 0)
            .message(ItchMessages.ORDER_DELETE).wrap();
        assertThat(heartbeat.validate()).isEqualTo(MoldPacket.COUNT_MISMATCH);

        final MoldPacket endOfSession = new PacketBuilder().header(SESSION_A, 5, 0xFFFF).raw(0).wrap();
        assertThat(endOfSession.validate()).isEqualTo(MoldPacket.COUNT_MISMATCH);
        assertThat(endOfSession.forEachMessage(0, FAIL)).isZero();
    }

    @Test
    void deliversMessagesInOrderAndSkipsTheFirstOnes()
    {
        final MoldPacket packet = new PacketBuilder().header(SESSION_A, 10, 3)
            .message(ItchMessages.ADD_ORDER)
            .message(ItchMessages.ORDER_DELETE)
            .message(ItchMessages.TRADE)
            .wrap();
        assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);

        final StringBuilder seen = new StringBuilder();
        final MoldMessageHandler record = (buffer, offset, length) ->
            seen.append((char)buffer.getByte(offset)).append(length).append(' ');

        assertThat(packet.forEachMessage(0, record)).isEqualTo(3);
        assertThat(seen.toString()).isEqualTo("A36 D19 P44 ");
        seen.setLength(0);
        assertThat(packet.forEachMessage(2, record)).isEqualTo(1);
        assertThat(seen.toString()).isEqualTo("P44 ");
        assertThat(packet.forEachMessage(3, FAIL)).isZero();
        assertThat(packet.forEachMessage(100, FAIL)).isZero();
    }

    @Test
    void comparesSessionsAsUnsignedBytes()
    {
        final MoldPacket packet = PacketBuilder.heartbeat(SESSION_A, 1);
        assertThat(packet.compareSession(SESSION_A)).isZero();
        assertThat(packet.compareSession(SESSION_B)).isNegative();
        assertThat(PacketBuilder.heartbeat(SESSION_B, 1).compareSession(SESSION_A)).isPositive();

        final byte[] high = SESSION_A.clone();
        high[9] = (byte)0x80;   // negative as a signed byte, yet it must sort after ' '
        assertThat(packet.compareSession(high)).isNegative();
        assertThat(packet.sessionEquals(high)).isFalse();

        final byte[] copy = new byte[MoldUDP64.SESSION_LENGTH];
        packet.copySession(copy);
        assertThat(copy).isEqualTo(SESSION_A);
    }

    @Test
    void wrapReportsAPacketTooShortForTheHeader()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final MoldPacket packet = new MoldPacket();
        for (int length = 0; length < MoldUDP64.HEADER_LENGTH; length++)
        {
            assertThat(packet.wrap(buffer, 0, length)).isFalse();
            assertThat(packet.validate()).isEqualTo(MoldPacket.TRUNCATED_HEADER);
            assertThat(packet.forEachMessage(0, FAIL)).isZero();
        }
    }

    @Test
    void reasonsAreDistinctAndNamed()
    {
        final int[] codes = {
            MoldPacket.VALID, MoldPacket.TRUNCATED_HEADER, MoldPacket.LENGTH_OVERRUN, MoldPacket.COUNT_MISMATCH,
            MoldPacket.EMPTY_MESSAGE, MoldPacket.UNKNOWN_MESSAGE_TYPE, MoldPacket.BAD_MESSAGE_LENGTH};
        final Set<String> reasons = new HashSet<>();
        final Set<String> names = new HashSet<>();
        for (final int code : codes)
        {
            reasons.add(MoldPacket.reason(code));
            names.add(MoldPacket.reasonName(code));
            assertThat(MoldPacket.reasonName(code)).matches("[a-z]+(_[a-z]+)*");
        }
        assertThat(reasons).hasSize(codes.length);
        assertThat(names).hasSize(codes.length);
        assertThat(MoldPacket.reasonName(MoldPacket.UNKNOWN_MESSAGE_TYPE)).isEqualTo("unknown_message_type");
        assertThat(MoldPacket.reasonName(MoldPacket.BAD_MESSAGE_LENGTH)).isEqualTo("bad_message_length");
        assertThat(MoldPacket.reasonName(99)).contains("99");
        assertThat(MoldPacket.reason(MoldPacket.VALID)).isEqualTo("valid");
        assertThat(MoldPacket.reason(99)).contains("99");
        assertThat(MoldPacket.reason(-1)).contains("-1");
    }

    @Test
    void sessionNamesArePaddedPrintableAscii()
    {
        assertThat(MoldUDP64.session("AB")).isEqualTo(new byte[] {'A', 'B', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '});
        assertThatIllegalArgumentException()
            .isThrownBy(() -> MoldUDP64.session("ELEVENCHARS"));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> MoldUDP64.session("TAB\tX"));
    }
}
