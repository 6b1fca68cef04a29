package io.wirebook.rx.socket;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.wirebook.rx.Channel;

/**
 * A two-namespace test network private to one test class, named after a prefix: {prefix}-x (exchange) and
 * {prefix}-h (host), joined by two veth pairs. Line A is {prefix}x 198.18.0.1/24 to {prefix}h 198.18.0.2/24,
 * with the multicast route on both sides; the exchange's line A veth also holds {@link #FORGER_ADDRESS}, a
 * forger on the exchange's own subnet. Line B is {prefix}xb 198.18.1.1/24 to {prefix}hb 198.18.1.2/24. The
 * default prefix, {@code tsock}, is the socket paths'. Needs root.
 */
public final class TestNetwork implements AutoCloseable
{
    public static final String DEFAULT_PREFIX = "tsock";
    public static final String EXCHANGE_NS = DEFAULT_PREFIX + "-x";
    public static final String HOST_NS = DEFAULT_PREFIX + "-h";
    public static final String EXCHANGE_IF = DEFAULT_PREFIX + "x";
    public static final String HOST_IF = DEFAULT_PREFIX + "h";
    public static final String EXCHANGE_ADDRESS = "198.18.0.1";
    public static final int HOST_ADDRESS = Channel.parseIpv4("198.18.0.2");
    public static final String EXCHANGE_ADDRESS_B = "198.18.1.1";
    public static final int HOST_ADDRESS_B = Channel.parseIpv4("198.18.1.2");
    /** A second address on the exchange's line A veth, from which a forger sends to the feed's groups. */
    public static final String FORGER_ADDRESS = "198.18.0.3";
    /** The UDP port the exchange sends from, as the lab's publisher does. */
    public static final int SOURCE_PORT = 12344;
    public static final int PORT = 12345;
    public static final List<Channel> CHANNELS = List.of(
        Channel.of("239.1.1.1", PORT), Channel.of("239.1.1.2", PORT),
        Channel.of("239.1.1.3", PORT), Channel.of("239.1.1.4", PORT));
    public static final Channel LINE_B_CHANNEL = Channel.of("239.1.2.1", PORT);

    private final String exchangeNs;
    private final String hostNs;
    private final String exchangeIf;
    private final String hostIf;
    private final String exchangeIfB;
    private final String hostIfB;

    private TestNetwork(final String prefix)
    {
        exchangeNs = prefix + "-x";
        hostNs = prefix + "-h";
        exchangeIf = prefix + "x";
        hostIf = prefix + "h";
        exchangeIfB = prefix + "xb";
        hostIfB = prefix + "hb";
    }

    public static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The socket paths' network ({@code tsock}). */
    public static TestNetwork create()
    {
        return create(DEFAULT_PREFIX);
    }

    /**
     * Builds the network of {@code prefix}, removing any leftover of an earlier run first; null (after cleaning
     * up) on failure.
     */
    public static TestNetwork create(final String prefix)
    {
        final TestNetwork network = new TestNetwork(prefix);
        network.delete();
        final boolean ok =
            run("ip", "netns", "add", network.exchangeNs)
            && run("ip", "netns", "add", network.hostNs)
            && network.link(network.exchangeIf, EXCHANGE_ADDRESS, network.hostIf, HOST_ADDRESS)
            && network.link(network.exchangeIfB, EXCHANGE_ADDRESS_B, network.hostIfB, HOST_ADDRESS_B)
            && run("ip", "-n", network.exchangeNs, "addr", "add", FORGER_ADDRESS + "/24", "dev", network.exchangeIf)
            && run("ip", "-n", network.exchangeNs, "link", "set", "lo", "up")
            && run("ip", "-n", network.hostNs, "link", "set", "lo", "up")
            && run("ip", "-n", network.exchangeNs, "route", "add", "224.0.0.0/4", "dev", network.exchangeIf)
            && run("ip", "-n", network.hostNs, "route", "add", "224.0.0.0/4", "dev", network.hostIf);
        if (!ok)
        {
            network.delete();
            return null;
        }
        return network;
    }

    private boolean link(
        final String exchangeSide, final String exchangeAddress, final String hostSide, final int hostAddress)
    {
        return run("ip", "-n", exchangeNs, "link", "add", exchangeSide, "type", "veth", "peer", "name", hostSide,
                "netns", hostNs)
            && run("ip", "-n", exchangeNs, "addr", "add", exchangeAddress + "/24", "dev", exchangeSide)
            && run("ip", "-n", hostNs, "addr", "add", Channel.toDotted(hostAddress) + "/24", "dev", hostSide)
            && run("ip", "-n", exchangeNs, "link", "set", exchangeSide, "up")
            && run("ip", "-n", hostNs, "link", "set", hostSide, "up");
    }

    /** Deleting the namespaces deletes the veth pairs with them. */
    public void delete()
    {
        run("ip", "netns", "del", exchangeNs);
        run("ip", "netns", "del", hostNs);
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

    @Override
    public void close()
    {
        delete();
    }

    private static boolean run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
