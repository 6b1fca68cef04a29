package io.wirebook.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.wirebook.counters.CountersFile;
import io.wirebook.rx.dpdk.DpdkLeftovers;
import io.wirebook.util.ExitHook;

/**
 * The lab's two hosts: an exchange namespace and a trading-host namespace joined by a veth pair that plays the
 * switch (line A, 198.18.0.0/24), a second pair (line B, 198.18.1.0/24) for A/B arbitration and a third (the
 * recovery link, 198.18.2.0/24) for the request and snapshot servers. Line B is built by default; tests that need
 * only line A may leave it out. The recovery link is always built.
 * <pre>
 *   netns P-exch                      netns P-host
 *   Px-a 198.18.0.1/24  &lt;--veth--&gt;  Ph-a 198.18.0.2/24     (line A)
 *        198.18.0.3/24                                        (a peer on the exchange's subnet: the forger)
 *   Px-b 198.18.1.1/24  &lt;--veth--&gt;  Ph-b 198.18.1.2/24     (line B)
 *   Px-r 198.18.2.1/24  &lt;--veth--&gt;  Ph-r 198.18.2.2/24     (recovery: re-requests, snapshots)
 * </pre>
 * Recovery has a link of its own because a bypass path (AF_XDP, DPDK's af_xdp PMD) takes every frame of the feed's
 * interfaces away from the kernel: a re-request's unicast reply or the snapshot's TCP on those interfaces would
 * never reach a kernel socket. In production too the recovery servers sit on another network than the feed.
 * <p>
 * This class composes the parts, one role each: {@link LabLink} names the links and their subnets, {@link LabHost}
 * holds each host's names and addresses, {@link LabNetworkBuilder} builds with iproute2 (and says why each
 * setting), {@link LabLeftovers} removes, {@link NetworkSentinel} removes after a SIGKILL, {@link Netem} shapes a
 * link and {@link LabNetworkProbe} says whether this process may build at all. Nothing outlives the JVM:
 * {@link #destroy()} on a normal path, a shutdown hook on exit, Ctrl-C and SIGTERM, the sentinel on SIGKILL, and
 * {@link #cleanupStale(String)} before every {@link #create}, which first waits for any other run of the same
 * prefix to end ({@link LabLock}). The host's own interfaces are never touched.
 */
public final class LabNetwork implements AutoCloseable
{
    public static final String DEFAULT_PREFIX = "wb";
    /** Another address on the exchange's line-A subnet, held by its veth: where a hostile peer sends from. */
    public static final String PEER_ADDRESS = "198.18.0.3";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final Set<LabNetwork> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final String prefix;
    private final boolean lineB;
    private final String ip;
    private final LabLock lock;
    private final LabHost exchange;
    private final LabHost tradingHost;
    private NetworkSentinel sentinel;
    private boolean checksumsComplete;
    private boolean destroyed;

    private LabNetwork(final String prefix, final boolean lineB, final String ip, final LabLock lock)
    {
        this.lock = lock;
        this.prefix = prefix;
        this.lineB = lineB;
        this.ip = ip;
        this.exchange = LabHost.exchange(prefix);
        this.tradingHost = LabHost.tradingHost(prefix);
    }

    /** Builds the network with the default names (wb-exch, wb-host, wbx-a, wbh-a). */
    public static LabNetwork create(final boolean lineB)
    {
        return create(DEFAULT_PREFIX, lineB);
    }

    /** Builds both lines with this prefix: what {@code wirebook net up} and the bench use. */
    public static LabNetwork create(final String prefix)
    {
        return create(prefix, true);
    }

