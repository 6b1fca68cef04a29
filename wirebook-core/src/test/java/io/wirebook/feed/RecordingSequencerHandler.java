package io.wirebook.feed;

import java.util.ArrayList;
import java.util.List;

import io.wirebook.mold.MoldPacket;

/** Records what a {@link ChannelSequencer} asks for: the messages it applied, its requests and its events. */
class RecordingSequencerHandler implements ChannelSequencer.Handler
{
    final List<Long> applied = new ArrayList<>();
    final List<Integer> appliedTags = new ArrayList<>();
    final List<Integer> appliedSources = new ArrayList<>();
    final List<long[]> requests = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    int newSessions;
    int snapshotsNeeded;
    int endOfSessions;

    @Override
    public void onMessages(final MoldPacket packet, final int skip, final int source, final boolean delayed)
    {
        packet.forEachMessage(skip, (buffer, offset, length) ->
        {
            applied.add(SequencerPackets.sequenceOf(buffer, offset));
            appliedTags.add(SequencerPackets.tagOf(buffer, offset));
            appliedSources.add(source);
        });
    }

    @Override
    public void onNewSession()
    {
        newSessions++;
        events.add("new session");
    }

    @Override
    public void onRequest(final byte[] session, final long sequenceNumber, final int count)
    {
        requests.add(new long[] {sequenceNumber, count});
    }

    @Override
    public void onSnapshotNeeded()
    {
        snapshotsNeeded++;
        events.add("snapshot");
    }

    @Override
    public void onStatus(final ChannelStatus from, final ChannelStatus to)
    {
        events.add(from + "->" + to);
    }

    @Override
    public void onGap(final long fromSequence, final long count)
    {
        events.add("gap " + fromSequence + "+" + count);
    }

    @Override
    public void onGapFilled(final long fromSequence, final long count, final long nanos)
    {
        events.add("filled " + fromSequence + "+" + count);
    }

    @Override
    public void onLost(final long fromSequence, final long count)
    {
        events.add("lost " + fromSequence + "+" + count);
    }

    @Override
    public void onLine(final int line, final boolean up)
    {
        events.add("line " + line + (up ? " up" : " down"));
    }

    @Override
    public void onEndOfSession()
    {
        endOfSessions++;
        events.add("end of session");
    }

    /** The numbers 1..n, as applied should be. */
    static List<Long> oneTo(final long n)
    {
        final List<Long> all = new ArrayList<>();
        for (long i = 1; i <= n; i++)
        {
            all.add(i);
        }
        return all;
    }
}
