package io.wirebook.recovery;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

/** Records what a {@link SnapshotClient} handed over. */
final class CapturingSnapshotListener implements SnapshotListener
{
    final List<byte[]> messages = new ArrayList<>();
    byte[] session;
    long nextSequenceNumber = -1;
    String failure;
    int starts;
    int ends;
    int failures;

    @Override
    public void onSnapshotStart(final byte[] session)
    {
        this.session = session.clone();
        starts++;
    }

    @Override
    public void onSnapshotMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] message = new byte[length];
        buffer.getBytes(offset, message);
        messages.add(message);
    }

    @Override
    public void onSnapshotEnd(final long nextSequenceNumber)
    {
        this.nextSequenceNumber = nextSequenceNumber;
        ends++;
    }

    @Override
    public void onSnapshotFailed(final String reason)
    {
        failure = reason;
        failures++;
    }
}
