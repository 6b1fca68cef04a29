package io.wirebook.glimpse;

import java.nio.charset.StandardCharsets;

import io.wirebook.itch.ItchMessages;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndOfSnapshotTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

    @Test
    void isGAndTwentyAsciiDigits()
    {
        assertThat(EndOfSnapshot.encode(buffer, 1, 500_001)).isEqualTo(21);

        final byte[] written = new byte[21];
        buffer.getBytes(1, written);
        assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo("G              500001");
    }

    @Test
    void roundTrips()
    {
        EndOfSnapshot.encode(buffer, 0, 1);
        assertThat(EndOfSnapshot.is(buffer, 0, 21)).isTrue();
        assertThat(EndOfSnapshot.sequenceNumber(buffer, 0, 21)).isEqualTo(1);

        EndOfSnapshot.encode(buffer, 0, Long.MAX_VALUE);
        assertThat(EndOfSnapshot.sequenceNumber(buffer, 0, 21)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void isNoItchMessageType()
    {
        assertThat(ItchMessages.lengthOf(EndOfSnapshot.MESSAGE_TYPE)).isZero();
    }

    @Test
    void malformedIsRefused()
    {
        EndOfSnapshot.encode(buffer, 0, 7);
        assertThat(EndOfSnapshot.sequenceNumber(buffer, 0, 20)).isEqualTo(EndOfSnapshot.MALFORMED);
        assertThat(EndOfSnapshot.sequenceNumber(buffer, 0, 22)).isEqualTo(EndOfSnapshot.MALFORMED);

        buffer.putByte(10, (byte)'x');
        assertThat(EndOfSnapshot.sequenceNumber(buffer, 0, 21)).isEqualTo(EndOfSnapshot.MALFORMED);

        EndOfSnapshot.encode(buffer, 0, 0);
        assertThat(EndOfSnapshot.sequenceNumber(buffer, 0, 21)).as("live feed sequence numbers start at 1")
            .isEqualTo(EndOfSnapshot.MALFORMED);

        EndOfSnapshot.encode(buffer, 0, 7);
        buffer.putByte(0, ItchMessages.ADD_ORDER);
        assertThat(EndOfSnapshot.is(buffer, 0, 21)).isFalse();
        assertThat(EndOfSnapshot.sequenceNumber(buffer, 0, 21)).isEqualTo(EndOfSnapshot.MALFORMED);
        assertThat(EndOfSnapshot.is(buffer, 0, 0)).isFalse();
    }
}
