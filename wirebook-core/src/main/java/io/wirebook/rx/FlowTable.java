package io.wirebook.rx;

import java.util.List;
import java.util.function.Predicate;

/**
 * The lookup from a datagram's destination (group and port) and source to the index of its flow, for the flows one
 * receiver sees: those of one interface (a raw-frame path's {@link FrameFilter}) or of one UDP port (a socket).
 * Every path maps a datagram to its flow here. Flat arrays scanned in order: a feed has a handful of flows, and a
 * scan of a few ints beats a hash on the poll thread; nothing is allocated.
 */
public final class FlowTable
{
    /** No flow has this group and port. */
    public static final int NO_FLOW = -1;
    /** A flow has this group and port, but takes another source address. */
    public static final int WRONG_SOURCE = -2;
    /** A flow has this group, port and source address, but takes another source port. */
    public static final int WRONG_SOURCE_PORT = -3;

    private final int[] groups;
    private final int[] ports;
    private final int[] sources;
    private final int[] sourcePorts;
    private final int[] flowIndexes;

    /**
     * @param flows  the configuration's flows, whose indexes the lookups return.
     * @param filter which of them this receiver sees.
     */
    public FlowTable(final List<Flow> flows, final Predicate<Flow> filter)
    {
        final int[] indexes = new int[flows.size()];
        int n = 0;
        for (int i = 0; i < flows.size(); i++)
        {
            if (filter.test(flows.get(i)))
            {
                indexes[n++] = i;
            }
        }
        flowIndexes = new int[n];
        groups = new int[n];
        ports = new int[n];
        sources = new int[n];
        sourcePorts = new int[n];
        for (int i = 0; i < n; i++)
        {
            final Flow flow = flows.get(indexes[i]);
            flowIndexes[i] = indexes[i];
            groups[i] = flow.address().group();
            ports[i] = flow.address().port();
            sources[i] = flow.source();
            sourcePorts[i] = flow.sourcePort();
        }
    }

    /** The flows that arrive on {@code interfaceName}. */
    public static FlowTable ofInterface(final List<Flow> flows, final String interfaceName)
    {
        return new FlowTable(flows, flow -> flow.interfaceName().equals(interfaceName));
    }

    /** How many flows it holds. */
    public int size()
    {
        return flowIndexes.length;
    }

    /** The configuration's index of the flow of this group and port, whatever the source, or {@link #NO_FLOW}. */
    public int flowOf(final int group, final int port)
    {
        final int[] groups = this.groups;
        final int[] ports = this.ports;
        for (int i = 0; i < groups.length; i++)
        {
            if (groups[i] == group && ports[i] == port)
            {
                return flowIndexes[i];
            }
        }
        return NO_FLOW;
    }

    /**
     * The configuration's index of the flow of this group and port that takes this source, else why not:
     * {@link #NO_FLOW}, {@link #WRONG_SOURCE}, or {@link #WRONG_SOURCE_PORT} when a flow's address and source
     * address matched.
     */
    public int flowFrom(final int group, final int port, final int source, final int sourcePort)
    {
        int verdict = NO_FLOW;
        final int[] groups = this.groups;
        for (int i = 0; i < groups.length; i++)
        {
            if (groups[i] == group && ports[i] == port)
            {
                if (sources[i] != Flow.ANY_SOURCE && sources[i] != source)
                {
                    verdict = verdict == NO_FLOW ? WRONG_SOURCE : verdict;
                    continue;
                }
                if (sourcePorts[i] != Flow.ANY_PORT && sourcePorts[i] != sourcePort)
                {
                    verdict = WRONG_SOURCE_PORT;
                    continue;
                }
                return flowIndexes[i];
            }
        }
        return verdict;
    }
}
