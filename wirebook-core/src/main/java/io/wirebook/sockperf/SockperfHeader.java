package io.wirebook.sockperf;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The header that starts every sockperf message (Mellanox sockperf, src/message.h, {@code class MsgHeader} under
 * {@code #pragma pack(2)}), in network byte order: the sequence number, the flags and the message's whole length,
 * header included. Over UDP one datagram carries one message. Read and written in place.
 *
 * <pre>
 * offset 0   u64 m_sequence_number
 * offset 8   u16 m_flags            CLIENT 1, PONG_REQUEST 2, WARMUP 4
 * offset 10  u32 length             of the whole message, header included
 * </pre>
 */
public final class SockperfHeader
{
    public static final int SEQUENCE_NUMBER = 0;
    public static final int FLAGS = 8;
    public static final int LENGTH = 10;
    /** MsgHeader::EFFECTIVE_SIZE: the bytes the header takes on the wire. */
    public static final int SIZE = 14;

    /** Sent by a client (a server clears it in its reply). */
    public static final int CLIENT = 1;
    /** The client asks for a reply to this message (every one in ping-pong, one in N under load). */
    public static final int PONG_REQUEST = 2;
    /** Sent before the measurement: never answered, never counted. */
    public static final int WARMUP = 4;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private SockperfHeader()
    {
    }

    public static long sequenceNumber(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_NUMBER, BE);
    }

    public static int flags(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + FLAGS, BE) & 0xFFFF;
    }

    public static void flags(final MutableDirectBuffer buffer, final int offset, final int flags)
    {
        buffer.putShort(offset + FLAGS, (short)flags, BE);
    }

    /** The message's length as its header gives it, header included (unsigned, as sockperf compares it). */
    public static long length(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + LENGTH, BE) & 0xFFFF_FFFFL;
    }
}
