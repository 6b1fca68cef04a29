package io.wirebook.ouch;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UfoFramingTest
{
    private static final byte[] SESSION = "WIREBOOK01".getBytes(StandardCharsets.US_ASCII);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void framesOneOrderBehindAMoldShapedHeader()
    {
        new EnterOrder().wrap(buffer, UfoFraming.FIRST_MESSAGE_OFFSET).userRefNum(7);
        final int length = UfoFraming.frameOne(buffer, 0, SESSION, 42, EnterOrder.FIXED_LENGTH);

        assertThat(length).isEqualTo(20 + 2 + 47);
        assertThat(new String(buffer.byteArray(), 0, 10, StandardCharsets.US_ASCII)).isEqualTo("WIREBOOK01");
        assertThat(UfoFraming.sequenceNumber(buffer, 0)).isEqualTo(42);
        assertThat(buffer.getShort(18, ByteOrder.BIG_ENDIAN)).isEqualTo((short)1);
        assertThat(buffer.getShort(20, ByteOrder.BIG_ENDIAN)).isEqualTo((short)47);

        final List<Integer> seen = new ArrayList<>();
        assertThat(UfoFraming.forEachMessage(buffer, 0, length, (b, o, l) -> seen.add(o * 1000 + l))).isEqualTo(1);
        assertThat(seen).containsExactly(22 * 1000 + 47);
    }

    @Test
    void aPacketWhoseLengthsDisagreeHandsNothingOver()
    {
        final int length = UfoFraming.frameOne(buffer, 0, SESSION, 1, EnterOrder.FIXED_LENGTH);
        final List<Integer> seen = new ArrayList<>();

        assertThat(UfoFraming.forEachMessage(buffer, 0, length - 1, (b, o, l) -> seen.add(l)))
            .isEqualTo(UfoFraming.MALFORMED);
        assertThat(UfoFraming.forEachMessage(buffer, 0, length + 1, (b, o, l) -> seen.add(l)))
            .isEqualTo(UfoFraming.MALFORMED);
        assertThat(UfoFraming.forEachMessage(buffer, 0, 19, (b, o, l) -> seen.add(l)))
            .isEqualTo(UfoFraming.MALFORMED);
        assertThat(seen).isEmpty();
    }
}
