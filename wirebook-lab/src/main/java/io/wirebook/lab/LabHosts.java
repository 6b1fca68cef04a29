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

    /** One host's end of one line: its interface and the IPv4 address on it, dotted. */
    public record LineEnd(String interfaceName, String address)
    {
    }

    /**
     * One of the lab's hosts: its network namespace (null on loopback) and its ends of line A, line B and the
     * recovery link (where the exchange's request and snapshot servers listen and the receiver's requests leave).
     */
    public record Host(String namespace, LineEnd lineA, LineEnd lineB, LineEnd recovery)
    {
    }

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
    public Host exchange()
    {
        if (network == null)
        {
            return loopbackHost();
        }
        return new Host(network.exchangeNs(),
            new LineEnd(network.exchangeIf(), network.exchangeAddressString()),
            new LineEnd(network.exchangeIfB(), network.exchangeAddressStringB()),
            new LineEnd(network.exchangeIfRecovery(), network.exchangeAddressStringRecovery()));
    }

    /** The trading host: where the receiver runs. */
    public Host tradingHost()
    {
        if (network == null)
        {
            return loopbackHost();
        }
        return new Host(network.hostNs(),
            new LineEnd(network.hostIf(), network.hostAddressString()),
            new LineEnd(network.hostIfB(), network.hostAddressStringB()),
            new LineEnd(network.hostIfRecovery(), network.hostAddressStringRecovery()));
    }

    /** Another address on the exchange's line-A subnet, for a hostile peer (the forger) to send from. */
    public String peerAddress()
    {
        return network == null ? LOOPBACK_PEER_ADDRESS : network.peerAddressString();
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
        return tradingHost().lineA().interfaceName();
    }

    public String hostAddress()
    {
        return tradingHost().lineA().address();
    }

    public String exchangeAddress()
    {
        return exchange().lineA().address();
    }

    public LabNetwork network()
    {
        return network;
    }

    public String describeHost()
    {
        return network == null ? "loopback (no root: " + loopbackReason + ")" :
            "netns " + network.exchangeNs() + " (" + network.exchangeIf() + " " + network.exchangeAddressString() +
            ", " + network.exchangeIfB() + " " + network.exchangeAddressStringB() + ") -> veth x2 -> netns " +
            network.hostNs() + " (" + network.hostIf() + " " + network.hostAddressString() + ", " +
            network.hostIfB() + " " + network.hostAddressStringB() + "), recovery " +
            network.exchangeIfRecovery() + " " + network.exchangeAddressStringRecovery() + " <-> " +
            network.hostIfRecovery() + " " + network.hostAddressStringRecovery();
    }

    private static Host loopbackHost()
    {
        final LineEnd lo = new LineEnd(LOOPBACK_IF, LOOPBACK_ADDRESS);
        return new Host(null, lo, lo, lo);
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
