package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.wirebook.counters.CountersFile;
import io.wirebook.rx.dpdk.DpdkLeftovers;

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
 * Built with iproute2. Nothing outlives the JVM: {@link #destroy()} on a normal path, a shutdown hook on exit,
 * Ctrl-C and SIGTERM, a detached {@link NetworkSentinel} on SIGKILL, and {@link #cleanupStale(String)} before every
 * {@link #create}. The host's own interfaces are never touched.
 * <p>
 * Settings and why:
 * <ul>
 * <li>224.0.0.0/4 routes to the line-A veth on both sides, so a sender without IP_MULTICAST_IF and a join without
 * an interface both pick the wire.</li>
 * <li>rp_filter off: a strict reverse-path check would drop line-B packets whose source routes via line A.</li>
 * <li>IPv6 off on the veths: no router solicitations, DAD or MLD reports on the wire the raw paths read.</li>
 * <li>TX checksum offload off (ethtool): a veth otherwise hands on UDP with a partial checksum, which only the
 * kernel stack forgives; AF_XDP, DPDK and tcpdump would see "bad udp cksum". Real wires carry full checksums.</li>
 * <li>One RX and one TX queue per veth: a veth delivers a frame to the peer's RX queue numbered like the TX queue
 * it left by, so with one queue every frame lands on queue 0, where an AF_XDP socket binds, and XDP's rule "RX
 * queues &gt;= peer TX queues" holds.</li>
 * <li>Nothing else for XDP: native XDP on the receiving veth (and XDP_REDIRECT into an AF_XDP socket, copy mode)
 * needs no program on the peer and no GRO; the veth switches to NAPI when a program is attached. (Checked on
 * 6.18: an XDP_DROP program attached with xdpdrv to the host veth drops UDP from a peer that has no program.)</li>
 * </ul>
 */
public final class LabNetwork implements AutoCloseable
{
    public static final String DEFAULT_PREFIX = "wb";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    /** Message of {@link #netem} on a kernel without sch_netem; starts with a fixed phrase callers may test for. */
    public static final String NETEM_UNAVAILABLE = "tc netem is not available in this kernel (no sch_netem); " +
        "fix: modprobe sch_netem, or run on a kernel built with CONFIG_NET_SCH_NETEM";
    private static final Set<LabNetwork> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    /** rp_filter off and IPv6 off for the veths named as arguments; run inside each namespace. */
    private static final String QUIET_WIRE = """
        set -e
        echo 0 > /proc/sys/net/ipv4/conf/all/rp_filter
        echo 0 > /proc/sys/net/ipv4/conf/default/rp_filter
        for i in "$@"; do
          echo 0 > "/proc/sys/net/ipv4/conf/$i/rp_filter"
          f="/proc/sys/net/ipv6/conf/$i/disable_ipv6"
          if [ -w "$f" ]; then echo 1 > "$f"; fi
        done
        """;

    private final String prefix;
    private final boolean lineB;
    private final String ip;
    private final String exchangeNs;
    private final String hostNs;
    private NetworkSentinel sentinel;
    private boolean checksumsComplete;
    private boolean destroyed;

    private LabNetwork(final String prefix, final boolean lineB, final String ip)
    {
        this.prefix = prefix;
        this.lineB = lineB;
        this.ip = ip;
        this.exchangeNs = prefix + "-exch";
        this.hostNs = prefix + "-host";
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
        cleanupStale(prefix);

        final LabNetwork network = new LabNetwork(prefix, lineB, SystemCommand.find("ip"));
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
        sentinel = NetworkSentinel.start(ip, prefix);
        SystemCommand.run(ip, "netns", "add", exchangeNs);
        SystemCommand.run(ip, "netns", "add", hostNs);
        addVethPair(exchangeIf(), hostIf());
        if (lineB)
        {
            addVethPair(exchangeIfB(), hostIfB());
        }
        addVethPair(exchangeIfRecovery(), hostIfRecovery());
        final String[] exchangeIfs = lineB ?
            new String[]{exchangeIf(), exchangeIfB(), exchangeIfRecovery()} :
            new String[]{exchangeIf(), exchangeIfRecovery()};
        final String[] hostIfs = lineB ?
            new String[]{hostIf(), hostIfB(), hostIfRecovery()} :
            new String[]{hostIf(), hostIfRecovery()};
        quietWire(exchangeNs, exchangeIfs);
        quietWire(hostNs, hostIfs);
        checksumsComplete = fullChecksums(exchangeNs, exchangeIfs) & fullChecksums(hostNs, hostIfs);
        for (final String ns : List.of(exchangeNs, hostNs))
        {
            SystemCommand.run(ip, "-n", ns, "link", "set", "dev", "lo", "up");
        }
        upWithRoutes(exchangeNs, exchangeIf(), exchangeAddressString(), null);
        // A secondary address: sockets that do not bind choose the primary, so the publisher's source is unchanged.
        SystemCommand.run(ip, "-n", exchangeNs, "addr", "add", peerAddressString() + "/24", "dev", exchangeIf());
        upWithRoutes(hostNs, hostIf(), hostAddressString(), null);
        if (lineB)
        {
            upWithRoutes(exchangeNs, exchangeIfB(), exchangeAddressStringB(), "10");
            upWithRoutes(hostNs, hostIfB(), hostAddressStringB(), "10");
        }
        // Unicast only: no multicast route, so nothing of the feed can leave by it.
        up(exchangeNs, exchangeIfRecovery(), exchangeAddressStringRecovery());
        up(hostNs, hostIfRecovery(), hostAddressStringRecovery());
    }

    private void addVethPair(final String xIf, final String hIf)
    {
        SystemCommand.run(ip, "link", "add", xIf, "numtxqueues", "1", "numrxqueues", "1", "netns", exchangeNs,
            "type", "veth", "peer", "name", hIf, "numtxqueues", "1", "numrxqueues", "1", "netns", hostNs);
    }

    private void quietWire(final String ns, final String... ifs)
    {
        final List<String> argv = new ArrayList<>(List.of(ip, "netns", "exec", ns, "/bin/sh", "-c", QUIET_WIRE,
            "quiet-wire"));
        argv.addAll(Arrays.asList(ifs));
        SystemCommand.run(argv.toArray(String[]::new));
    }

    private boolean fullChecksums(final String ns, final String... ifs)
    {
        final String ethtool = SystemCommand.find("ethtool");
        if (ethtool == null)
        {
            return false;
        }
        boolean all = true;
        for (final String dev : ifs)
        {
            all &= SystemCommand.runAllowingFailure(ip, "netns", "exec", ns, ethtool, "-K", dev, "tx", "off").ok();
        }
        return all;
    }

    private void up(final String ns, final String dev, final String address)
    {
        SystemCommand.run(ip, "-n", ns, "addr", "add", address + "/24", "dev", dev);
        SystemCommand.run(ip, "-n", ns, "link", "set", "dev", dev, "up");
    }

    private void upWithRoutes(final String ns, final String dev, final String address, final String metric)
    {
        up(ns, dev, address);
        if (metric == null)
        {
            SystemCommand.run(ip, "-n", ns, "route", "add", "224.0.0.0/4", "dev", dev);
        }
        else
        {
            SystemCommand.run(ip, "-n", ns, "route", "add", "224.0.0.0/4", "dev", dev, "metric", metric);
        }
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
            removeAll(ip, prefix, true);
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
    }

    /** The namespaces with this prefix that exist now, one line. */
    public static String status(final String prefix)
    {
        final String ip = SystemCommand.find("ip");
        if (ip == null)
        {
            return "ip (iproute2) not installed";
        }
        final List<String> found = new ArrayList<>();
        for (final String line : SystemCommand.run(ip, "netns", "list").split("\n"))
        {
            final String name = line.split(" ")[0].trim();
            if (name.equals(prefix + "-exch") || name.equals(prefix + "-host"))
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
        final String ip = SystemCommand.find("ip");
        if (ip != null)
        {
            removeAll(ip, prefix, false);
        }
        DpdkLeftovers.removeDead();
        CountersFile.removeStale(CountersFile.DEFAULT_DIRECTORY);
    }

    private static void removeAll(final String ip, final String prefix, final boolean strict)
    {
        final List<String> failures = new ArrayList<>();
        for (final String ns : List.of(prefix + "-exch", prefix + "-host"))
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
        for (final String dev : List.of(prefix + "x-a", prefix + "h-a", prefix + "x-b", prefix + "h-b",
            prefix + "x-r", prefix + "h-r"))
        {
            if (Files.exists(SYS_NET.resolve(dev)))
            {
                SystemCommand.runAllowingFailure(ip, "link", "del", dev);
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

    /**
     * Null when this process can build the lab network; otherwise one line saying why not and how to fix it, for
     * the runner to print beside the paths it skips.
     */
    public static String whyUnavailable()
    {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"))
        {
            return "the lab network needs Linux network namespaces; fix: run on Linux";
        }
        if (SystemCommand.find("ip") == null)
        {
            return "ip (iproute2) not installed; fix: scripts/setup.sh";
        }
        if (!Files.exists(Path.of("/proc/self/ns/net")))
        {
            return "this kernel has no network namespaces (CONFIG_NET_NS); fix: run on a kernel with them";
        }
        if (!hasCapabilities(CAP_NET_ADMIN, CAP_SYS_ADMIN))
        {
            return "not root: the lab network needs CAP_NET_ADMIN and CAP_SYS_ADMIN; " +
                "fix: run as root (sudo ./wirebook ...)";
        }
        return null;
    }

    static boolean hasCapabilities(final int... caps)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("CapEff:"))
                {
                    final long effective = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    for (final int cap : caps)
                    {
                        if ((effective & (1L << cap)) == 0)
                        {
                            return false;
                        }
                    }
                    return true;
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            // fall through: without /proc/self/status assume we lack them
        }
        return false;
    }

    /**
     * Applies {@code tc netem} to the exchange side of line A, e.g. "delay 100us 20us" or "loss 0.1%". Replaces any
     * netem already there.
     *
     * @throws LabNetworkException with {@link #NETEM_UNAVAILABLE} when the kernel has no netem, or with tc's own
     *                             error for a bad spec.
     */
    public void netem(final String spec)
    {
        final List<String> argv = new ArrayList<>(List.of(tc(), "-n", exchangeNs, "qdisc", "replace", "dev",
            exchangeIf(), "root", "netem"));
        argv.addAll(Arrays.asList(spec.strip().split("\\s+")));
        final SystemCommand.Result result = SystemCommand.runAllowingFailure(argv.toArray(String[]::new));
        if (result.stderr().contains("qdisc kind is unknown"))
        {
            throw new LabNetworkException(NETEM_UNAVAILABLE);
        }
        if (!result.ok())
        {
            throw new LabNetworkException("'" + String.join(" ", argv) + "' failed (exit " + result.exitCode() + "): " +
                SystemCommand.oneLine(result.stderr()));
        }
    }

    /** Removes the netem of {@link #netem(String)}; a no-op when there is none. */
    public void clearNetem()
    {
        final SystemCommand.Result result = SystemCommand.runAllowingFailure(tc(), "-n", exchangeNs, "qdisc", "del",
            "dev", exchangeIf(), "root");
        if (!result.ok() && !result.stderr().contains("No such file") && !result.stderr().contains("Cannot delete"))
        {
            throw new LabNetworkException("'tc -n " + exchangeNs + " qdisc del dev " + exchangeIf() +
                " root' failed: " + SystemCommand.oneLine(result.stderr()));
        }
    }

    private static String tc()
    {
        final String tc = SystemCommand.find("tc");
        if (tc == null)
        {
            throw new LabNetworkException("tc (iproute2) not installed; fix: scripts/setup.sh");
        }
        return tc;
    }

    /**
     * The argv that runs a command inside a namespace ({@code ip netns exec NS ...}), for peer tools such as
     * sockperf.
     */
    public List<String> execIn(final String ns, final String... command)
    {
        final List<String> argv = new ArrayList<>(List.of(ip, "netns", "exec", ns));
        argv.addAll(Arrays.asList(command));
        return argv;
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

    public String exchangeNs()
    {
        return exchangeNs;
    }

    public String hostNs()
    {
        return hostNs;
    }

    public String exchangeIf()
    {
        return prefix + "x-a";
    }

    public String hostIf()
    {
        return prefix + "h-a";
    }

    public String exchangeIfB()
    {
        return prefix + "x-b";
    }

    public String hostIfB()
    {
        return prefix + "h-b";
    }

    /** The exchange's end of the recovery link, where the request and snapshot servers listen. */
    public String exchangeIfRecovery()
    {
        return prefix + "x-r";
    }

    /** The trading host's end of the recovery link, where its re-requests and snapshot logins leave. */
    public String hostIfRecovery()
    {
        return prefix + "h-r";
    }

    /** 198.18.0.1 as a host-order int (most significant byte first when written big-endian). */
    public int exchangeAddress()
    {
        return ipv4(198, 18, 0, 1);
    }

    public int hostAddress()
    {
        return ipv4(198, 18, 0, 2);
    }

    public int exchangeAddressB()
    {
        return ipv4(198, 18, 1, 1);
    }

    public int hostAddressB()
    {
        return ipv4(198, 18, 1, 2);
    }

    public String exchangeAddressString()
    {
        return "198.18.0.1";
    }

    public String hostAddressString()
    {
        return "198.18.0.2";
    }

    public String exchangeAddressStringB()
    {
        return "198.18.1.1";
    }

    public String hostAddressStringB()
    {
        return "198.18.1.2";
    }

    /** 198.18.2.1: the exchange on the recovery link, where RecoveryEndpoints says the servers listen. */
    public String exchangeAddressStringRecovery()
    {
        return "198.18.2.1";
    }

    public String hostAddressStringRecovery()
    {
        return "198.18.2.2";
    }

    /** Another address on the exchange's line-A subnet, held by its veth: where a hostile peer sends from. */
    public String peerAddressString()
    {
        return "198.18.0.3";
    }

    /** Pid of the detached cleanup watcher (for tests and diagnostics); -1 before it started. */
    public long sentinelPid()
    {
        return sentinel == null ? -1 : sentinel.pid();
    }

    public String toString()
    {
        return "LabNetwork{" + exchangeNs + " " + exchangeIf() + " " + exchangeAddressString() + " <-> " + hostNs +
            " " + hostIf() + " " + hostAddressString() + (lineB ? ", line B" : "") + ", recovery " +
            exchangeAddressStringRecovery() + " <-> " + hostAddressStringRecovery() + "}";
    }

    private static int ipv4(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
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
                Runtime.getRuntime().addShutdownHook(
                    new Thread(LabNetwork::destroyAllLive, "wirebook-lab-network-cleanup"));
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
