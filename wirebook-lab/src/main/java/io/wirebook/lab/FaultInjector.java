package io.wirebook.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wirebook.rx.Flow;
import io.wirebook.sim.PublisherConfig;

/**
 * Faults between the lab's hosts, made by nftables inside the exchange's namespace: random loss of the feed on
 * one line, independently per line, and an outage of both lines. This kernel has no sch_netem; nftables has
 * {@code numgen}.
 *
 * <p>The rules sit on the egress hook of the exchange's veths ({@code netdev} family), not on the trading host:
 * XDP programs (af-xdp, the DPDK af_xdp PMD) take frames off the host's veth before any netfilter hook there, so
 * only a drop before the wire reaches every path. On egress a drop costs the sender nothing: the kernel reports
 * it to UDP as ENOBUFS, which UDP ignores, so the publisher goes on. They match the feed only (UDP from the
 * publisher's source port {@value #FEED_SOURCE_PORT} to port {@value #FEED_PORT}): the request server's replies,
 * the snapshot server's TCP and forged packets from other ports pass.
 * <pre>
 * table netdev wirebook_faults {
 *     counter loss_a {}  counter loss_b {}  counter outage {}
 *     chain egress_a { type filter hook egress device "wbx-a" priority filter; jump outage; jump loss_a }
 *     chain egress_b { type filter hook egress device "wbx-b" priority filter; jump outage; jump loss_b }
 *     chain outage {}     # during an outage: udp sport 12344 udp dport 12345 counter name "outage" drop
 *     chain loss_a {}     # udp sport 12344 udp dport 12345 numgen random mod 1000 &lt; PERMILLE
 *                         #     counter name "loss_a" drop
 *     chain loss_b {}
 * }
 * </pre>
 * {@link #close()} deletes the table; deleting the namespace would too.
 */
public final class FaultInjector implements AutoCloseable
{
    public static final String TABLE = "wirebook_faults";
    public static final int FEED_PORT = 12345;
    public static final int FEED_SOURCE_PORT = PublisherConfig.DEFAULT_SOURCE_PORT;
    /** Keys of {@link #dropped()}. */
    public static final String DROPPED_LOSS_A = "loss_a";
    public static final String DROPPED_LOSS_B = "loss_b";
    public static final String DROPPED_OUTAGE = "outage";

    private static final String FAMILY_TABLE = "netdev " + TABLE;
    private static final String OUTAGE_CHAIN = "outage";
    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");
    private static final int PER_MILLE = 1000;

    private final String ip;
    private final String nft;
    private final String namespace;
    private final String[] interfaces;
    private final Map<String, Long> lastDropped = new LinkedHashMap<>();
    private boolean closed;

    private FaultInjector(final String ip, final String nft, final String namespace, final String[] interfaces)
    {
        this.ip = ip;
        this.nft = nft;
        this.namespace = namespace;
        this.interfaces = interfaces;
        for (final String name : List.of(DROPPED_LOSS_A, DROPPED_LOSS_B, DROPPED_OUTAGE))
        {
            lastDropped.put(name, 0L);
        }
    }

    /** Sets up the (empty) table on the exchange's two veths of a network built with line B. */
    public static FaultInjector open(final LabNetwork network)
    {
        if (!network.hasLineB())
        {
            throw new LabNetworkException("faults need both lines; build the lab network with line B");
        }
        final LabHost exchange = network.exchange();
        return open(exchange.namespace(), exchange.lineA().interfaceName(), exchange.lineB().interfaceName());
    }

    /**
     * Sets up the (empty) table in {@code namespace} on the exchange's line-A and line-B interfaces, replacing one a
     * crashed run left there.
     *
     * @throws LabNetworkException when nft is missing or refuses (e.g. a kernel without the netdev egress hook).
     */
    public static FaultInjector open(final String namespace, final String lineAIf, final String lineBIf)
    {
        final String ip = SystemCommand.find("ip");
        final String nft = SystemCommand.find("nft");
        if (null == ip || null == nft)
        {
            throw new LabNetworkException("nft (nftables) or ip (iproute2) not installed; fix: scripts/setup.sh");
        }
        final FaultInjector faults = new FaultInjector(ip, nft, namespace, new String[]{lineAIf, lineBIf});
        faults.deleteTable();
        try
        {
            faults.build();
        }
        catch (final RuntimeException ex)
        {
            faults.deleteTable();
            throw ex;
        }
        return faults;
    }

