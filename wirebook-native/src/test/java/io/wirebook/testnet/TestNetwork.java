package io.wirebook.testnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.wirebook.rx.Channel;
import io.wirebook.rx.socket.MulticastSocket;
import io.wirebook.sys.Libc;
import io.wirebook.sys.Privileges;
import io.wirebook.util.ExitHook;

/**
 * The one test fixture for a private network: two namespaces, an exchange ({@code wbt-TAG-PID-x}) and a host
 * ({@code wbt-TAG-PID-h}), joined by a veth pair (line A: {@code TAGx} 198.18.0.1/24 to {@code TAGh}
 * 198.18.0.2/24) and, unless asked not to, a second one (line B: {@code TAGxb} 198.18.1.1/24 to {@code TAGhb}
 * 198.18.1.2/24). The exchange's line-A veth also holds {@link #FORGER_ADDRESS}, a forger on its own subnet.
 * <p>
 * Both namespaces route multicast (224.0.0.0/4) to line A and line B's groups (239.1.2.0/24) to line B, so a
 * sender that names no interface picks the right line. Each veth has one queue each way, so every frame lands on
 * RX queue 0, where an AF_XDP socket binds, and TX checksum offload off, so raw frames carry full UDP checksums,
 * as on a real wire (the lab's network does the same).
 * <p>
 * The tag names the test class, the pid this JVM, so two classes, or two builds side by side, never share or
 * remove each other's network. The veths are made inside the namespaces, so no interface of the host's own
 * namespace is ever touched. {@link #close()} removes the network, a shutdown hook removes what is still up when
 * the JVM exits, and every {@link #create} first removes the networks of JVMs that are gone (killed ones
 * included). Needs root.
 */
public final class TestNetwork implements AutoCloseable
{
    /** The exchange's end of line A, and the source of its feed there. */
    public static final String EXCHANGE_ADDRESS = "198.18.0.1";
    /** The host's end of line A. */
    public static final String HOST_ADDRESS = "198.18.0.2";
    /** The exchange's end of line B. */
    public static final String EXCHANGE_ADDRESS_B = "198.18.1.1";
    /** The host's end of line B. */
    public static final String HOST_ADDRESS_B = "198.18.1.2";
    /** A second address on the exchange's line A veth, which no flow trusts: where a forger sends from. */
    public static final String FORGER_ADDRESS = "198.18.0.3";
    /** The UDP port the exchange sends from, as the lab's publisher does. */
    public static final int SOURCE_PORT = 12344;
    /** The feed's UDP port. */
    public static final int PORT = 12345;
    /** Four channels on line A's groups, as the lab's. */
    public static final List<Channel> CHANNELS = List.of(
        Channel.of("239.1.1.1", PORT), Channel.of("239.1.1.2", PORT),
        Channel.of("239.1.1.3", PORT), Channel.of("239.1.1.4", PORT));
    /** Channel 0's group on line B. */
    public static final Channel LINE_B_CHANNEL = Channel.of("239.1.2.1", PORT);

