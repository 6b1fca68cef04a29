package io.wirebook.soupbintcp;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * SoupBinTCP 3.00 framing, as NASDAQ specifies it: every packet is a 2-byte big-endian Packet Length that counts
 * the bytes after itself, a 1-byte Packet Type, and a payload. Numeric fields are ASCII digits right-justified and
 * left-padded with spaces; Alpha fields are ASCII left-justified and right-padded with spaces.
 *
 * <p>Each method writes one whole packet ("frame": length field included) at {@code offset} and returns its length,
 * or reads one field of a frame at {@code offset}. Nothing is allocated except by {@link #alpha}.
 */
public final class SoupBinTCP
{
    public static final int PACKET_LENGTH_OFFSET = 0;
    public static final int PACKET_LENGTH_FIELD_LENGTH = 2;
    public static final int PACKET_TYPE_OFFSET = 2;
    /** Where the payload starts, from the start of the frame. */
    public static final int PAYLOAD_OFFSET = 3;
    public static final int HEADER_LENGTH = PAYLOAD_OFFSET;
    /** Largest Packet Length field: type and payload. */
    public static final int MAX_PACKET_LENGTH = 0xFFFF;
    public static final int MAX_PAYLOAD_LENGTH = MAX_PACKET_LENGTH - 1;
    /** Largest frame, the length field included: what a reader's buffer must hold. */
    public static final int MAX_FRAME_LENGTH = PACKET_LENGTH_FIELD_LENGTH + MAX_PACKET_LENGTH;

    /** Both directions. */
    public static final byte DEBUG = '+';

    /** Server to client. */
    public static final byte LOGIN_ACCEPTED = 'A';
    public static final byte LOGIN_REJECTED = 'J';
    public static final byte SEQUENCED_DATA = 'S';
    public static final byte SERVER_HEARTBEAT = 'H';
    public static final byte END_OF_SESSION = 'Z';

    /** Client to server. */
    public static final byte LOGIN_REQUEST = 'L';
    public static final byte UNSEQUENCED_DATA = 'U';
    public static final byte CLIENT_HEARTBEAT = 'R';
    public static final byte LOGOUT_REQUEST = 'O';

    public static final int USERNAME_LENGTH = 6;
    public static final int PASSWORD_LENGTH = 10;
    public static final int SESSION_LENGTH = 10;
    public static final int SEQUENCE_NUMBER_LENGTH = 20;

    /** Login Request payload. */
    public static final int USERNAME_OFFSET = 0;
    public static final int PASSWORD_OFFSET = USERNAME_OFFSET + USERNAME_LENGTH;
    public static final int REQUESTED_SESSION_OFFSET = PASSWORD_OFFSET + PASSWORD_LENGTH;
    public static final int REQUESTED_SEQUENCE_NUMBER_OFFSET = REQUESTED_SESSION_OFFSET + SESSION_LENGTH;
    public static final int LOGIN_REQUEST_LENGTH = REQUESTED_SEQUENCE_NUMBER_OFFSET + SEQUENCE_NUMBER_LENGTH;

    /** Login Accepted payload. */
    public static final int SESSION_OFFSET = 0;
    public static final int SEQUENCE_NUMBER_OFFSET = SESSION_OFFSET + SESSION_LENGTH;
    public static final int LOGIN_ACCEPTED_LENGTH = SEQUENCE_NUMBER_OFFSET + SEQUENCE_NUMBER_LENGTH;

    /** Login Rejected payload. */
    public static final int REJECT_REASON_CODE_OFFSET = 0;
    public static final int LOGIN_REJECTED_LENGTH = 1;
    public static final byte NOT_AUTHORIZED = 'A';
    public static final byte SESSION_NOT_AVAILABLE = 'S';

    /** What {@link #numeric} returns for a field that is not a right-justified non-negative number. */
    public static final long MALFORMED_NUMERIC = -1;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final byte SPACE = ' ';

    private SoupBinTCP()
    {
    }

    /**
     * Writes the length field and type of a packet whose payload of {@code payloadLength} bytes follows.
     *
     * @return {@link #HEADER_LENGTH}.
     */
    public static int header(
        final MutableDirectBuffer buffer, final int offset, final byte packetType, final int payloadLength)
    {
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH)
        {
            throw new IllegalArgumentException("SoupBinTCP payload is 0.." + MAX_PAYLOAD_LENGTH + ": " + payloadLength);
        }
        buffer.putShort(offset + PACKET_LENGTH_OFFSET, (short)(1 + payloadLength), BE);
        buffer.putByte(offset + PACKET_TYPE_OFFSET, packetType);
        return HEADER_LENGTH;
    }

    /** A packet with no payload: heartbeats, End of Session, Logout Request. */
    public static int emptyPacket(final MutableDirectBuffer buffer, final int offset, final byte packetType)
    {
        return header(buffer, offset, packetType, 0);
    }

    /**
     * @param requestedSession ten bytes, or null for all spaces: the server's current session.
     * @param requestedSequenceNumber the next sequence number wanted; 0 asks for the most recent one.
     */
    public static int loginRequest(
        final MutableDirectBuffer buffer, final int offset, final CharSequence username, final CharSequence password,
        final byte[] requestedSession, final long requestedSequenceNumber)
    {
        header(buffer, offset, LOGIN_REQUEST, LOGIN_REQUEST_LENGTH);
        final int payload = offset + PAYLOAD_OFFSET;
        putAlpha(buffer, payload + USERNAME_OFFSET, USERNAME_LENGTH, username);
        putAlpha(buffer, payload + PASSWORD_OFFSET, PASSWORD_LENGTH, password);
        if (requestedSession == null)
        {
            buffer.setMemory(payload + REQUESTED_SESSION_OFFSET, SESSION_LENGTH, SPACE);
        }
        else
        {
            buffer.putBytes(payload + REQUESTED_SESSION_OFFSET, requestedSession, 0, SESSION_LENGTH);
        }
        putNumeric(buffer, payload + REQUESTED_SEQUENCE_NUMBER_OFFSET, SEQUENCE_NUMBER_LENGTH, requestedSequenceNumber);
        return HEADER_LENGTH + LOGIN_REQUEST_LENGTH;
    }

    public static int loginAccepted(
        final MutableDirectBuffer buffer, final int offset, final byte[] session, final long sequenceNumber)
    {
        header(buffer, offset, LOGIN_ACCEPTED, LOGIN_ACCEPTED_LENGTH);
        final int payload = offset + PAYLOAD_OFFSET;
        buffer.putBytes(payload + SESSION_OFFSET, session, 0, SESSION_LENGTH);
        putNumeric(buffer, payload + SEQUENCE_NUMBER_OFFSET, SEQUENCE_NUMBER_LENGTH, sequenceNumber);
        return HEADER_LENGTH + LOGIN_ACCEPTED_LENGTH;
    }

    /** @param rejectReasonCode {@link #NOT_AUTHORIZED} or {@link #SESSION_NOT_AVAILABLE}. */
    public static int loginRejected(final MutableDirectBuffer buffer, final int offset, final byte rejectReasonCode)
    {
        header(buffer, offset, LOGIN_REJECTED, LOGIN_REJECTED_LENGTH);
        buffer.putByte(offset + PAYLOAD_OFFSET + REJECT_REASON_CODE_OFFSET, rejectReasonCode);
        return HEADER_LENGTH + LOGIN_REJECTED_LENGTH;
    }

    /** A Sequenced Data packet carrying one message. */
    public static int sequencedData(
        final MutableDirectBuffer buffer, final int offset, final DirectBuffer message, final int messageOffset,
        final int messageLength)
    {
        header(buffer, offset, SEQUENCED_DATA, messageLength);
        buffer.putBytes(offset + PAYLOAD_OFFSET, message, messageOffset, messageLength);
        return HEADER_LENGTH + messageLength;
    }

    /** The Packet Length field of the frame at {@code offset}: type and payload, 0..65535. */
    public static int packetLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + PACKET_LENGTH_OFFSET, BE) & 0xFFFF;
    }

    /** The whole frame's length, the length field included. */
    public static int frameLength(final DirectBuffer buffer, final int offset)
    {
        return PACKET_LENGTH_FIELD_LENGTH + packetLength(buffer, offset);
    }

    /** The payload length of a frame; negative if its Packet Length is 0 (no type, a malformed frame). */
    public static int payloadLength(final DirectBuffer buffer, final int offset)
    {
        return packetLength(buffer, offset) - 1;
    }

    public static byte packetType(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + PACKET_TYPE_OFFSET);
    }

    /**
     * Writes an Alpha field: printable ASCII, left-justified, right-padded with spaces.
     *
     * @throws IllegalArgumentException if the value is longer than the field or not printable ASCII.
     */
    public static void putAlpha(
        final MutableDirectBuffer buffer, final int offset, final int fieldLength, final CharSequence value)
    {
        if (value.length() > fieldLength)
        {
            throw new IllegalArgumentException("SoupBinTCP field holds " + fieldLength + " characters: " + value);
        }
        for (int i = 0; i < fieldLength; i++)
        {
            final char c = i < value.length() ? value.charAt(i) : ' ';
            if (c < 0x20 || c > 0x7E)
            {
                throw new IllegalArgumentException("SoupBinTCP field must be printable ASCII: " + value);
            }
            buffer.putByte(offset + i, (byte)c);
        }
    }

    /** Whether an Alpha field holds {@code value}, trailing spaces aside. */
    public static boolean alphaEquals(
        final DirectBuffer buffer, final int offset, final int fieldLength, final CharSequence value)
    {
        if (value.length() > fieldLength)
        {
            return false;
        }
        for (int i = 0; i < fieldLength; i++)
        {
            final int c = i < value.length() ? value.charAt(i) : ' ';
            if ((buffer.getByte(offset + i) & 0xFF) != c)
            {
                return false;
            }
        }
        return true;
    }

    /** An Alpha field as text, trailing spaces removed. For set-up code and messages, not a hot path. */
    public static String alpha(final DirectBuffer buffer, final int offset, final int fieldLength)
    {
        int end = fieldLength;
        while (end > 0 && buffer.getByte(offset + end - 1) == SPACE)
        {
            end--;
        }
        return buffer.getStringWithoutLengthAscii(offset, end);
    }

    /**
     * Writes a Numeric field: decimal digits, right-justified, left-padded with spaces.
     *
     * @throws IllegalArgumentException if the value is negative or has more digits than the field.
     */
    public static void putNumeric(
        final MutableDirectBuffer buffer, final int offset, final int fieldLength, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("SoupBinTCP numeric field is non-negative: " + value);
        }
        long rest = value;
        int at = offset + fieldLength - 1;
        do
        {
            if (at < offset)
            {
                throw new IllegalArgumentException("SoupBinTCP numeric field of " + fieldLength + " digits: " + value);
            }
            buffer.putByte(at--, (byte)('0' + rest % 10));
            rest /= 10;
        }
        while (rest != 0);
        while (at >= offset)
        {
            buffer.putByte(at--, SPACE);
        }
    }

    /**
     * Reads a Numeric field: spaces, then at least one digit, then only digits. Trailing spaces are tolerated too,
     * as some servers left-justify.
     *
     * @return the value, or {@link #MALFORMED_NUMERIC} if the field is blank, holds anything else, or overflows.
     */
    public static long numeric(final DirectBuffer buffer, final int offset, final int fieldLength)
    {
        int i = 0;
        while (i < fieldLength && buffer.getByte(offset + i) == SPACE)
        {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < fieldLength)
        {
            final byte b = buffer.getByte(offset + i);
            if (b < '0' || b > '9')
            {
                break;
            }
            if (value > (Long.MAX_VALUE - (b - '0')) / 10)
            {
                return MALFORMED_NUMERIC;
            }
            value = value * 10 + (b - '0');
            digits++;
            i++;
        }
        while (i < fieldLength && buffer.getByte(offset + i) == SPACE)
        {
            i++;
        }
        return digits == 0 || i != fieldLength ? MALFORMED_NUMERIC : value;
    }
}