    /**
     * Removes whatever a crashed run with this prefix left, then builds the network.
     *
     * @param prefix names the namespaces ({@code <prefix>-exch}, {@code <prefix>-host}) and veths
     *               ({@code <prefix>x-a}...): 1 to 10 lower-case letters or digits, starting with a letter.
     * @param lineB  also build line B.
     * @throws LabNetworkException with a one-line reason and fix when it cannot.
     */
    public static LabNetwork create(final String prefix, final boolean lineB)
    {
        if (!PREFIX.matcher(prefix).matches())
        {
            throw new IllegalArgumentException("lab network prefix '" + prefix +
                "' must be 1-10 lower-case letters or digits starting with a letter (veth names are <= 15 chars)");
        }
        final String reason = whyUnavailable();
        if (reason != null)
        {
            throw new LabNetworkException(reason);
        }
        final LabLock lock = LabLock.acquire(prefix);
        cleanupStale(prefix);

        final LabNetwork network = new LabNetwork(prefix, lineB, SystemCommand.find("ip"), lock);
        installShutdownHook();
        LIVE.add(network);
        try
        {
            network.build();
        }
        catch (final RuntimeException ex)
        {
            try
            {
                network.destroy();
            }
            catch (final RuntimeException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        return network;
    }

    private void build()
    {
        // The watcher comes first so that a kill at any later step still leaves nothing behind.
        sentinel = NetworkSentinel.start(ip, exchange, tradingHost);
        final List<LabLink> links = lineB ? LabLink.ALL : List.of(LabLink.LINE_A, LabLink.RECOVERY);
        checksumsComplete = LabNetworkBuilder.build(ip, exchange, tradingHost, links, PEER_ADDRESS);
    }

    /**
     * Removes the namespaces (and with them the veths and any XDP program on them) and the processes still inside
     * them. Safe to call more than once and from a shutdown hook.
     */
    public synchronized void destroy()
    {
        if (destroyed)
        {
            return;
        }
        destroyed = true;
        try
        {
            LabLeftovers.removeNetwork(ip, prefix, true);
        }
        finally
        {
            // The receivers killed with the namespaces may have left their counters files.
            CountersFile.removeStale(CountersFile.DEFAULT_DIRECTORY);
            LIVE.remove(this);
            if (sentinel != null)
            {
                sentinel.release();
            }
            lock.close();
        }
    }

    public void close()
    {
        destroy();
    }

    /**
     * Leaves the network up after this JVM exits ({@code wirebook net up}): no shutdown hook, no watcher. Remove it
     * with {@code wirebook net down}.
     */
    public synchronized void keep()
    {
        LIVE.remove(this);
        if (sentinel != null)
        {
            sentinel.release();
            sentinel = null;
        }
        lock.close();
    }

    /** The namespaces with this prefix that exist now, one line. */
    public static String status(final String prefix)
    {
        final String ip = SystemCommand.find("ip");
        if (ip == null)
        {
            return "ip (iproute2) not installed";
        }
        final Set<String> names = Set.of(LabHost.exchange(prefix).namespace(), LabHost.tradingHost(prefix).namespace());
        final List<String> found = new ArrayList<>();
        for (final String line : SystemCommand.run(ip, "netns", "list").split("\n"))
        {
            final String name = line.split(" ")[0].trim();
            if (names.contains(name))
            {
                found.add(name);
            }
        }
        return found.isEmpty() ? "no lab network with prefix " + prefix : "up: " + String.join(" ", found);
    }

    public synchronized boolean isDestroyed()
    {
        return destroyed;
    }

    /**
     * Removes what a crashed run with this prefix left: its namespaces (their veths and XDP programs go with
     * them), the processes still running inside them, stray veths of that name in this namespace, and the DPDK
     * hugepage files and runtime directories of dead processes ({@link DpdkLeftovers}).
     */
    public static void cleanupStale(final String prefix)
    {
        LabLeftovers.removeStale(prefix);
    }

    /**
     * What {@code wirebook cleanup} and {@code net down} do: {@link #cleanupStale} unless a running bench (another
     * process) holds this prefix's network, whose namespaces and processes are then no leftovers.
     *
     * @return null once removed; otherwise who holds the network, e.g. "pid 4242".
     */
    public static String cleanupUnlessInUse(final String prefix)
    {
        final LabLock lock = LabLock.tryAcquire(prefix);
        if (lock == null)
        {
            return LabLock.holderOf(prefix);
        }
        try
        {
            cleanupStale(prefix);
            return null;
        }
        finally
        {
            lock.close();
        }
    }

    /**
     * Null when this process can build the lab network; otherwise one line saying why not and how to fix it, for
     * the runner to print beside the paths it skips.
     */
    public static String whyUnavailable()
    {
        return LabNetworkProbe.whyUnavailable();
    }

    /**
     * Applies {@code tc netem} to the exchange side of line A, e.g. "delay 100us 20us" or "loss 0.1%". Replaces any
     * netem already there.
     *
     * @throws LabNetworkException with {@link Netem#UNAVAILABLE} when the kernel has no netem, or with tc's own
     *                             error for a bad spec.
     */
    public void netem(final String spec)
    {
        Netem.apply(exchange.namespace(), exchange.lineA().interfaceName(), spec);
    }

    /** Removes the netem of {@link #netem(String)}; a no-op when there is none. */
    public void clearNetem()
    {
        Netem.clear(exchange.namespace(), exchange.lineA().interfaceName());
    }

    /** The interface index of a veth inside its namespace (what AF_XDP's bind and XDP attach want). */
    public int ifIndex(final String ns, final String dev)
    {
        final String line = SystemCommand.run(ip, "-n", ns, "-o", "link", "show", "dev", dev).strip();
        return Integer.parseInt(line.substring(0, line.indexOf(':')));
    }

    /** The MAC address of a veth inside its namespace, "aa:bb:cc:dd:ee:ff". */
    public String mac(final String ns, final String dev)
    {
        final String line = SystemCommand.run(ip, "-n", ns, "-o", "link", "show", "dev", dev);
        final int at = line.indexOf("link/ether ");
        if (at < 0)
        {
            throw new LabNetworkException("no MAC address in 'ip -n " + ns + " link show dev " + dev + "'");
        }
        return line.substring(at + 11, at + 28);
    }

    /** True when TX checksum offload was turned off on every veth, so raw frames carry full UDP checksums. */
    public boolean checksumsComplete()
    {
        return checksumsComplete;
    }

    public String prefix()
    {
        return prefix;
    }

    public boolean hasLineB()
    {
        return lineB;
    }

    /** The exchange: netns {@code <prefix>-exch}, 198.18.0.1 (line A), 198.18.1.1 (line B), 198.18.2.1 (recovery). */
    public LabHost exchange()
    {
        return exchange;
    }

    /** The trading host: netns {@code <prefix>-host}, 198.18.0.2, 198.18.1.2 and 198.18.2.2. */
    public LabHost tradingHost()
    {
        return tradingHost;
    }

    /** Pid of the detached cleanup watcher (for tests and diagnostics); -1 before it started. */
    public long sentinelPid()
    {
        return sentinel == null ? -1 : sentinel.pid();
    }

    public String toString()
    {
        return "LabNetwork{" + exchange.namespace() + " " + exchange.lineA().interfaceName() + " " +
            exchange.lineA().address() + " <-> " + tradingHost.namespace() + " " + tradingHost.lineA().interfaceName() +
            " " + tradingHost.lineA().address() + (lineB ? ", line B" : "") + ", recovery " +
            exchange.recovery().address() + " <-> " + tradingHost.recovery().address() + "}";
    }

    private static void installShutdownHook()
    {
        if (hookInstalled)
        {
            return;
        }
        synchronized (LIVE)
        {
            if (!hookInstalled)
            {
                ExitHook.register("wirebook-lab-network-cleanup", LabNetwork::destroyAllLive);
                hookInstalled = true;
            }
        }
    }

    private static void destroyAllLive()
    {
        for (final LabNetwork network : List.copyOf(LIVE))
        {
            try
            {
                network.destroy();
            }
            catch (final RuntimeException ex)
            {
                // Not a logger: java.util.logging's own shutdown hook resets its handlers at the same moment, and
                // a namespace left behind is what the user must hear about.
                System.err.println("wirebook: " + ex.getMessage());
            }
        }
    }
}
