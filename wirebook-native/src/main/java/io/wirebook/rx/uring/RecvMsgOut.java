package io.wirebook.rx.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

import io.wirebook.rx.socket.ControlMessages;
import io.wirebook.stats.HostClock;
import io.wirebook.sys.SockaddrIn;
import org.agrona.DirectBuffer;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Flyweight over what a multishot recvmsg leaves in a provided buffer: struct io_uring_recvmsg_out, then the
 * source address area (a {@link SockaddrIn}), then the control area (both as large as the msghdr the request was
 * armed with, whatever the kernel filled), then the payload. The control messages are scanned for IP_PKTINFO (the
 * datagram's destination address, i.e. its multicast group) and SO_TIMESTAMPING (the kernel's software receive
 * stamp) by {@link ControlMessages}, as on the socket paths. The header's lengths are checked against the areas
 * ({@link #wellFormed()}) rather than trusted.
 */
final class RecvMsgOut
{
    /** struct io_uring_recvmsg_out { __u32 namelen; __u32 controllen; __u32 payloadlen; __u32 flags; } */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(JAVA_INT.withName("namelen"),
        JAVA_INT.withName("controllen"), JAVA_INT.withName("payloadlen"), JAVA_INT.withName("flags"));
    static final int HEADER_LENGTH = (int)LAYOUT.byteSize();
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_TRUNC = 0x20;
    static final long NO_REALTIME = HostClock.NO_STAMP;

    private static final int OUT_NAMELEN = (int)LAYOUT.byteOffset(groupElement("namelen"));
    private static final int OUT_CONTROLLEN = (int)LAYOUT.byteOffset(groupElement("controllen"));
    private static final int OUT_PAYLOADLEN = (int)LAYOUT.byteOffset(groupElement("payloadlen"));
    private static final int OUT_FLAGS = (int)LAYOUT.byteOffset(groupElement("flags"));

    private final ControlMessages control;
    private boolean wellFormed;
    private int sourceAddress;
    private int sourcePort;
    private int payloadOffset;
    private int payloadLength;
    private int flags;
    private int destination;
    private boolean hasDestination;
    private long realtimeNanos;

    /** @param control parses the control area, the same way the socket paths parse theirs. */
    RecvMsgOut(final ControlMessages control)
    {
        this.control = control;
    }

    /**
     * Parses the buffer region the kernel used.
     *
     * @param offset          where the buffer starts.
     * @param used            the CQE's res: bytes the kernel wrote into the buffer.
     * @param nameCapacity    msg_namelen of the armed msghdr.
     * @param controlCapacity msg_controllen of the armed msghdr.
     * @return false when the region is too short to hold what the header claims (malformed).
     */
    boolean wrap(
        final DirectBuffer buffer, final int offset, final int used, final int nameCapacity, final int controlCapacity)
    {
        hasDestination = false;
        wellFormed = false;
        sourceAddress = 0;
        sourcePort = 0;
        realtimeNanos = NO_REALTIME;
        final int payloadStart = HEADER_LENGTH + nameCapacity + controlCapacity;
        if (used < payloadStart)
        {
            return false;
        }
        flags = buffer.getInt(offset + OUT_FLAGS, ByteOrder.nativeOrder());
        final int nameLength = buffer.getInt(offset + OUT_NAMELEN, ByteOrder.nativeOrder());
        final int controlLength = buffer.getInt(offset + OUT_CONTROLLEN, ByteOrder.nativeOrder());
        final int payloadLen = buffer.getInt(offset + OUT_PAYLOADLEN, ByteOrder.nativeOrder());
        final int copied = used - payloadStart;
        payloadOffset = offset + payloadStart;
        // payloadlen may be the datagram's full length (MSG_TRUNC); only what fitted in the buffer is there.
        payloadLength = Math.min(copied, payloadLen < 0 ? 0 : payloadLen);
        wellFormed = nameLength >= 0 && nameLength <= nameCapacity
            && controlLength >= 0 && controlLength <= controlCapacity
            && payloadLen >= copied && (payloadLen == copied || truncated());
        if (nameLength >= SockaddrIn.SIZE && nameCapacity >= SockaddrIn.SIZE)
        {
            sourceAddress = SockaddrIn.address(buffer, offset + HEADER_LENGTH);
            sourcePort = SockaddrIn.port(buffer, offset + HEADER_LENGTH);
        }

        final int controlStart = offset + HEADER_LENGTH + nameCapacity;
        control.parse(buffer, controlStart, Math.min(Math.max(controlLength, 0), controlCapacity));
        destination = control.destination();
        hasDestination = destination != ControlMessages.NO_DESTINATION;
        realtimeNanos = control.realtimeNanos();
        return true;
    }

    /**
     * Whether the header's lengths fit the areas the request was armed with: namelen and controllen within their
     * areas, payloadlen no less than what was copied, and more only when the datagram was truncated.
     */
    boolean wellFormed()
    {
        return wellFormed;
    }

    /** The datagram's IPv4 source address, host order; 0 when the kernel gave no sockaddr_in. */
    int sourceAddress()
    {
        return sourceAddress;
    }

    /** The datagram's UDP source port; 0 when the kernel gave no sockaddr_in. */
    int sourcePort()
    {
        return sourcePort;
    }

    int payloadOffset()
    {
        return payloadOffset;
    }

    int payloadLength()
    {
        return payloadLength;
    }

    /** The datagram was longer than the buffer had room for. */
    boolean truncated()
    {
        return (flags & MSG_TRUNC) != 0;
    }

    boolean hasDestination()
    {
        return hasDestination;
    }

    /** IPv4 destination address, host order. */
    int destination()
    {
        return destination;
    }

    /** The kernel's CLOCK_REALTIME receive stamp in nanoseconds, or {@link #NO_REALTIME}. */
    long realtimeNanos()
    {
        return realtimeNanos;
    }
}
