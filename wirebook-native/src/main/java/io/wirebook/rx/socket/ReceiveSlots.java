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
 * <p>Layouts: {@link MsgHdr}; a struct mmsghdr starts with its msghdr, so the msghdr offsets hold in it.
 */
public final class ReceiveSlots
{
    public static final int MMSGHDR_SIZE = MsgHdr.MMSGHDR_SIZE;
    public static final int IOVEC_SIZE = MsgHdr.IOVEC_SIZE;
    /** Room for IP_PKTINFO (32) and SCM_TIMESTAMPING (64), with slack for anything else the kernel adds. */
    public static final int CONTROL_SIZE = 256;
    /** Each region starts on a cache line of its own. */
    private static final int ALIGNMENT = 64;

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
        final MemorySegment headerMemory = arena.allocate((long)count * MMSGHDR_SIZE, ALIGNMENT);
        final MemorySegment iovecMemory = arena.allocate((long)count * IOVEC_SIZE, ALIGNMENT);
        final MemorySegment nameMemory = arena.allocate((long)count * SockaddrIn.SIZE, ALIGNMENT);
        final MemorySegment controlMemory = arena.allocate((long)count * CONTROL_SIZE, ALIGNMENT);
        final MemorySegment payloadMemory = arena.allocate((long)count * payloadSize, ALIGNMENT);
        headersAddress = headerMemory.address();
        headers = new UnsafeBuffer(headerMemory.address(), (int)headerMemory.byteSize());
        names = new UnsafeBuffer(nameMemory.address(), (int)nameMemory.byteSize());
        control = new UnsafeBuffer(controlMemory.address(), (int)controlMemory.byteSize());
        payload = new UnsafeBuffer(payloadMemory.address(), (int)payloadMemory.byteSize());
        final UnsafeBuffer iovecs = new UnsafeBuffer(iovecMemory.address(), (int)iovecMemory.byteSize());
        for (int i = 0; i < count; i++)
        {
            final int iovec = i * IOVEC_SIZE;
            iovecs.putLong(iovec + MsgHdr.IOV_BASE, payloadMemory.address() + (long)i * payloadSize);
            iovecs.putLong(iovec + MsgHdr.IOV_LEN, payloadSize);
            final int header = i * MMSGHDR_SIZE;
            // The kernel writes back the name's length, always sizeof(sockaddr_in) on an AF_INET socket, so
            // msg_namelen needs no reset between receives (unlike msg_controllen).
            headers.putLong(header + MsgHdr.NAME, nameMemory.address() + (long)i * SockaddrIn.SIZE);
            headers.putInt(header + MsgHdr.NAMELEN, SockaddrIn.SIZE);
            headers.putLong(header + MsgHdr.IOV, iovecMemory.address() + iovec);
            headers.putLong(header + MsgHdr.IOVLEN, 1);
            headers.putLong(header + MsgHdr.CONTROL, controlMemory.address() + (long)i * CONTROL_SIZE);
            headers.putLong(header + MsgHdr.CONTROLLEN, CONTROL_SIZE);
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
        return headers.getInt(slot * MMSGHDR_SIZE + MsgHdr.MSG_LEN);
    }

    /** msg_flags the kernel wrote back (MSG_TRUNC, MSG_CTRUNC). */
    public int flags(final int slot)
    {
        return headers.getInt(slot * MMSGHDR_SIZE + MsgHdr.FLAGS);
    }

    /** msg_controllen the kernel wrote back: how much control data there is. */
    public int controlLength(final int slot)
    {
        return (int)headers.getLong(slot * MMSGHDR_SIZE + MsgHdr.CONTROLLEN);
    }

    /** The kernel shrinks msg_controllen to what it wrote, so it is put back before the slot is reused. */
    public void resetControlLength(final int slot)
    {
        headers.putLong(slot * MMSGHDR_SIZE + MsgHdr.CONTROLLEN, CONTROL_SIZE);
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