    private void build()
    {
        nft("add table " + FAMILY_TABLE);
        for (final String counter : lastDropped.keySet())
        {
            nft("add counter " + FAMILY_TABLE + " " + counter);
        }
        nft("add chain " + FAMILY_TABLE + " " + OUTAGE_CHAIN);
        for (int line = Flow.LINE_A; line <= Flow.LINE_B; line++)
        {
            nft("add chain " + FAMILY_TABLE + " " + lossChain(line));
            final String egress = "egress_" + suffix(line);
            nft("add chain " + FAMILY_TABLE + " " + egress + " { type filter hook egress device \"" +
                interfaces[line] + "\" priority 0 ; }");
            nft("add rule " + FAMILY_TABLE + " " + egress + " jump " + OUTAGE_CHAIN);
            nft("add rule " + FAMILY_TABLE + " " + egress + " jump " + lossChain(line));
        }
    }

    /**
     * Drops {@code percent} of the feed's packets on one line from now on, at random (0.1% steps), independently of
     * the other line; 0 stops it.
     */
    public synchronized void loss(final int line, final double percent)
    {
        if (line != Flow.LINE_A && line != Flow.LINE_B)
        {
            throw new IllegalArgumentException("line must be Flow.LINE_A or Flow.LINE_B, got " + line);
        }
        if (!(percent >= 0 && percent <= 100))
        {
            throw new IllegalArgumentException("loss must be 0..100 %, got " + percent);
        }
        requireOpen();
        final long permille = Math.round(percent * PER_MILLE / 100.0);
        nft("flush chain " + FAMILY_TABLE + " " + lossChain(line));
        if (permille > 0)
        {
            nft("add rule " + FAMILY_TABLE + " " + lossChain(line) + " " + feedMatch() + " numgen random mod " +
                PER_MILLE + " < " + permille + " counter name \"" + lossChain(line) + "\" drop");
        }
    }

    /** Starts dropping every feed packet on both lines, until {@link #endOutage()}. */
    public synchronized void startOutage()
    {
        requireOpen();
        nft("flush chain " + FAMILY_TABLE + " " + OUTAGE_CHAIN);
        nft("add rule " + FAMILY_TABLE + " " + OUTAGE_CHAIN + " " + feedMatch() + " counter name \"" +
            DROPPED_OUTAGE + "\" drop");
    }

    public synchronized void endOutage()
    {
        requireOpen();
        nft("flush chain " + FAMILY_TABLE + " " + OUTAGE_CHAIN);
    }

    /**
     * An outage of both lines for {@code millis}: the rule goes in, the thread sleeps, the rule comes out, also when
     * the sleep is interrupted. Adding and removing a rule takes a few ms of its own (a fork of nft each), so the
     * outage lasts at least {@code millis}.
     */
    public void outage(final long millis) throws InterruptedException
    {
        startOutage();
        try
        {
            Thread.sleep(millis);
        }
        finally
        {
            endOutage();
        }
    }

    /**
     * Feed packets the rules dropped so far: {@value #DROPPED_LOSS_A}, {@value #DROPPED_LOSS_B} and
     * {@value #DROPPED_OUTAGE} (both lines). After {@link #close()}, the counts at close.
     */
    public synchronized Map<String, Long> dropped()
    {
        if (!closed)
        {
            for (final String counter : lastDropped.keySet())
            {
                final Matcher m = PACKETS.matcher(nft("list counter " + FAMILY_TABLE + " " + counter));
                if (m.find())
                {
                    lastDropped.put(counter, Long.parseLong(m.group(1)));
                }
            }
        }
        return Map.copyOf(lastDropped);
    }

    /** Reads the counters one last time and deletes the table. Safe to call more than once. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        try
        {
            dropped();
        }
        catch (final LabNetworkException ex)
        {
            // the namespace may already be gone with its table: keep the last counts read
        }
        finally
        {
            closed = true;
            deleteTable();
        }
    }

    private void deleteTable()
    {
        SystemCommand.runAllowingFailure(ip, "netns", "exec", namespace, nft, "delete table " + FAMILY_TABLE);
    }

    private void requireOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("fault injector is closed");
        }
    }

    private String nft(final String command)
    {
        return SystemCommand.run(ip, "netns", "exec", namespace, nft, command);
    }

    private static String feedMatch()
    {
        return "udp sport " + FEED_SOURCE_PORT + " udp dport " + FEED_PORT;
    }

    private static String lossChain(final int line)
    {
        return "loss_" + suffix(line);
    }

    private static String suffix(final int line)
    {
        return line == Flow.LINE_A ? "a" : "b";
    }
}
