package io.wirebook.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.counters.CountersFile;
import io.wirebook.rx.dpdk.DpdkLeftovers;

/**
 * Removes a lab network and what its run left: the namespaces (their veths and XDP programs go with them), the
 * processes still inside them, stray veths of its names in this namespace, and the DPDK and counters files of dead
 * processes. {@link NetworkSentinel} does the same from a shell when the JVM is killed.
 */
final class LabLeftovers
{
    private static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private LabLeftovers()
    {
    }

    /** What a crashed run with this prefix left; quiet where something cannot go. */
    static void removeStale(final String prefix)
    {
        final String ip = SystemCommand.find("ip");
        if (ip != null)
        {
            removeNetwork(ip, prefix, false);
        }
        DpdkLeftovers.removeDead();
        CountersFile.removeStale(CountersFile.DEFAULT_DIRECTORY);
    }

    /**
     * Kills the processes in the namespaces of this prefix, deletes the namespaces and any veth of its names left in
     * this namespace.
     *
     * @param strict throw when a namespace cannot be deleted.
     */
    static void removeNetwork(final String ip, final String prefix, final boolean strict)
    {
        final LabHost exchange = LabHost.exchange(prefix);
        final LabHost tradingHost = LabHost.tradingHost(prefix);
        final List<String> failures = new ArrayList<>();
        for (final String ns : List.of(exchange.namespace(), tradingHost.namespace()))
        {
            if (Files.exists(NETNS_DIR.resolve(ns)))
            {
                killProcessesIn(ip, ns);
                final SystemCommand.Result result = SystemCommand.runAllowingFailure(ip, "netns", "del", ns);
                if (!result.ok() && Files.exists(NETNS_DIR.resolve(ns)))
                {
                    failures.add("'ip netns del " + ns + "': " + SystemCommand.oneLine(result.stderr()));
                }
            }
        }
        for (final LabLink link : LabLink.ALL)
        {
            for (final LabHost host : List.of(exchange, tradingHost))
            {
                final String dev = host.end(link).interfaceName();
                if (Files.exists(SYS_NET.resolve(dev)))
                {
                    SystemCommand.runAllowingFailure(ip, "link", "del", dev);
                }
            }
        }
        if (strict && !failures.isEmpty())
        {
            throw new LabNetworkException("could not remove the lab network: " + String.join("; ", failures));
        }
    }

    private static void killProcessesIn(final String ip, final String ns)
    {
        final SystemCommand.Result pids = SystemCommand.runAllowingFailure(ip, "netns", "pids", ns);
        if (!pids.ok())
        {
            return;
        }
        final long self = ProcessHandle.current().pid();
        for (final String token : pids.stdout().split("\\s+"))
        {
            if (!token.isEmpty() && Long.parseLong(token) != self)
            {
                ProcessHandle.of(Long.parseLong(token)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
