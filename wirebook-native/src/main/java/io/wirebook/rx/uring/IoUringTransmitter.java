package io.wirebook.rx.uring;

import java.lang.foreign.Arena;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.socket.CurrentDatagram;
import io.wirebook.rx.socket.KernelSocketTransmitter;
import io.wirebook.rx.socket.MulticastSocket;
import io.wirebook.rx.socket.SendSlots;
import org.agrona.DirectBuffer;

/**
 * TX for io-uring, on the path's own sockets ({@link KernelSocketTransmitter}): each datagram is a SENDMSG SQE on
 * the path's own ring, from one of {@link SendSlots} (msghdr, iovec, destination and payload). {@link #flush} hands
 * every queued SQE to the kernel in one submit (one io_uring_enter, or none under SQPOLL while its thread is awake);
 * the slot comes back when its completion does, reaped by the path's poll with the receive completions
 * ({@link #complete}). A completion with an error counts as {@code tx.errors}; with no free slot or no room in the
 * submission queue a send is refused ({@code tx.ring_full}).
 */
final class IoUringTransmitter extends KernelSocketTransmitter
{
    /** Sends in flight at most: the slots, and the submission-queue entries set aside for them. */
    static final int SLOTS = 32;
    /** Marks a completion as a send's: its user_data is this plus the slot; a receive's is its socket index. */
    static final long USER_DATA_TX = 1L << 32;

    private final IoUringRing ring;
    private final int[] freeSlots = new int[SLOTS];
    private int freeCount;
    private int queued;

    IoUringTransmitter(final IoUringRing ring, final Arena arena, final MulticastSocket firstSocket,
        final CurrentDatagram current, final int maxPayload, final HandlerCounters counters)
    {
        super("io-uring", arena, firstSocket, current, SLOTS, maxPayload, counters);
        this.ring = ring;
        for (int i = SLOTS - 1; i >= 0; i--)
        {
            freeSlots[freeCount++] = i;
        }
    }

    @Override
    protected boolean enqueue(
        final int fd, final int address, final int port, final DirectBuffer payload, final int offset,
        final int length)
    {
        if (freeCount == 0)
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        final int slot = freeSlots[freeCount - 1];
        slots.fill(slot, address, port, payload, offset, length);
        if (!ring.queueSendmsg(fd, slots.headerAddress(slot), USER_DATA_TX + slot))
        {
            counters.ringFull.incrementRelease();
            return false;
        }
        freeCount--;
        queued++;
        return true;
    }

    @Override
    public int flush()
    {
        if (queued == 0)
        {
            return 0;
        }
        ring.submit();
        final int handed = queued;
        counters.sent.getAndAddRelease(handed);
        queued = 0;
        return handed;
    }

    /** A send's completion: its slot is free again; a negative result is the send's error. */
    void complete(final long userData, final int res)
    {
        final long slot = userData - USER_DATA_TX;
        if (slot < 0 || slot >= SLOTS)
        {
            counters.errors.incrementRelease();
            return;
        }
        if (res < 0)
        {
            counters.errors.incrementRelease();
        }
        counters.completed.incrementRelease();
        freeSlots[freeCount++] = (int)slot;
    }
}
