package io.wirebook.rx;

import java.util.Objects;

/**
 * One stream of datagrams that a receive path takes in: a channel's group and port, on one line, arriving on one
 * interface, from one source. A channel received on two lines (A and B) is two flows with the same channel number.
 *
 * @param channel          the channel's index in the feed handler (0-based); both lines of a channel share it.
 * @param line             {@link #LINE_A} or {@link #LINE_B}.
 * @param address          the multicast group and UDP port of this line.
 * @param source           the only IPv4 source accepted (host order), or {@link #ANY_SOURCE}.
 * @param sourcePort       the only UDP source port accepted, or {@link #ANY_PORT}.
 * @param interfaceName    the interface this line arrives on.
 * @param interfaceAddress that interface's IPv4 address (host order), for the multicast join.
 */
public record Flow(int channel, int line, Channel address, int source, int sourcePort, String interfaceName,
    int interfaceAddress)
{
    public static final int LINE_A = 0;
    public static final int LINE_B = 1;
    public static final int ANY_SOURCE = 0;
    public static final int ANY_PORT = 0;

    public Flow
    {
        if (channel < 0)
        {
            throw new IllegalArgumentException("channel index must be >= 0, got " + channel);
        }
        if (line != LINE_A && line != LINE_B)
        {
            throw new IllegalArgumentException("line must be A (0) or B (1), got " + line);
        }
        if (sourcePort < 0 || sourcePort > 65535)
        {
            throw new IllegalArgumentException("source port out of range: " + sourcePort);
        }
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(interfaceName, "interfaceName");
    }

    /** Line A of a channel from any source, as a flow with no source check. */
    public static Flow lineA(final int channel, final Channel address, final String interfaceName,
        final int interfaceAddress)
    {
        return new Flow(channel, LINE_A, address, ANY_SOURCE, ANY_PORT, interfaceName, interfaceAddress);
    }

    /** Whether a datagram from this source address and port belongs to this flow. */
    public boolean acceptsSource(final int sourceAddress, final int port)
    {
        return (source == ANY_SOURCE || source == sourceAddress) && (sourcePort == ANY_PORT || sourcePort == port);
    }

    public String lineName()
    {
        return line == LINE_A ? "A" : "B";
    }

    @Override
    public String toString()
    {
        return address + " line " + lineName() + " on " + interfaceName +
            (source == ANY_SOURCE ? "" : " from " + Channel.toDotted(source) + (sourcePort == ANY_PORT ? "" :
            ":" + sourcePort));
    }
}
