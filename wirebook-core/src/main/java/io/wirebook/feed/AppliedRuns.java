package io.wirebook.feed;

/**
 * The last runs of sequence numbers a channel applied, each with where its messages came from, so that when a line
 * turns out to have skipped some numbers the sequencer can say which other source had supplied them. Consecutive
 * packets from one source extend one run, so the usual case writes one long per packet.
 */
final class AppliedRuns
{
    private static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;

    private final long[] starts = new long[CAPACITY];
    private final long[] ends = new long[CAPACITY];
    private final int[] sources = new int[CAPACITY];
    private long count;

    void add(final long start, final long end, final int source)
    {
        if (count > 0)
        {
            final int last = (int)((count - 1) & MASK);
            if (sources[last] == source && ends[last] == start)
            {
                ends[last] = end;
                return;
            }
        }
        final int at = (int)(count & MASK);
        starts[at] = start;
        ends[at] = end;
        sources[at] = source;
        count++;
    }

    /** How many of the numbers in [from, to) the runs still remembered say came from {@code source}. */
    long countFrom(final long from, final long to, final int source)
    {
        long total = 0;
        final long oldest = Math.max(0, count - CAPACITY);
        for (long i = count - 1; i >= oldest; i--)
        {
            final int at = (int)(i & MASK);
            if (ends[at] <= from)
            {
                break;
            }
            if (sources[at] == source)
            {
                final long overlap = Math.min(to, ends[at]) - Math.max(from, starts[at]);
                if (overlap > 0)
                {
                    total += overlap;
                }
            }
        }
        return total;
    }

    void clear()
    {
        count = 0;
    }
}