    private static final String MULTICAST_ROUTE = "224.0.0.0/4";
    private static final String LINE_B_GROUPS = "239.1.2.0/24";
    private static final String NAME_PREFIX = "wbt-";
    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9]{0,8}");
    private static final Pattern OWNED = Pattern.compile("wbt-[a-z0-9]+-([0-9]+)-[xh]");
    private static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final long TIMEOUT_SECONDS = 30;
    private static final Set<TestNetwork> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;
    private static final long STAMPS_ON_MILLIS = 100;
    private static int stampKeeper = -1;

    private final String exchangeNs;
    private final String hostNs;
    private final String exchangeIf;
    private final String hostIf;
    private final String exchangeIfB;
    private final String hostIfB;
    private final boolean lineB;

    private TestNetwork(final String tag, final boolean lineB)
    {
        final String owner = NAME_PREFIX + tag + "-" + ProcessHandle.current().pid();
        this.exchangeNs = owner + "-x";
        this.hostNs = owner + "-h";
        this.exchangeIf = tag + "x";
        this.hostIf = tag + "h";
        this.exchangeIfB = tag + "xb";
        this.hostIfB = tag + "hb";
        this.lineB = lineB;
    }

    public static boolean isRoot()
    {
        return Privileges.isRoot();
    }

    /** Lines A and B for the test class of this tag. */
    public static TestNetwork create(final String tag)
    {
        return create(tag, true);
    }

    /**
     * Builds the network of this tag, after removing the networks of dead JVMs and one of this tag this JVM left.
     *
     * @param tag   1 to 9 lower-case letters or digits, starting with a letter: the veths are called after it.
     * @param lineB also build line B.
     * @throws IllegalStateException naming the command that failed, after removing what it built.
     */
    public static TestNetwork create(final String tag, final boolean lineB)
    {
        if (!TAG.matcher(tag).matches())
        {
            throw new IllegalArgumentException("test network tag '" + tag + "' must be 1-9 lower-case letters or " +
                "digits starting with a letter (veth names are <= 15 chars)");
        }
        removeLeftovers();
        keepKernelRxStampsOn();
        final TestNetwork network = new TestNetwork(tag, lineB);
        network.delete();
        installShutdownHook();
        LIVE.add(network);
        boolean built = false;
        try
        {
            network.build();
            built = true;
            return network;
        }
        finally
        {
            if (!built)
            {
                network.close();
            }
        }
    }

    /**
     * Holds one socket with software RX timestamping open for the rest of this JVM. The kernel turns RX stamping on
     * when the first such socket appears, and off after the last one closes, each time through a work item it runs
     * a little later: without a socket that outlives every test, a path opened just after another test closed its
     * sockets can see its first datagrams arrive unstamped.
     */
    private static synchronized void keepKernelRxStampsOn()
    {
        if (stampKeeper >= 0)
        {
            return;
        }
        stampKeeper = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        Libc.setsockoptInt(stampKeeper, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPING,
            MulticastSocket.SOF_TIMESTAMPING_RX_SOFTWARE | MulticastSocket.SOF_TIMESTAMPING_SOFTWARE);
        try
        {
            // Time for the kernel's deferred work to switch stamping on.
            TimeUnit.MILLISECONDS.sleep(STAMPS_ON_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void build()
    {
        run("ip", "netns", "add", exchangeNs);
        run("ip", "netns", "add", hostNs);
        for (final String ns : List.of(exchangeNs, hostNs))
        {
            run("ip", "-n", ns, "link", "set", "lo", "up");
        }
        link(exchangeIf, EXCHANGE_ADDRESS, hostIf, HOST_ADDRESS, MULTICAST_ROUTE);
        run("ip", "-n", exchangeNs, "addr", "add", FORGER_ADDRESS + "/24", "dev", exchangeIf);
        if (lineB)
        {
            link(exchangeIfB, EXCHANGE_ADDRESS_B, hostIfB, HOST_ADDRESS_B, LINE_B_GROUPS);
        }
    }

    private void link(
        final String exchangeSide,
        final String exchangeAddress,
        final String hostSide,
        final String hostAddress,
        final String groups)
    {
        run("ip", "-n", exchangeNs, "link", "add", exchangeSide, "numtxqueues", "1", "numrxqueues", "1",
            "type", "veth", "peer", "name", hostSide, "numtxqueues", "1", "numrxqueues", "1", "netns", hostNs);
        up(exchangeNs, exchangeSide, exchangeAddress, groups);
        up(hostNs, hostSide, hostAddress, groups);
    }

    private static void up(final String ns, final String dev, final String address, final String groups)
    {
        run("ip", "-n", ns, "addr", "add", address + "/24", "dev", dev);
        run("ip", "-n", ns, "link", "set", dev, "up");
        run("ip", "-n", ns, "route", "add", groups, "dev", dev);
        run("ip", "netns", "exec", ns, "ethtool", "-K", dev, "tx", "off");
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
        return exchangeIf;
    }

    public String hostIf()
    {
        return hostIf;
    }

    public String exchangeIfB()
    {
        return exchangeIfB;
    }

    public String hostIfB()
    {
        return hostIfB;
    }

    /** {@code ip -n HOST link show dev DEV}: where an attached XDP program shows ("xdpgeneric", "prog/xdp"). */
    public String hostLink(final String dev)
    {
        return run("ip", "-n", hostNs, "link", "show", "dev", dev);
    }

    /** Icmp InEchos of a namespace's kernel (/proc/net/snmp): echo requests that reached its stack. */
    public static long icmpInEchos(final String namespace)
    {
        final List<String> icmp = new ArrayList<>();
        for (final String line : run("ip", "netns", "exec", namespace, "cat", "/proc/net/snmp").split("\n"))
        {
            if (line.startsWith("Icmp:"))
            {
                icmp.add(line);
            }
        }
        final String[] names = icmp.get(0).split("\\s+");
        final String[] values = icmp.get(1).split("\\s+");
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals("InEchos"))
            {
                return Long.parseLong(values[i]);
            }
        }
        throw new IllegalStateException("no Icmp InEchos in /proc/net/snmp");
    }

    /** Removes the namespaces, the processes left in them and with them the veths. Safe to call more than once. */
    @Override
    public void close()
    {
        LIVE.remove(this);
        delete();
    }

    private void delete()
    {
        remove(exchangeNs);
        remove(hostNs);
    }

    /** The networks of JVMs that are gone: a killed test JVM runs no shutdown hook. */
    private static void removeLeftovers()
    {
        if (!Files.isDirectory(NETNS_DIR))
        {
            return;
        }
        final List<String> dead = new ArrayList<>();
        try (Stream<Path> names = Files.list(NETNS_DIR))
        {
            names.map(path -> path.getFileName().toString()).forEach(name ->
            {
                final Matcher m = OWNED.matcher(name);
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty())
                {
                    dead.add(name);
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        dead.forEach(TestNetwork::remove);
    }

    private static void remove(final String ns)
    {
        if (!Files.exists(NETNS_DIR.resolve(ns)))
        {
            return;
        }
        final long self = ProcessHandle.current().pid();
        for (final String pid : runQuietly("ip", "netns", "pids", ns).split("\\s+"))
        {
            if (!pid.isEmpty() && Long.parseLong(pid) != self)
            {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        runQuietly("ip", "netns", "del", ns);
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
                ExitHook.register("test-network-cleanup", () -> List.copyOf(LIVE).forEach(TestNetwork::close));
                hookInstalled = true;
            }
        }
    }

    /** Runs a command to completion and returns its output (stdout and stderr); throws when it fails. */
    public static String run(final String... command)
    {
        return exec(command, true);
    }

    /** Runs a command to completion and returns its output, whether it fails or not. */
    public static String runQuietly(final String... command)
    {
        return exec(command, false);
    }

    private static String exec(final String[] command, final boolean check)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (check && process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
            return out;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
