package io.wirebook.lab;

import java.io.PrintStream;
import java.util.Set;

import io.wirebook.rx.dpdk.DpdkLeftovers;

/**
 * Where a lab run's two hosts are: the two network namespaces joined by three veth pairs, line A, line B and the
 * recovery link (as root), or, without root, the loopback interface of this host, where only the kernel-socket
 * paths can run, both "lines" are the same interface and recovery goes over it too.
 */
public final class LabHosts implements AutoCloseable
{
    private static final Set<String> LOOPBACK_PATHS = Set.of("socket", "socket-spin", "recvmmsg", "io-uring");
    private static final String LOOPBACK_IF = "lo";
    private static final String LOOPBACK_ADDRESS = "127.0.0.1";
    private static final String LOOPBACK_PEER_ADDRESS = "127.0.0.2";

    private final LabNetwork network;
    private final String loopbackReason;

    private LabHosts(final LabNetwork network, final String loopbackReason)
    {
        this.network = network;
        this.loopbackReason = loopbackReason;
    }

    public static LabHosts open(final String prefix, final PrintStream log)
    {
        final String why = LabNetwork.whyUnavailable();
        if (why != null)
        {
            log.println("lab network unavailable (" + why + "): falling back to loopback; bypass paths are skipped");
            return new LabHosts(null, why);
        }
        return new LabHosts(LabNetwork.create(prefix), null);
    }

    public boolean loopback()
    {
        return network == null;
    }

    /** The exchange: where the publisher, the recovery servers and the forger run. */
    public LabHost exchange()
    {
        return network == null ? loopbackHost() : network.exchange();
    }

    /** The trading host: where the receiver runs. */
    public LabHost tradingHost()
    {
        return network == null ? loopbackHost() : network.tradingHost();
    }

    /** Another address on the exchange's line-A subnet, for a hostile peer (the forger) to send from. */
    public String peerAddress()
    {
        return network == null ? LOOPBACK_PEER_ADDRESS : LabNetwork.PEER_ADDRESS;
    }

    /** Why this lab cannot run the path, or null. */
    public String whyNot(final String path)
    {
        if (network == null && !LOOPBACK_PATHS.contains(path))
        {
            return "needs the lab network (" + loopbackReason + ")";
        }
        return null;
    }

    public LabNetwork network()
    {
        return network;
    }

    public String describeHost()
    {
        if (network == null)
        {
            return "loopback (no root: " + loopbackReason + ")";
        }
        final LabHost x = network.exchange();
        final LabHost h = network.tradingHost();
        return "netns " + x.namespace() + " (" + describe(x.lineA()) + ", " + describe(x.lineB()) +
            ") -> veth x2 -> netns " + h.namespace() + " (" + describe(h.lineA()) + ", " + describe(h.lineB()) +
            "), recovery " + describe(x.recovery()) + " <-> " + describe(h.recovery());
    }

    private static String describe(final LabHost.LineEnd end)
    {
        return end.interfaceName() + " " + end.address();
    }

    private static LabHost loopbackHost()
    {
        final LabHost.LineEnd lo = new LabHost.LineEnd(LOOPBACK_IF, LOOPBACK_ADDRESS);
        return new LabHost(null, lo, lo, lo);
    }

    /** Removes what a receiver process may leave when it dies (DPDK runtime files, hugepage files). */
    public void cleanupAfter(final String path, final long pid)
    {
        if (path.equals("dpdk"))
        {
            DpdkLeftovers.removeFor(pid);
        }
    }

    @Override
    public void close()
    {
        if (network != null)
        {
            network.destroy();
        }
    }
}
