package io.wirebook.soupbintcp;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoupBinTCPTest
{
    private static final byte[] SESSION = "SESSION-A ".getBytes(StandardCharsets.US_ASCII);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    @Test
    void loginRequestIsFortySixBytesOfPaddedFields()
    {
        final int length = SoupBinTCP.loginRequest(buffer, 1, "user", "secret", null, 1);

        assertThat(length).isEqualTo(49);
        assertThat(SoupBinTCP.packetLength(buffer, 1)).isEqualTo(47);
        assertThat(SoupBinTCP.frameLength(buffer, 1)).isEqualTo(49);
        assertThat(SoupBinTCP.packetType(buffer, 1)).isEqualTo(SoupBinTCP.LOGIN_REQUEST);
        assertThat(text(1 + 3, 46)).isEqualTo("user  " + "secret    " + " ".repeat(10) + " ".repeat(19) + "1");
    }

    @Test
    void loginRequestRoundTrips()
    {
        SoupBinTCP.loginRequest(buffer, 0, "ab", "pw", SESSION, 1234567);
        final int payload = SoupBinTCP.PAYLOAD_OFFSET;

        assertThat(SoupBinTCP.alpha(buffer, payload + SoupBinTCP.USERNAME_OFFSET, 6)).isEqualTo("ab");
        assertThat(SoupBinTCP.alphaEquals(buffer, payload + SoupBinTCP.USERNAME_OFFSET, 6, "ab")).isTrue();
        assertThat(SoupBinTCP.alphaEquals(buffer, payload + SoupBinTCP.USERNAME_OFFSET, 6, "abc")).isFalse();
        assertThat(SoupBinTCP.alphaEquals(buffer, payload + SoupBinTCP.PASSWORD_OFFSET, 10, "pw")).isTrue();
        assertThat(SoupBinTCP.alpha(buffer, payload + SoupBinTCP.REQUESTED_SESSION_OFFSET, 10)).isEqualTo("SESSION-A");
        assertThat(SoupBinTCP.numeric(buffer, payload + SoupBinTCP.REQUESTED_SEQUENCE_NUMBER_OFFSET, 20))
            .isEqualTo(1234567);
    }

    @Test
    void loginAcceptedRoundTrips()
    {
        assertThat(SoupBinTCP.loginAccepted(buffer, 0, SESSION, 42)).isEqualTo(33);

        assertThat(SoupBinTCP.packetLength(buffer, 0)).isEqualTo(31);
        assertThat(SoupBinTCP.packetType(buffer, 0)).isEqualTo(SoupBinTCP.LOGIN_ACCEPTED);
        assertThat(text(3, 30)).isEqualTo("SESSION-A                   42");
        assertThat(SoupBinTCP.numeric(buffer, 3 + SoupBinTCP.SEQUENCE_NUMBER_OFFSET, 20)).isEqualTo(42);
    }

    @Test
    void loginRejectedCarriesItsReason()
    {
        assertThat(SoupBinTCP.loginRejected(buffer, 0, SoupBinTCP.SESSION_NOT_AVAILABLE)).isEqualTo(4);

        assertThat(SoupBinTCP.packetLength(buffer, 0)).isEqualTo(2);
        assertThat(SoupBinTCP.packetType(buffer, 0)).isEqualTo(SoupBinTCP.LOGIN_REJECTED);
        assertThat(buffer.getByte(3)).isEqualTo((byte)'S');
    }

    @Test
    void emptyPacketsAreLengthOneAndAType()
    {
        for (final byte type : new byte[]{
            SoupBinTCP.SERVER_HEARTBEAT, SoupBinTCP.CLIENT_HEARTBEAT, SoupBinTCP.END_OF_SESSION,
            SoupBinTCP.LOGOUT_REQUEST})
        {
            assertThat(SoupBinTCP.emptyPacket(buffer, 5, type)).isEqualTo(3);
            assertThat(buffer.getByte(5)).isZero();
            assertThat(buffer.getByte(6)).isEqualTo((byte)1);
            assertThat(SoupBinTCP.packetType(buffer, 5)).isEqualTo(type);
            assertThat(SoupBinTCP.payloadLength(buffer, 5)).isZero();
        }
    }

    @Test
    void sequencedDataCarriesOneMessage()
    {
        final UnsafeBuffer message = new UnsafeBuffer("hello".getBytes(StandardCharsets.US_ASCII));

        assertThat(SoupBinTCP.sequencedData(buffer, 0, message, 1, 4)).isEqualTo(7);

        assertThat(SoupBinTCP.packetLength(buffer, 0)).isEqualTo(5);
        assertThat(SoupBinTCP.packetType(buffer, 0)).isEqualTo(SoupBinTCP.SEQUENCED_DATA);
        assertThat(text(3, 4)).isEqualTo("ello");
    }

    @Test
    void packetLengthZeroHasNoType()
    {
        buffer.putShort(0, (short)0);

        assertThat(SoupBinTCP.frameLength(buffer, 0)).isEqualTo(2);
        assertThat(SoupBinTCP.payloadLength(buffer, 0)).isNegative();
    }

    @Test
    void packetLengthIsUnsigned()
    {
        buffer.putByte(0, (byte)0xFF);
        buffer.putByte(1, (byte)0xFF);

        assertThat(SoupBinTCP.packetLength(buffer, 0)).isEqualTo(0xFFFF);
        assertThat(SoupBinTCP.frameLength(buffer, 0)).isEqualTo(SoupBinTCP.MAX_FRAME_LENGTH);
    }

    @Test
    void numericIsRightJustifiedAndReadsBack()
    {
        SoupBinTCP.putNumeric(buffer, 0, 20, 0);
        assertThat(text(0, 20)).isEqualTo("                   0");
        assertThat(SoupBinTCP.numeric(buffer, 0, 20)).isZero();

        SoupBinTCP.putNumeric(buffer, 0, 20, Long.MAX_VALUE);
        assertThat(text(0, 20)).isEqualTo(" 9223372036854775807");
        assertThat(SoupBinTCP.numeric(buffer, 0, 20)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void numericToleratesLeftJustifiedDigits()
    {
        put(0, "17                  ");

        assertThat(SoupBinTCP.numeric(buffer, 0, 20)).isEqualTo(17);
    }

    @Test
    void malformedNumericsAreRefused()
    {
        for (final String field : new String[]{
            "                    ", "                 1 2", "                  -1", "                 +12",
            "                 1a2", "99999999999999999999", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"})
        {
            put(0, field);
            assertThat(SoupBinTCP.numeric(buffer, 0, 20)).as(field).isEqualTo(SoupBinTCP.MALFORMED_NUMERIC);
        }
    }

    @Test
    void writersRefuseWhatTheFieldCannotHold()
    {
        assertThatThrownBy(() -> SoupBinTCP.putNumeric(buffer, 0, 2, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoupBinTCP.putNumeric(buffer, 0, 20, -1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoupBinTCP.putAlpha(buffer, 0, 6, "toolong"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoupBinTCP.putAlpha(buffer, 0, 6, "tab\t"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoupBinTCP.header(buffer, 0, SoupBinTCP.SEQUENCED_DATA, 0xFFFF))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private void put(final int offset, final String text)
    {
        buffer.putBytes(offset, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String text(final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
