package io.wirebook.rx.socket;

import java.util.List;
import java.util.Map;

import io.wirebook.rx.Flow;

/**
 * Checks each datagram's source address and port against its flow's ({@link Flow#acceptsSource}) and counts
 * what it turns away by reason. A forger on the exchange's subnet can send to the feed's group and port; only
 * the source tells it apart. Single-threaded, like the poll that calls it: the counters are plain fields.
 */
public final class SourceCheck
{
    public static final String WRONG_SOURCE = "rejected.wrong_source";
    public static final String WRONG_SOURCE_PORT = "rejected.wrong_source_port";

    private final Flow[] flows;
    private long wrongSource;
    private long wrongSourcePort;

    /** @param flows the configuration's flows, indexed as the paths hand them over. */
    public SourceCheck(final List<Flow> flows)
    {
        this.flows = flows.toArray(new Flow[0]);
    }

    /**
     * @param flow   the datagram's flow index.
     * @param source its IPv4 source address, host order.
     * @param port   its UDP source port.
     * @return whether the datagram may be handed on; if not, it has been counted.
     */
    public boolean accepts(final int flow, final int source, final int port)
    {
        final Flow expected = flows[flow];
        if (expected.acceptsSource(source, port))
        {
            return true;
        }
        if (expected.source() != Flow.ANY_SOURCE && expected.source() != source)
        {
            wrongSource++;
        }
        else
        {
            wrongSourcePort++;
        }
        return false;
    }

    public long wrongSource()
    {
        return wrongSource;
    }

    public long wrongSourcePort()
    {
        return wrongSourcePort;
    }

    /** Adds {@link #WRONG_SOURCE} and {@link #WRONG_SOURCE_PORT} to {@code counters}. */
    public Map<String, Long> counters(final Map<String, Long> counters)
    {
        counters.put(WRONG_SOURCE, wrongSource);
        counters.put(WRONG_SOURCE_PORT, wrongSourcePort);
        return counters;
    }
}
