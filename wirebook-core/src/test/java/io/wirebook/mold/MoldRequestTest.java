package io.wirebook.mold;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MoldRequestTest
{
    private static final byte[] SESSION = MoldUDP64.session("SESSION-A");

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);

    @Test
    void encodesTheSpecificationsTwentyBytes()
    {
        buffer.setMemory(0, 64, (byte)0xEE);

        assertThat(MoldRequest.encode(buffer, 2, SESSION, 0x0102_0304_0506_0708L, 0x090A)).isEqualTo(20);

        final byte[] expected = {
            'S', 'E', 'S', 'S', 'I', 'O', 'N', '-', 'A', ' ',
            1, 2, 3, 4, 5, 6, 7, 8,
            9, 10};
        GuardedBytes.assertWritten(buffer, 2, expected, (byte)0xEE);
    }

    @Test
    void roundTrips()
    {
        MoldRequest.encode(buffer, 0, SESSION, 12_345, 678);

        assertThat(MoldRequest.validate(buffer, 0, MoldRequest.LENGTH)).isEqualTo(MoldRequest.VALID);
        assertThat(MoldRequest.sequenceNumber(buffer, 0)).isEqualTo(12_345);
        assertThat(MoldRequest.requestedMessageCount(buffer, 0)).isEqualTo(678);
        assertThat(MoldRequest.sessionEquals(buffer, 0, SESSION)).isTrue();
        assertThat(MoldRequest.sessionEquals(buffer, 0, MoldUDP64.session("SESSION-B"))).isFalse();
    }

    @Test
    void capsTheCountAtFfFe()
    {
        MoldRequest.encode(buffer, 0, SESSION, 1, 100_000);

        assertThat(MoldRequest.requestedMessageCount(buffer, 0)).isEqualTo(0xFFFE);
        assertThat(MoldRequest.MAX_REQUEST_COUNT).isEqualTo(0xFFFE);
        assertThat(MoldRequest.validate(buffer, 0, MoldRequest.LENGTH)).isEqualTo(MoldRequest.VALID);
    }

    @Test
    void rejectsAnyOtherLength()
    {
        MoldRequest.encode(buffer, 0, SESSION, 1, 1);

        assertThat(MoldRequest.validate(buffer, 0, 19)).isEqualTo(MoldRequest.BAD_LENGTH);
        assertThat(MoldRequest.validate(buffer, 0, 21)).isEqualTo(MoldRequest.BAD_LENGTH);
        assertThat(MoldRequest.validate(buffer, 0, 0)).isEqualTo(MoldRequest.BAD_LENGTH);
    }

    @Test
    void rejectsSequenceNumberZeroAndNegative()
    {
        MoldUDP64.header(buffer, 0, SESSION, 0, 1);
        assertThat(MoldRequest.validate(buffer, 0, 20)).isEqualTo(MoldRequest.BAD_SEQUENCE_NUMBER);

        MoldUDP64.header(buffer, 0, SESSION, Long.MIN_VALUE, 1);
        assertThat(MoldRequest.validate(buffer, 0, 20)).isEqualTo(MoldRequest.BAD_SEQUENCE_NUMBER);
    }

    @Test
    void rejectsCountZeroAndEndOfSessionCount()
    {
        MoldUDP64.header(buffer, 0, SESSION, 5, 0);
        assertThat(MoldRequest.validate(buffer, 0, 20)).isEqualTo(MoldRequest.BAD_COUNT);

        MoldUDP64.header(buffer, 0, SESSION, 5, 0xFFFF);
        assertThat(MoldRequest.validate(buffer, 0, 20)).isEqualTo(MoldRequest.BAD_COUNT);
    }
}
