package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.wirebook.sys.SockaddrIn;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The native memory a socket path receives into, allocated once at open: {@code count} struct mmsghdr (each
 * starting with its struct msghdr, so slot 0 also serves plain recvmsg), one iovec, one source address
 * ({@link SockaddrIn}, msg_name), one control buffer and one payload slot per header. Payload and control regions
 * are each wrapped once by an {@link UnsafeBuffer} that is handed out as is, so a datagram reaches the handler
 * without a copy or an allocation.
 *
 * <p>64-bit layouts: msghdr {name@0, namelen@8, iov@16, iovlen@24, control@32, controllen@40, flags@48} (56 bytes);
 * mmsghdr adds msg_len@56 (64 bytes); iovec {base@0, len@8} (16 bytes).
 */
public final class ReceiveSlots
{
    public static final int MMSGHDR_SIZE = 64;
    public static final int IOVEC_SIZE = 16;
    /** Room for IP_PKTINFO (32) and SCM_TIMESTAMPING (64), with slack for anything else the kernel adds. */
    public static final int CONTROL_SIZE = 256;

    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int MSG_FLAGS = 48;
    private static final int MSG_LEN = 56;

    private final int count;
    private final int payloadSize;
    private final long headersAddress;
    private final UnsafeBuffer headers;
    private final UnsafeBuffer names;
    private final UnsafeBuffer control;
    private final UnsafeBuffer payload;

    public ReceiveSlots(final Arena arena, final int count, final int payloadSize)
    {
        this.count = count;
        this.payloadSize = payloadSize;
        final MemorySegment headerMemory = arena.allocate((long)count * MMSGHDR_SIZE, 64);
        final MemorySegment iovecMemory = arena.allocate((long)count * IOVEC_SIZE, 64);
        final MemorySegment nameMemory = arena.allocate((long)count * SockaddrIn.SIZE, 64);
        final MemorySegment controlMemory = arena.allocate((long)count * CONTROL_SIZE, 64);
        final MemorySegment payloadMemory = arena.allocate((long)count * payloadSize, 64);
        headersAddress = headerMemory.address();
        headers = new UnsafeBuffer(headerMemory.address(), (int)headerMemory.byteSize());
        names = new UnsafeBuffer(nameMemory.address(), (int)nameMemory.byteSize());
        control = new UnsafeBuffer(controlMemory.address(), (int)controlMemory.byteSize());
        payload = new UnsafeBuffer(payloadMemory.address(), (int)payloadMemory.byteSize());
        final UnsafeBuffer iovecs = new UnsafeBuffer(iovecMemory.address(), (int)iovecMemory.byteSize());
        for (int i = 0; i < count; i++)
        {
            final int iovec = i * IOVEC_SIZE;
            iovecs.putLong(iovec, payloadMemory.address() + (long)i * payloadSize);
            iovecs.putLong(iovec + 8, payloadSize);
            final int header = i * MMSGHDR_SIZE;
            // The kernel writes back the name's length, always sizeof(sockaddr_in) on an AF_INET socket, so
            // msg_namelen needs no reset between receives (unlike msg_controllen).
            headers.putLong(header + MSG_NAME, nameMemory.address() + (long)i * SockaddrIn.SIZE);
            headers.putInt(header + MSG_NAMELEN, SockaddrIn.SIZE);
            headers.putLong(header + MSG_IOV, iovecMemory.address() + iovec);
            headers.putLong(header + MSG_IOVLEN, 1);
            headers.putLong(header + MSG_CONTROL, controlMemory.address() + (long)i * CONTROL_SIZE);
            headers.putLong(header + MSG_CONTROLLEN, CONTROL_SIZE);
        }
    }

    public int count()
    {
        return count;
    }

    public int payloadSize()
    {
        return payloadSize;
    }

    /** The address of slot {@code slot}'s header: a struct msghdr for recvmsg, the array start for recvmmsg. */
    public long headerAddress(final int slot)
    {
        return headersAddress + (long)slot * MMSGHDR_SIZE;
    }

    /** recvmmsg's msg_len for a slot: the datagram's length. */
    public int receivedLength(final int slot)
    {
        return headers.getInt(slot * MMSGHDR_SIZE + MSG_LEN);
    }

    /** msg_flags the kernel wrote back (MSG_TRUNC, MSG_CTRUNC). */
    public int flags(final int slot)
    {
        return headers.getInt(slot * MMSGHDR_SIZE + MSG_FLAGS);
    }

    /** msg_controllen the kernel wrote back: how much control data there is. */
    public int controlLength(final int slot)
    {
        return (int)headers.getLong(slot * MMSGHDR_SIZE + MSG_CONTROLLEN);
    }

    /** The kernel shrinks msg_controllen to what it wrote, so it is put back before the slot is reused. */
    public void resetControlLength(final int slot)
    {
        headers.putLong(slot * MMSGHDR_SIZE + MSG_CONTROLLEN, CONTROL_SIZE);
    }

    /** The datagram's IPv4 source address (msg_name's sin_addr), host order. */
    public int sourceAddress(final int slot)
    {
        return SockaddrIn.address(names, slot * SockaddrIn.SIZE);
    }

    /** The datagram's UDP source port (msg_name's sin_port). */
    public int sourcePort(final int slot)
    {
        return SockaddrIn.port(names, slot * SockaddrIn.SIZE);
    }

    public UnsafeBuffer control()
    {
        return control;
    }

    public int controlOffset(final int slot)
    {
        return slot * CONTROL_SIZE;
    }

    public UnsafeBuffer payload()
    {
        return payload;
    }

    public int payloadOffset(final int slot)
    {
        return slot * payloadSize;
    }
}
