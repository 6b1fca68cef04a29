package io.wirebook.lab;

/**
 * The lab's three veth pairs between its hosts, in the order they are built: what each end is called, the /24 of
 * 198.18.0.0/15 it sits on, and how multicast is routed on it. Line A carries the multicast route; line B carries
 * one too, at a higher metric, so a sender that names no interface still picks line A; the recovery link carries
 * unicast only, so nothing of the feed can leave by it.
 */
enum LabLink
{
    LINE_A("a", 0, true, null),
    LINE_B("b", 1, true, "10"),
    RECOVERY("r", 2, false, null);

    static final String MULTICAST_ROUTE = "224.0.0.0/4";
    static final int EXCHANGE_HOST_NUMBER = 1;
    static final int TRADING_HOST_NUMBER = 2;
    private static final String SUBNET_PREFIX = "198.18.";

    private final String suffix;
    private final int subnet;
    private final boolean multicast;
    private final String routeMetric;

    LabLink(final String suffix, final int subnet, final boolean multicast, final String routeMetric)
    {
        this.suffix = suffix;
        this.subnet = subnet;
        this.multicast = multicast;
        this.routeMetric = routeMetric;
    }

    /** A host's end of this link: interface {@code <interfacePrefix><suffix>}, address 198.18.SUBNET.HOST. */
    LabHost.LineEnd end(final String interfacePrefix, final int hostNumber)
    {
        return new LabHost.LineEnd(interfacePrefix + suffix, SUBNET_PREFIX + subnet + "." + hostNumber);
    }

    /** Whether multicast (224.0.0.0/4) is routed to this link. */
    boolean multicast()
    {
        return multicast;
    }

    /** The metric of this link's multicast route, or null for the kernel's default. */
    String routeMetric()
    {
        return routeMetric;
    }
}
