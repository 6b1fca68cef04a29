package io.wirebook.capture;

import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A capture's counters, each with one writer and ordered writes, readable from any thread: packets the poll thread
 * put in the ring ({@link #capturedPackets()}), packets it found no room for ({@link #droppedPackets()}) and bytes
 * the writer thread wrote to the file ({@link #bytesWritten()}); in the handler's counters as {@code capture.packets},
 * {@code capture.dropped} and {@code capture.bytes}.
 */
public final class CaptureCounters
{
    private final AtomicCounter capturedPackets;
    private final AtomicCounter droppedPackets;
    private final AtomicCounter bytesWritten;

    CaptureCounters(final HandlerCounters counters)
    {
        capturedPackets = counters.capture("packets");
        droppedPackets = counters.capture("dropped");
        bytesWritten = counters.capture("bytes");
    }

    /** Poll thread only. */
    void onCaptured()
    {
        capturedPackets.incrementRelease();
    }

    /** Poll thread only. */
    void onDropped()
    {
        droppedPackets.incrementRelease();
    }

    /** Writer thread only. */
    void bytesWritten(final long total)
    {
        bytesWritten.setRelease(total);
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
