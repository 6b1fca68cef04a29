package io.wirebook.rx.xdp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This test class's own two hosts: namespaces txdp-x (sender) and txdp-h (receiver) joined by veth txdpx/txdph,
 * 198.18.0.1/24 and 198.18.0.2/24 (line A, groups 239.1.1.0/24), and by a second veth txdpxb/txdphb, 198.18.1.1/24
 * and 198.18.1.2/24 (line B, groups 239.1.2.0/24). The sender also has 198.18.0.9 on line A, an address no flow
 * trusts, to forge from. The veths are created inside the namespaces, so no interface of the host's own namespace
 * is ever touched.
 */
final class TestNetwork
{
    static final String EXCHANGE_NS = "txdp-x";
    static final String HOST_NS = "txdp-h";
    static final String EXCHANGE_VETH = "txdpx";
    static final String HOST_VETH = "txdph";
    static final String EXCHANGE_ADDRESS = "198.18.0.1";
    static final String HOST_ADDRESS = "198.18.0.2";
    static final String FORGER_ADDRESS = "198.18.0.9";
    static final String EXCHANGE_VETH_B = "txdpxb";
    static final String HOST_VETH_B = "txdphb";
    static final String EXCHANGE_ADDRESS_B = "198.18.1.1";
    static final String HOST_ADDRESS_B = "198.18.1.2";

    private TestNetwork()
    {
    }

    static void create()
    {
        delete();
        run("ip", "netns", "add", EXCHANGE_NS);
        run("ip", "netns", "add", HOST_NS);
        run("ip", "-n", EXCHANGE_NS, "link", "add", EXCHANGE_VETH, "type", "veth", "peer", "name", HOST_VETH,
            "netns", HOST_NS);
        run("ip", "-n", EXCHANGE_NS, "addr", "add", EXCHANGE_ADDRESS + "/24", "dev", EXCHANGE_VETH);
        run("ip", "-n", HOST_NS, "addr", "add", HOST_ADDRESS + "/24", "dev", HOST_VETH);
        run("ip", "-n", EXCHANGE_NS, "link", "set", "lo", "up");
        run("ip", "-n", HOST_NS, "link", "set", "lo", "up");
        run("ip", "-n", EXCHANGE_NS, "link", "set", EXCHANGE_VETH, "up");
        run("ip", "-n", HOST_NS, "link", "set", HOST_VETH, "up");
        run("ip", "-n", EXCHANGE_NS, "route", "add", "239.1.1.0/24", "dev", EXCHANGE_VETH);
        run("ip", "-n", EXCHANGE_NS, "addr", "add", FORGER_ADDRESS + "/24", "dev", EXCHANGE_VETH);

        run("ip", "-n", EXCHANGE_NS, "link", "add", EXCHANGE_VETH_B, "type", "veth", "peer", "name", HOST_VETH_B,
            "netns", HOST_NS);
        run("ip", "-n", EXCHANGE_NS, "addr", "add", EXCHANGE_ADDRESS_B + "/24", "dev", EXCHANGE_VETH_B);
        run("ip", "-n", HOST_NS, "addr", "add", HOST_ADDRESS_B + "/24", "dev", HOST_VETH_B);
        run("ip", "-n", EXCHANGE_NS, "link", "set", EXCHANGE_VETH_B, "up");
        run("ip", "-n", HOST_NS, "link", "set", HOST_VETH_B, "up");
        run("ip", "-n", EXCHANGE_NS, "route", "add", "239.1.2.0/24", "dev", EXCHANGE_VETH_B);
        // A veth otherwise hands on UDP with a partial checksum, which only the kernel stack forgives; the raw
        // path's filter would reject it. Real wires carry full checksums (the lab's network does the same).
        run("ip", "netns", "exec", EXCHANGE_NS, "ethtool", "-K", EXCHANGE_VETH, "tx", "off");
        run("ip", "netns", "exec", EXCHANGE_NS, "ethtool", "-K", EXCHANGE_VETH_B, "tx", "off");
    }

    /** Deleting a namespace deletes the veth end inside it, and so the pair. */
    static void delete()
    {
        runQuietly("ip", "netns", "del", EXCHANGE_NS);
        runQuietly("ip", "netns", "del", HOST_NS);
    }

    static String output(final String... command)
    {
        return exec(command, true);
    }

    static void run(final String... command)
    {
        exec(command, true);
    }

    static void runQuietly(final String... command)
    {
        exec(command, false);
    }

    private static String exec(final String[] command, final boolean check)
    {
        try
        {
            final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (check && process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.trim());
            }
            return out;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Icmp InEchos of a namespace's kernel (/proc/net/snmp): echo requests that reached its stack. */
    static long icmpInEchos(final String namespace)
    {
        final List<String> icmp = new ArrayList<>();
        for (final String line : output("ip", "netns", "exec", namespace, "cat", "/proc/net/snmp").split("\n"))
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
}
