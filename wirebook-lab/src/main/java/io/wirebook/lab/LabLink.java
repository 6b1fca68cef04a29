package io.wirebook.lab;

import java.util.List;

/**
 * One of the lab's three veth pairs between its hosts: the suffix of its ends' names, the /24 of 198.18.0.0/15 it
 * sits on, and the metric of its multicast route ({@link #NO_ROUTE}: none, {@link #DEFAULT_METRIC}: the kernel's).
 * Line A carries the multicast route; line B carries one too, at a higher metric, so a sender that names no
 * interface still picks line A; the recovery link carries unicast only, so nothing of the feed can leave by it.
 */
record LabLink(String suffix, int subnet, int routeMetric)
{
    static final int NO_ROUTE = -1;
    static final int DEFAULT_METRIC = 0;
    static final LabLink LINE_A = new LabLink("a", 0, DEFAULT_METRIC);
    static final LabLink LINE_B = new LabLink("b", 1, 10);
    static final LabLink RECOVERY = new LabLink("r", 2, NO_ROUTE);
    /** In the order they are built. */
    static final List<LabLink> ALL = List.of(LINE_A, LINE_B, RECOVERY);

    static final String MULTICAST_ROUTE = "224.0.0.0/4";
    static final int EXCHANGE_HOST_NUMBER = 1;
    static final int TRADING_HOST_NUMBER = 2;
    private static final String SUBNET_PREFIX = "198.18.";

    /** A host's end of this link: interface {@code <interfacePrefix><suffix>}, address 198.18.SUBNET.HOST. */
    LabHost.LineEnd end(final String interfacePrefix, final int hostNumber)
    {
        return new LabHost.LineEnd(interfacePrefix + suffix, SUBNET_PREFIX + subnet + "." + hostNumber);
    }
}
