package io.wirebook.lab;

import java.io.PrintStream;
import java.util.Set;

/**
 * Where a lab run's two hosts are: the two network namespaces joined by veth (as root), or, without root, the
 * loopback interface of this host, where only the kernel-socket paths can run.
 */
public final class LabHosts implements AutoCloseable
{
    private static final Set<String> LOOPBACK_PATHS = Set.of("socket", "socket-spin", "recvmmsg", "io-uring");

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
        return new LabHosts(LabNetwork.create(prefix, false), null);
    }

    public boolean loopback()
    {
        return network == null;
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

    public String hostNs()
    {
        return network == null ? null : network.hostNs();
    }

    public String exchangeNs()
    {
        return network == null ? null : network.exchangeNs();
    }

    public String hostIf()
    {
        return network == null ? "lo" : network.hostIf();
    }

    public String hostAddress()
    {
        return network == null ? "127.0.0.1" : network.hostAddressString();
    }

    public String exchangeAddress()
    {
        return network == null ? "127.0.0.1" : network.exchangeAddressString();
    }

    public LabNetwork network()
    {
        return network;
    }

    public String describeHost()
    {
        return network == null ? "loopback (no root: " + loopbackReason + ")" :
            "netns " + network.exchangeNs() + " (" + network.exchangeIf() + " " + network.exchangeAddressString() +
            ") -> veth -> netns " + network.hostNs() + " (" + network.hostIf() + " " + network.hostAddressString() + ")";
    }

    /** Removes what a receiver process may leave when it dies (DPDK runtime files, hugepage files). */
    public void cleanupAfter(final String path, final long pid)
    {
        if (path.equals("dpdk"))
        {
            io.wirebook.rx.dpdk.DpdkLeftovers.removeFor(pid);
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
