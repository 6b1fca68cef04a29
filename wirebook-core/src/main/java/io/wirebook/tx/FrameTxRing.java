package io.wirebook.tx;

import org.agrona.DirectBuffer;

/**
 * The TX side of one interface of a raw-frame path (an XDP socket's TX ring, a DPDK port's Tx queue), as
 * {@link RawFrameTransmitter} drives it: on the poll thread only, nothing allocated.
 */
public interface FrameTxRing
{
    /** What {@link #replyInPlace} did. */
    int QUEUED = 0;
    int RING_FULL = 1;
    int NOT_IN_PLACE = 2;

    /**
     * Queues a reply in the very frame being handed to the handler, turned around in place, when {@code payload} is
     * that frame's own payload and nothing else took the frame.
     *
     * @return {@link #QUEUED}, {@link #RING_FULL}, or {@link #NOT_IN_PLACE} when the caller must copy.
     */
    int replyInPlace(DirectBuffer payload, int offset, int length);

    /**
     * Queues a frame of its own to {@code to} (its MAC set): headers written, payload copied.
     *
     * @return false when the ring is full or no buffer is free.
     */
    boolean sendCopy(UdpEndpoint to, DirectBuffer payload, int offset, int length);

    /**
     * Writes the source of the frame being handed to the handler into {@code into}.
     *
     * @return false outside a handler call.
     */
    boolean currentSource(UdpEndpoint into);

    /**
     * Hands what is queued to the kernel or NIC and takes back what completed.
     *
     * @return the number of frames handed over.
     */
    int flushTx();

    /** Frames whose transmission completed at the last {@link #flushTx} (0 where the ring does not say). */
    int lastCompleted();

    /** The longest payload {@link #sendCopy} takes. */
    int maxTxPayload();

    /** The UDP port frames leave from. */
    int localPort();
}
