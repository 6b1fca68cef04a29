package io.wirebook.rx.socket;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.wirebook.rx.Channel;

/**
 * A two-namespace test network private to these tests: tsock-x (exchange, tsockx 198.18.0.1/24) and tsock-h
 * (host, tsockh 198.18.0.2/24) joined by a veth pair, with the multicast route on both sides. Needs root.
 */
public final class TestNetwork implements AutoCloseable
{
    public static final String EXCHANGE_NS = "tsock-x";
    public static final String HOST_NS = "tsock-h";
    public static final String EXCHANGE_IF = "tsockx";
    public static final String HOST_IF = "tsockh";
    public static final String EXCHANGE_ADDRESS = "198.18.0.1";
    public static final int HOST_ADDRESS = Channel.parseIpv4("198.18.0.2");
    public static final int PORT = 12345;
    public static final List<Channel> CHANNELS = List.of(
        Channel.of("239.1.1.1", PORT), Channel.of("239.1.1.2", PORT),
        Channel.of("239.1.1.3", PORT), Channel.of("239.1.1.4", PORT));

    private TestNetwork()
    {
    }

    public static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Builds the network, removing any leftover of an earlier run first; null (after cleaning up) on failure. */
    public static TestNetwork create()
    {
        delete();
        final boolean ok =
            run("ip", "netns", "add", EXCHANGE_NS)
            && run("ip", "netns", "add", HOST_NS)
            && run("ip", "-n", EXCHANGE_NS, "link", "add", EXCHANGE_IF, "type", "veth", "peer", "name", HOST_IF,
                "netns", HOST_NS)
            && run("ip", "-n", EXCHANGE_NS, "addr", "add", EXCHANGE_ADDRESS + "/24", "dev", EXCHANGE_IF)
            && run("ip", "-n", HOST_NS, "addr", "add", Channel.toDotted(HOST_ADDRESS) + "/24", "dev", HOST_IF)
            && run("ip", "-n", EXCHANGE_NS, "link", "set", "lo", "up")
            && run("ip", "-n", HOST_NS, "link", "set", "lo", "up")
            && run("ip", "-n", EXCHANGE_NS, "link", "set", EXCHANGE_IF, "up")
            && run("ip", "-n", HOST_NS, "link", "set", HOST_IF, "up")
            && run("ip", "-n", EXCHANGE_NS, "route", "add", "224.0.0.0/4", "dev", EXCHANGE_IF)
            && run("ip", "-n", HOST_NS, "route", "add", "224.0.0.0/4", "dev", HOST_IF);
        if (!ok)
        {
            delete();
            return null;
        }
        return new TestNetwork();
    }

    /** Deleting the namespaces deletes the veth pair with them. */
    public static void delete()
    {
        run("ip", "netns", "del", EXCHANGE_NS);
        run("ip", "netns", "del", HOST_NS);
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
