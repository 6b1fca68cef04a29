package io.wirebook.rx.uring;

import java.nio.ByteOrder;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.socket.ControlMessages;
import io.wirebook.sys.SockaddrIn;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecvMsgOutTest
{
    private static final int NAME = 16;
    private static final int CONTROL = 128;
    private static final int BASE = 64;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int SOURCE = 0xC6120001;
    private static final int SOURCE_PORT = 54321;
    private static final int OUT_NAMELEN = 0;
    private static final int OUT_CONTROLLEN = 4;
    private static final int OUT_PAYLOADLEN = 8;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final RecvMsgOut out = newFlyweight();

    /** Lays out what the kernel writes: recvmsg_out, name, control (pktinfo, timestamping), payload. */
    private int layOut(final int group, final long seconds, final long nanos, final byte[] payload, final int flags)
    {
        int control = BASE + RecvMsgOut.HEADER_LENGTH + NAME;
        final int controlStart = control;
        buffer.putLong(control, 16 + 12, LE);
        buffer.putInt(control + 8, 0, LE);
        buffer.putInt(control + 12, 8, LE);
        buffer.putInt(control + 16, 7, LE);
        buffer.putInt(control + 20, 0x0A000001, ByteOrder.BIG_ENDIAN);
        buffer.putInt(control + 24, group, ByteOrder.BIG_ENDIAN);
        control += 32;
        buffer.putLong(control, 16 + 48, LE);
        buffer.putInt(control + 8, 1, LE);
        buffer.putInt(control + 12, 37, LE);
        buffer.putLong(control + 16, seconds, LE);
        buffer.putLong(control + 24, nanos, LE);
        control += 64;

        buffer.putShort(BASE + RecvMsgOut.HEADER_LENGTH + SockaddrIn.SIN_FAMILY, (short)2, LE);
        buffer.putShort(BASE + RecvMsgOut.HEADER_LENGTH + SockaddrIn.SIN_PORT, (short)SOURCE_PORT,
            ByteOrder.BIG_ENDIAN);
        buffer.putInt(BASE + RecvMsgOut.HEADER_LENGTH + SockaddrIn.SIN_ADDR, SOURCE, ByteOrder.BIG_ENDIAN);
        buffer.putInt(BASE, NAME, LE);
        buffer.putInt(BASE + 4, control - controlStart, LE);
        buffer.putInt(BASE + 8, payload.length, LE);
        buffer.putInt(BASE + 12, flags, LE);
        final int payloadStart = BASE + RecvMsgOut.HEADER_LENGTH + NAME + CONTROL;
        buffer.putBytes(payloadStart, payload);
        return payloadStart - BASE + payload.length;
    }

    @Test
    void findsPayloadGroupAndStamp()
    {
        final byte[] payload = {1, 2, 3, 4, 5};
        final int used = layOut(0xEF010102, 1_700_000_000L, 123_456_789L, payload, 0);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.payloadOffset()).isEqualTo(BASE + 16 + NAME + CONTROL);
        assertThat(out.payloadLength()).isEqualTo(5);
        final byte[] read = new byte[5];
        buffer.getBytes(out.payloadOffset(), read);
        assertThat(read).containsExactly(payload);
        assertThat(out.hasDestination()).isTrue();
        assertThat(out.destination()).isEqualTo(0xEF010102);
        assertThat(out.realtimeNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(out.truncated()).isFalse();
    }

    @Test
    void findsTheSourceAddressAndPortAndIsWellFormed()
    {
        final int used = layOut(0xEF010102, 1, 1, new byte[5], 0);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.wellFormed()).isTrue();
        assertThat(out.sourceAddress()).isEqualTo(SOURCE);
        assertThat(out.sourcePort()).isEqualTo(SOURCE_PORT);
    }

    @Test
    void noNameMeansNoSource()
    {
        final int used = layOut(0xEF010102, 1, 1, new byte[5], 0);
        buffer.putInt(BASE + OUT_NAMELEN, 0, LE);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.wellFormed()).isTrue();
        assertThat(out.sourceAddress()).isZero();
        assertThat(out.sourcePort()).isZero();
    }

    @Test
    void aNameLongerThanItsAreaIsNotWellFormed()
    {
        final int used = layOut(0xEF010102, 1, 1, new byte[5], 0);
        buffer.putInt(BASE + OUT_NAMELEN, NAME + 1, LE);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.wellFormed()).isFalse();
    }

    @Test
    void controlLongerThanItsAreaIsNotWellFormed()
    {
        final int used = layOut(0xEF010102, 1, 1, new byte[5], 0);
        buffer.putInt(BASE + OUT_CONTROLLEN, CONTROL + 1, LE);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.wellFormed()).isFalse();
    }

    @Test
    void aPayloadShorterThanWhatWasCopiedIsNotWellFormed()
    {
        final int used = layOut(0xEF010102, 1, 1, new byte[5], 0);
        buffer.putInt(BASE + OUT_PAYLOADLEN, 4, LE);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.wellFormed()).isFalse();
    }

    @Test
    void aPayloadLongerThanWhatWasCopiedIsNotWellFormedUnlessTruncated()
    {
        final int used = layOut(0xEF010102, 1, 1, new byte[5], 0);
        buffer.putInt(BASE + OUT_PAYLOADLEN, 6, LE);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.wellFormed()).isFalse();
    }

    @Test
    void zeroSoftwareStampMeansNoStamp()
    {
        final int used = layOut(0xEF010101, 0, 0, new byte[8], 0);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.realtimeNanos()).isEqualTo(RecvMsgOut.NO_REALTIME);
        assertThat(out.destination()).isEqualTo(0xEF010101);
    }

    @Test
    void noControlMessagesMeansNoDestinationNorStamp()
    {
        layOut(0xEF010101, 5, 5, new byte[8], 0);
        buffer.putInt(BASE + 4, 0, LE);

        assertThat(out.wrap(buffer, BASE, 16 + NAME + CONTROL + 8, NAME, CONTROL)).isTrue();

        assertThat(out.hasDestination()).isFalse();
        assertThat(out.realtimeNanos()).isEqualTo(RecvMsgOut.NO_REALTIME);
        assertThat(out.payloadLength()).isEqualTo(8);
    }

    @Test
    void reportsTruncation()
    {
        final int used = layOut(0xEF010101, 1, 1, new byte[10], RecvMsgOut.MSG_TRUNC);
        buffer.putInt(BASE + 8, 5000, LE);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.truncated()).isTrue();
        assertThat(out.wellFormed()).isTrue();
        assertThat(out.payloadLength()).isEqualTo(10);
    }

    @Test
    void rejectsRegionShorterThanHeaderNameAndControl()
    {
        layOut(0xEF010101, 1, 1, new byte[10], 0);

        assertThat(out.wrap(buffer, BASE, 16 + NAME + CONTROL - 1, NAME, CONTROL)).isFalse();
    }

    @Test
    void stopsAtAControlMessageWhoseLengthRunsPastTheArea()
    {
        final int used = layOut(0xEF010101, 1, 1, new byte[10], 0);
        buffer.putLong(BASE + 16 + NAME, 10_000L, LE);

        assertThat(out.wrap(buffer, BASE, used, NAME, CONTROL)).isTrue();

        assertThat(out.hasDestination()).isFalse();
        assertThat(out.payloadLength()).isEqualTo(10);
    }

    @Property
    void neverReadsOutsideTheUsedRegion(
        @ForAll @Size(2048) final byte[] garbage, @ForAll @IntRange(min = 0, max = 2048) final int used)
    {
        final UnsafeBuffer region = new UnsafeBuffer(garbage, 0, used);
        final RecvMsgOut flyweight = newFlyweight();

        if (flyweight.wrap(region, 0, used, NAME, CONTROL))
        {
            assertThat(flyweight.payloadOffset()).isEqualTo(16 + NAME + CONTROL);
            assertThat(flyweight.payloadLength()).isBetween(0, used - flyweight.payloadOffset());
        }
        else
        {
            assertThat(used).isLessThan(16 + NAME + CONTROL);
        }
    }

    private static RecvMsgOut newFlyweight()
    {
        return new RecvMsgOut(new ControlMessages(HandlerCounters.inMemory(1).path("malformed_control")));
    }
}
