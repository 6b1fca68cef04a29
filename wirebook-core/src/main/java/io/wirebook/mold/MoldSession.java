package io.wirebook.mold;

import static io.wirebook.mold.MoldUDP64.SESSION_LENGTH;

/**
 * Sequencing of one MoldUDP64 channel on the receiver: which messages of a packet are new, and how many were
 * lost or repeated. Feed it validated packets only; it allocates nothing.
 *
 * <p>The first packet sets the session and the expected sequence number, so a receiver that joins late does not
 * count the history it missed as a gap. A session that sorts after the current one replaces it (the server
 * restarted); packets of a session that sorts before it are stale and rejected.
 */
public final class MoldSession
{
    /** Nothing of the packet may be applied. */
    public static final int REJECT = -1;

    private final byte[] session = new byte[SESSION_LENGTH];
    private boolean hasSession;
    private boolean ended;
    private long nextSequenceNumber;

    private long drops;
    private long duplicates;
    private long oldSessionPackets;
    private long sessionChanges;

    /**
     * @return how many leading messages of the packet to skip because they were already seen (>= 0), or
     * {@link #REJECT}. A heartbeat or end-of-session packet returns 0 and has no messages to apply.
     */
    public int onPacket(final MoldPacket packet)
    {
        if (!hasSession)
        {
            adopt(packet);
        }
        else
        {
            final int order = packet.compareSession(session);
            if (order < 0)
            {
                oldSessionPackets++;
                return REJECT;
            }
            if (order > 0)
            {
                adopt(packet);
                sessionChanges++;
            }
        }

        final long sequenceNumber = packet.sequenceNumber();
        final int count = packet.messageCount();
        if (count == MoldUDP64.HEARTBEAT_COUNT || count == MoldUDP64.END_OF_SESSION_COUNT)
        {
            // Carries the next sequence number the server will send: a higher one reveals a trailing gap.
            if (sequenceNumber > nextSequenceNumber)
            {
                drops += sequenceNumber - nextSequenceNumber;
                nextSequenceNumber = sequenceNumber;
            }
            if (count == MoldUDP64.END_OF_SESSION_COUNT)
            {
                ended = true;
            }
            return 0;
        }

        final long end = sequenceNumber + count;
        if (end <= nextSequenceNumber)
        {
            duplicates += count;
            return REJECT;
        }
        if (sequenceNumber < nextSequenceNumber)
        {
            final int skip = (int)(nextSequenceNumber - sequenceNumber);
            duplicates += skip;
            nextSequenceNumber = end;
            return skip;
        }
        if (sequenceNumber > nextSequenceNumber)
        {
            drops += sequenceNumber - nextSequenceNumber;
        }
        nextSequenceNumber = end;
        return 0;
    }

    private void adopt(final MoldPacket packet)
    {
        packet.copySession(session);
        nextSequenceNumber = packet.sequenceNumber();
        hasSession = true;
        ended = false;
    }

    /** Messages lost: gaps seen in sequence numbers, including trailing ones revealed by heartbeats. */
    public long drops()
    {
        return drops;
    }

    /** Messages received again (whole duplicate packets and overlapping heads of packets). */
    public long duplicates()
    {
        return duplicates;
    }

    /** Packets rejected because they belong to a session older than the current one. */
    public long oldSessionPackets()
    {
        return oldSessionPackets;
    }

    /** Times a newer session replaced the current one. */
    public long sessionChanges()
    {
        return sessionChanges;
    }

    /** The sequence number expected next. */
    public long nextSequenceNumber()
    {
        return nextSequenceNumber;
    }

    /** True once the current session sent end of session. */
    public boolean ended()
    {
        return ended;
    }

    public boolean hasSession()
    {
        return hasSession;
    }

    /** Copies the current session's ten bytes into {@code dst}. */
    public void copySession(final byte[] dst)
    {
        System.arraycopy(session, 0, dst, 0, SESSION_LENGTH);
    }

    /** Zeroes the counters and keeps the sequencing state: the receiver calls it when measurement starts. */
    public void resetCounters()
    {
        drops = 0;
        duplicates = 0;
        oldSessionPackets = 0;
        sessionChanges = 0;
    }
}
