package io.wirebook.counters;

/**
 * The type id of each counter in a handler's counters file: which part of the handler it counts. A reader such as
 * {@code wirebook stat} groups and filters by it; the key of a {@link #CHANNEL} counter holds its channel index.
 */
public final class CounterTypes
{
    /** The handler as a whole: errors, poll stalls. */
    public static final int HANDLER = 1;

    /** The receive path: what its kernel rings, sockets and filters saw and refused. */
    public static final int PATH = 2;

    /** One channel: packets, messages, refusals (the books' too) and the sequencer's recovery counts. */
    public static final int CHANNEL = 3;

    /** The packet capture: what it wrote and what it dropped. */
    public static final int CAPTURE = 4;

    /** The BinaryFILE recorder: messages recorded, dropped, bytes written. */
    public static final int RECORD = 5;

    private CounterTypes()
    {
    }
}
