package io.wirebook.rx.socket;

import java.util.List;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Flow;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Checks each datagram's source address and port against its flow's ({@link Flow#acceptsSource}) and counts
 * what it turns away by reason. A forger on the exchange's subnet can send to the feed's group and port; only
 * the source tells it apart. Called on the poll thread, the one writer of its counters.
 */
public final class SourceCheck
{
    /** The counters' names, {@code path.} and these in the handler's counters. */
    public static final String WRONG_SOURCE = "rejected.wrong_source";
    public static final String WRONG_SOURCE_PORT = "rejected.wrong_source_port";

    private final Flow[] flows;
    private final AtomicCounter wrongSource;
    private final AtomicCounter wrongSourcePort;

    /**
     * @param flows    the configuration's flows, indexed as the paths hand them over.
     * @param counters where it makes its two counters, {@link #WRONG_SOURCE} and {@link #WRONG_SOURCE_PORT}.
     */
    public SourceCheck(final List<Flow> flows, final HandlerCounters counters)
    {
        this.flows = flows.toArray(new Flow[0]);
        wrongSource = counters.path(WRONG_SOURCE);
        wrongSourcePort = counters.path(WRONG_SOURCE_PORT);
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
            wrongSource.incrementRelease();
        }
        else
        {
            wrongSourcePort.incrementRelease();
        }
        return false;
    }

    public long wrongSource()
    {
        return wrongSource.get();
    }

    public long wrongSourcePort()
    {
        return wrongSourcePort.get();
    }
}
