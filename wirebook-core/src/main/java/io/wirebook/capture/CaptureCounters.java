package io.wirebook.capture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A capture's counters, each with one writer and ordered writes, readable from any thread: packets the poll thread
 * put in the ring ({@link #capturedPackets()}), packets it found no room for ({@link #droppedPackets()}) and bytes
 * the writer thread wrote to the file ({@link #bytesWritten()}). In one place so that they can move into a counters
 * file as a whole.
 */
public final class CaptureCounters
{
    private final AtomicLong capturedPackets = new AtomicLong();
    private final AtomicLong droppedPackets = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    /** Poll thread only. */
    void onCaptured()
    {
        capturedPackets.lazySet(capturedPackets.get() + 1);
    }

    /** Poll thread only. */
    void onDropped()
    {
        droppedPackets.lazySet(droppedPackets.get() + 1);
    }

    /** Writer thread only. */
    void bytesWritten(final long total)
    {
        bytesWritten.lazySet(total);
    }

    /** Packets put in the ring for the file; after close, every one of them is in it. */
    public long capturedPackets()
    {
        return capturedPackets.get();
    }

    /** Packets not captured because the ring was full: capture drops only, never feed drops. */
    public long droppedPackets()
    {
        return droppedPackets.get();
    }

    /** Bytes written to the file so far, its global header included. */
    public long bytesWritten()
    {
        return bytesWritten.get();
    }
}
