package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import io.wirebook.sys.Libc;
import io.wirebook.sys.SockaddrIn;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The native memory a kernel-socket transmitter sends from, allocated once at open: {@code count} struct mmsghdr
 * (each starting with its struct msghdr, so one slot also serves sendmsg, and an io_uring SENDMSG SQE points at
 * one), each with one iovec, one destination ({@link SockaddrIn}, msg_name) and one payload slot. Filling a slot
 * copies the payload and writes the destination: no allocation, no system call.
 */
public final class SendSlots
{
    private static final int ALIGNMENT = 64;

    private final int count;
    private final int payloadSize;
    private final long headersAddress;
    private final UnsafeBuffer headers;
    private final UnsafeBuffer iovecs;
    private final UnsafeBuffer names;
    private final UnsafeBuffer payload;

    public SendSlots(final Arena arena, final int count, final int payloadSize)
    {
        this.count = count;
        this.payloadSize = payloadSize;
        final MemorySegment headerMemory = arena.allocate((long)count * MsgHdr.MMSGHDR_SIZE, ALIGNMENT);
        final MemorySegment iovecMemory = arena.allocate((long)count * MsgHdr.IOVEC_SIZE, ALIGNMENT);
        final MemorySegment nameMemory = arena.allocate((long)count * SockaddrIn.SIZE, ALIGNMENT);
        final MemorySegment payloadMemory = arena.allocate((long)count * payloadSize, ALIGNMENT);
        headersAddress = headerMemory.address();
        headers = new UnsafeBuffer(headerMemory.address(), (int)headerMemory.byteSize());
        iovecs = new UnsafeBuffer(iovecMemory.address(), (int)iovecMemory.byteSize());
        names = new UnsafeBuffer(nameMemory.address(), (int)nameMemory.byteSize());
        payload = new UnsafeBuffer(payloadMemory.address(), (int)payloadMemory.byteSize());
        for (int i = 0; i < count; i++)
        {
            final int iovec = i * MsgHdr.IOVEC_SIZE;
            iovecs.putLong(iovec + MsgHdr.IOV_BASE, payloadMemory.address() + (long)i * payloadSize);
            final int header = i * MsgHdr.MMSGHDR_SIZE;
            headers.putLong(header + MsgHdr.NAME, nameMemory.address() + (long)i * SockaddrIn.SIZE);
            headers.putInt(header + MsgHdr.NAMELEN, SockaddrIn.SIZE);
            headers.putLong(header + MsgHdr.IOV, iovecMemory.address() + iovec);
            headers.putLong(header + MsgHdr.IOVLEN, 1);
            names.putShort(i * SockaddrIn.SIZE + SockaddrIn.SIN_FAMILY, (short)Libc.AF_INET);
        }
    }

    public int count()
    {
        return count;
    }

    /** The longest payload a slot holds. */
    public int payloadSize()
    {
        return payloadSize;
    }

    /** The address of a slot's header: a struct msghdr for sendmsg, the array start for sendmmsg. */
    public long headerAddress(final int slot)
    {
        return headersAddress + (long)slot * MsgHdr.MMSGHDR_SIZE;
    }

    /** Copies {@code length} bytes of payload into a slot, addressed to {@code address}:{@code port}. */
    public void fill(
        final int slot, final int address, final int port, final DirectBuffer source, final int offset,
        final int length)
    {
        final int name = slot * SockaddrIn.SIZE;
        names.putShort(name + SockaddrIn.SIN_PORT, (short)port, ByteOrder.BIG_ENDIAN);
        names.putInt(name + SockaddrIn.SIN_ADDR, address, ByteOrder.BIG_ENDIAN);
        payload.putBytes(slot * payloadSize, source, offset, length);
        iovecs.putLong(slot * MsgHdr.IOVEC_SIZE + MsgHdr.IOV_LEN, length);
    }
}
