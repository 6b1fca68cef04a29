package io.wirebook.rx.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;

import static io.wirebook.rx.uring.IoUringAbi.BUF_ADDR;
import static io.wirebook.rx.uring.IoUringAbi.BUF_BID;
import static io.wirebook.rx.uring.IoUringAbi.BUF_LEN;
import static io.wirebook.rx.uring.IoUringAbi.BUF_REG_BGID;
import static io.wirebook.rx.uring.IoUringAbi.BUF_REG_RING_ADDR;
import static io.wirebook.rx.uring.IoUringAbi.BUF_REG_RING_ENTRIES;
import static io.wirebook.rx.uring.IoUringAbi.BUF_REG_SIZE;
import static io.wirebook.rx.uring.IoUringAbi.BUF_RING_TAIL;
import static io.wirebook.rx.uring.IoUringAbi.BUF_SIZE;
import static io.wirebook.rx.uring.IoUringAbi.EINVAL;
import static io.wirebook.rx.uring.IoUringAbi.ENOMEM;
import static io.wirebook.rx.uring.IoUringAbi.EPERM;
import static io.wirebook.rx.uring.IoUringAbi.IORING_REGISTER_PBUF_RING;
import static io.wirebook.rx.uring.IoUringAbi.IORING_UNREGISTER_PBUF_RING;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A ring of receive buffers the kernel picks from (IORING_REGISTER_PBUF_RING): one anonymous mapping holding the
 * ring of io_uring_buf descriptors (page-aligned, as the kernel requires) followed by the buffers themselves.
 * Allocated once; a buffer goes back to the kernel when {@link #recycle(int)} is followed by {@link #publish()},
 * which moves the ring tail with a release store.
 */
final class ProvidedBufferRing implements AutoCloseable
{
    private static final VarHandle SHORT = JAVA_SHORT.varHandle();
    private static final long PAGE_SIZE = 4096;

    private final IoUringRing ring;
    private final int bufferGroup;
    private final int count;
    private final int mask;
    private final int bufferSize;
    private final MemorySegment memory;
    private final long buffersOffset;
    private final long buffersAddress;
    private final MemorySegment registration;
    private int tail;
    private boolean closed;

    private ProvidedBufferRing(
        final IoUringRing ring, final int bufferGroup, final int count, final int bufferSize,
        final MemorySegment memory, final MemorySegment registration)
    {
        this.ring = ring;
        this.bufferGroup = bufferGroup;
        this.count = count;
        this.mask = count - 1;
        this.bufferSize = bufferSize;
        this.memory = memory;
        this.registration = registration;
        this.buffersOffset = alignToPage((long)BUF_SIZE * count);
        this.buffersAddress = memory.address() + buffersOffset;
    }

    /**
     * Maps, registers and fills the ring.
     *
     * @param count a power of two, at most 32768.
     */
    static ProvidedBufferRing register(
        final IoUringRing ring, final int bufferGroup, final int count, final int bufferSize, final Arena arena)
        throws RxUnavailableException
    {
        if (Integer.bitCount(count) != 1 || count > 32768)
        {
            throw new RxUnavailableException("uring.buffers=" + count + " is not a power of two up to 32768; "
                + "fix: use e.g. uring.buffers=256");
        }
        final long size = alignToPage((long)BUF_SIZE * count) + (long)bufferSize * count;
        final MemorySegment memory = Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE,
            Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_POPULATE, -1, 0);

        final MemorySegment reg = arena.allocate(BUF_REG_SIZE, 8);
        reg.set(JAVA_LONG, BUF_REG_RING_ADDR, memory.address());
        reg.set(JAVA_INT, BUF_REG_RING_ENTRIES, count);
        reg.set(JAVA_SHORT, BUF_REG_BGID, (short)bufferGroup);
        final int result = IoUringSyscalls.register(ring.errnoState(), ring.fd(), IORING_REGISTER_PBUF_RING, reg, 1);
        if (result < 0)
        {
            Libc.munmap(memory);
            throw new RxUnavailableException(registerFailure(-result));
        }

        final ProvidedBufferRing buffers = new ProvidedBufferRing(ring, bufferGroup, count, bufferSize, memory, reg);
        for (int bid = 0; bid < count; bid++)
        {
            buffers.recycle(bid);
        }
        buffers.publish();
        return buffers;
    }

    static String registerFailure(final int errno)
    {
        final String cause = "IORING_REGISTER_PBUF_RING: " + Libc.strerror(errno) + " (errno " + errno + ")";
        return switch (errno)
        {
            case EINVAL -> cause + "; fix: the kernel is too old for provided buffer rings (needs 5.19+, 6.0+ for "
                + "multishot recvmsg)";
            case ENOMEM -> cause + "; fix: raise the locked-memory limit (ulimit -l unlimited)";
            case EPERM -> cause + "; fix: run as root or allow io_uring_register in the seccomp profile";
            default -> cause + "; fix: use a 6.0+ kernel";
        };
    }

    private static long alignToPage(final long bytes)
    {
        return (bytes + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    int bufferGroup()
    {
        return bufferGroup;
    }

    int count()
    {
        return count;
    }

    int bufferSize()
    {
        return bufferSize;
    }

    /** Where buffer {@code bid} starts in {@link #memory()}. */
    long bufferOffset(final int bid)
    {
        return buffersOffset + (long)bid * bufferSize;
    }

    long bufferAddress(final int bid)
    {
        return buffersAddress + (long)bid * bufferSize;
    }

    MemorySegment memory()
    {
        return memory;
    }

    /** Puts buffer {@code bid} back in the ring; the kernel sees it after {@link #publish()}. */
    void recycle(final int bid)
    {
        // The tail overlays bufs[0].resv, so the descriptor is written field by field, never as 16 bytes.
        final long entry = (long)(tail & mask) * BUF_SIZE;
        memory.set(JAVA_LONG, entry + BUF_ADDR, bufferAddress(bid));
        memory.set(JAVA_INT, entry + BUF_LEN, bufferSize);
        memory.set(JAVA_SHORT, entry + BUF_BID, (short)bid);
        tail++;
    }

    void publish()
    {
        SHORT.setRelease(memory, BUF_RING_TAIL, (short)tail);
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        IoUringSyscalls.register(ring.errnoState(), ring.fd(), IORING_UNREGISTER_PBUF_RING, registration, 1);
    }

    /** Unmaps the memory; only after the ring is closed, so the kernel can no longer write into it. */
    void unmap()
    {
        Libc.munmap(memory);
    }
}
