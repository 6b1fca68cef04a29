package io.wirebook.rx.socket;

import java.util.ArrayList;
import java.util.List;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FlowTable;
import io.wirebook.rx.RxUnavailableException;

/**
 * The flows that arrive on one UDP port, and so on one socket: lines A and B of a channel share the port but not
 * the group, so the destination group (IP_PKTINFO) names the flow whatever interface it came in on.
 */
public final class PortFlows
{
    private final int port;
    private final Flow[] flows;
    private final FlowTable table;

    private PortFlows(final int port, final Flow[] flows, final FlowTable table)
    {
        this.port = port;
        this.flows = flows;
        this.table = table;
    }

    /**
     * Groups {@code flows} by port, in the order the ports first appear.
     *
     * @throws RxUnavailableException when two flows share a group and port: one socket could not tell them apart.
     */
    public static List<PortFlows> byPort(final List<Flow> flows) throws RxUnavailableException
    {
        final List<Integer> ports = new ArrayList<>();
        for (final Flow flow : flows)
        {
            if (!ports.contains(flow.address().port()))
            {
                ports.add(flow.address().port());
            }
        }
        final List<PortFlows> byPort = new ArrayList<>(ports.size());
        for (final int port : ports)
        {
            final List<Flow> ofPort = new ArrayList<>();
            for (final Flow flow : flows)
            {
                if (flow.address().port() != port)
                {
                    continue;
                }
                for (final Flow earlier : ofPort)
                {
                    if (earlier.address().group() == flow.address().group())
                    {
                        throw new RxUnavailableException("flows " + earlier + " and " + flow + " share "
                            + flow.address() + ", which one socket per port cannot tell apart; fix: give each "
                            + "line of a channel its own group (line B on 239.1.2.x)");
                    }
                }
                ofPort.add(flow);
            }
            byPort.add(new PortFlows(port, ofPort.toArray(new Flow[0]),
                new FlowTable(flows, flow -> flow.address().port() == port)));
        }
        return byPort;
    }

    public int port()
    {
        return port;
    }

    /** How many flows arrive on this port. */
    public int size()
    {
        return flows.length;
    }

    /** The {@code i}th flow of this port (not its index in the configuration). */
    public Flow flow(final int i)
    {
        return flows[i];
    }

    /** The configuration's index of the flow of a destination group on this port, or -1 for any other group. */
    public int flowOf(final int group)
    {
        return table.flowOf(group, port);
    }

    @Override
    public String toString()
    {
        final List<Channel> addresses = new ArrayList<>();
        for (final Flow flow : flows)
        {
            addresses.add(flow.address());
        }
        return "port " + port + " " + addresses;
    }
}
