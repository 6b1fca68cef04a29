package io.wirebook.rx.socket;

import java.nio.ByteOrder;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ControlMessagesTest
{
    private static final int GROUP = Channel.parseIpv4("239.1.1.3");
    private static final int LOCAL = Channel.parseIpv4("198.18.0.2");

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final ControlMessages messages =
        new ControlMessages(HandlerCounters.inMemory(4).path("malformed_control"));

    /** Writes one cmsg as the kernel does (cmsg_len unaligned, next header at CMSG_ALIGN); returns the next offset. */
    private int putPktinfo(final int offset, final int destination)
    {
        buffer.putLong(offset, ControlMessages.CMSG_HEADER + ControlMessages.IN_PKTINFO_LENGTH);
        buffer.putInt(offset + 8, ControlMessages.IPPROTO_IP);
        buffer.putInt(offset + 12, ControlMessages.IP_PKTINFO);
        buffer.putInt(offset + 16, 7);
        buffer.putInt(offset + 20, LOCAL, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 24, destination, ByteOrder.BIG_ENDIAN);
        // Garbage in the alignment padding must not matter.
        buffer.putInt(offset + 28, 0xDEADBEEF);
        return offset + ControlMessages.space(ControlMessages.IN_PKTINFO_LENGTH);
    }

    private int putTimestamping(final int offset, final long seconds, final long nanos)
    {
        buffer.putLong(offset, ControlMessages.CMSG_HEADER + ControlMessages.SCM_TIMESTAMPING_LENGTH);
        buffer.putInt(offset + 8, ControlMessages.SOL_SOCKET);
        buffer.putInt(offset + 12, ControlMessages.SCM_TIMESTAMPING);
        buffer.putLong(offset + 16, seconds);
        buffer.putLong(offset + 24, nanos);
        buffer.putLong(offset + 32, 0);
        buffer.putLong(offset + 40, 0);
        buffer.putLong(offset + 48, 11); // raw hardware slot: must be ignored
        buffer.putLong(offset + 56, 12);
        return offset + ControlMessages.space(ControlMessages.SCM_TIMESTAMPING_LENGTH);
    }

    private int putOther(final int offset, final int level, final int type, final int dataLength)
    {
        buffer.putLong(offset, ControlMessages.CMSG_HEADER + dataLength);
        buffer.putInt(offset + 8, level);
        buffer.putInt(offset + 12, type);
        buffer.setMemory(offset + 16, dataLength, (byte)0x5A);
        return offset + ControlMessages.space(dataLength);
    }

    @Test
    void alignmentFollowsCmsgAlignOn64Bit()
    {
        assertThat(ControlMessages.align(12)).isEqualTo(16);
        assertThat(ControlMessages.align(16)).isEqualTo(16);
        assertThat(ControlMessages.align(28)).isEqualTo(32);
        assertThat(ControlMessages.space(ControlMessages.IN_PKTINFO_LENGTH)).isEqualTo(32);
        assertThat(ControlMessages.space(ControlMessages.SCM_TIMESTAMPING_LENGTH)).isEqualTo(64);
    }

    @Test
    void readsDestinationAndSoftwareStampInKernelOrder()
    {
        final int end = putTimestamping(putPktinfo(8, GROUP), 1_700_000_000L, 123_456_789L);

        assertThat(messages.parse(buffer, 8, end - 8)).isTrue();
        assertThat(messages.destination()).isEqualTo(GROUP);
        assertThat(messages.realtimeNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(messages.arrivalNanos(-1_000L)).isEqualTo(1_700_000_000_123_455_789L);
        assertThat(messages.malformed()).isZero();
    }

    @Test
    void orderOfMessagesDoesNotMatterAndUnknownOnesAreSkipped()
    {
        int end = putOther(0, ControlMessages.SOL_SOCKET, 35, 16); // SO_TIMESTAMPNS: not asked for, skipped
        end = putTimestamping(end, 5, 6);
        end = putOther(end, ControlMessages.IPPROTO_IP, 2, 1);     // IP_TTL, 1 byte: exercises padding
        end = putPktinfo(end, GROUP);

        assertThat(messages.parse(buffer, 0, end)).isTrue();
        assertThat(messages.destination()).isEqualTo(GROUP);
        assertThat(messages.realtimeNanos()).isEqualTo(5_000_000_006L);
    }

    @Test
    void lastMessageMayOmitTrailingPadding()
    {
        final int end = putPktinfo(0, GROUP);
        // The kernel's msg_controllen ends at the last cmsg's data, unpadded.
        assertThat(messages.parse(buffer, 0, end - 4)).isTrue();
        assertThat(messages.destination()).isEqualTo(GROUP);
    }

    @Test
    void noTimestampingMessageGivesNoStamp()
    {
        final int end = putPktinfo(0, GROUP);

        messages.parse(buffer, 0, end);

        assertThat(messages.realtimeNanos()).isEqualTo(HostClock.NO_STAMP);
        assertThat(messages.arrivalNanos(42)).isEqualTo(HostClock.NO_STAMP);
    }

    @Test
    void zeroSoftwareSlotGivesNoStamp()
    {
        final int end = putTimestamping(putPktinfo(0, GROUP), 0, 0);

        messages.parse(buffer, 0, end);

        assertThat(messages.realtimeNanos()).isEqualTo(HostClock.NO_STAMP);
    }

    @Test
    void emptyControlDataGivesNeither()
    {
        assertThat(messages.parse(buffer, 0, 0)).isFalse();
        assertThat(messages.destination()).isEqualTo(ControlMessages.NO_DESTINATION);
        assertThat(messages.realtimeNanos()).isEqualTo(HostClock.NO_STAMP);
    }

    @Test
    void fieldsDoNotLeakFromThePreviousDatagram()
    {
        final int end = putTimestamping(putPktinfo(0, GROUP), 9, 9);
        messages.parse(buffer, 0, end);

        assertThat(messages.parse(buffer, 0, 0)).isFalse();
        assertThat(messages.destination()).isEqualTo(ControlMessages.NO_DESTINATION);
        assertThat(messages.realtimeNanos()).isEqualTo(HostClock.NO_STAMP);
    }

    @Test
    void headerClaimingMoreThanTheBufferEndsTheWalkAndIsCounted()
    {
        final int second = putPktinfo(0, GROUP);
        putTimestamping(second, 1, 2);
        buffer.putLong(second, 4096);

        assertThat(messages.parse(buffer, 0, second + 64)).isTrue();
        assertThat(messages.destination()).isEqualTo(GROUP);
        assertThat(messages.realtimeNanos()).isEqualTo(HostClock.NO_STAMP);
        assertThat(messages.malformed()).isEqualTo(1);
    }

    @Test
    void headerShorterThanItselfDoesNotLoopForever()
    {
        buffer.putLong(0, 0);
        buffer.putInt(8, ControlMessages.IPPROTO_IP);
        buffer.putInt(12, ControlMessages.IP_PKTINFO);

        assertThat(messages.parse(buffer, 0, 64)).isFalse();
        assertThat(messages.malformed()).isEqualTo(1);
    }

    @Test
    void tooShortPktinfoIsIgnored()
    {
        final int end = putOther(0, ControlMessages.IPPROTO_IP, ControlMessages.IP_PKTINFO, 8);

        assertThat(messages.parse(buffer, 0, end)).isFalse();
    }
}
