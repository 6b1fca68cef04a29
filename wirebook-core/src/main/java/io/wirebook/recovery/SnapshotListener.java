package io.wirebook.recovery;

import org.agrona.DirectBuffer;

/**
 * Hears one snapshot from a {@link SnapshotClient}: a start, the ITCH messages that rebuild every live order, then
 * either an end or a failure. Everything arrives on the thread that polls the client.
 */
public interface SnapshotListener
{
    /**
     * The server accepted the login: the snapshot's messages follow.
     *
     * @param session the server's ten-byte session; the array is the client's, valid only during the call.
     */
    void onSnapshotStart(byte[] session);

    /** One ITCH message of the snapshot, raw and unchecked; valid only during the call. */
    void onSnapshotMessage(DirectBuffer buffer, int offset, int length);

    /**
     * The End of Snapshot message arrived: the snapshot is whole.
     *
     * @param nextSequenceNumber the live feed's sequence number at which to go on applying messages.
     */
    void onSnapshotEnd(long nextSequenceNumber);

    /** The snapshot will not complete (refused, timed out, cut off, malformed): what was handed over is void. */
    void onSnapshotFailed(String reason);
}
