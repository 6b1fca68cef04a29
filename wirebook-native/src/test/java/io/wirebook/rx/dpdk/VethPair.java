package io.wirebook.rx.dpdk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The dpdk tests' own two-namespace network: tdpdk-x (exchange, tdpdkx 198.18.0.1/24) and tdpdk-h (host,
 * tdpdkh 198.18.0.2/24), each with a multicast route for 239.1.1.0/24 (line A); line B on a second pair, tdpdkxb
 * 198.18.1.1/24 and tdpdkhb 198.18.1.2/24, routes 239.1.2.0/24. The exchange also has 198.18.0.9 on line A, an
 * address no flow trusts, to forge from. Removed by {@link #close()}.
 */
final class VethPair implements AutoCloseable
{
    static final String EXCHANGE_NS = "tdpdk-x";
    static final String HOST_NS = "tdpdk-h";
    static final String EXCHANGE_IF = "tdpdkx";
    static final String HOST_IF = "tdpdkh";
    static final String EXCHANGE_ADDRESS = "198.18.0.1";
    static final String HOST_ADDRESS = "198.18.0.2";
    static final String FORGER_ADDRESS = "198.18.0.9";
    static final String EXCHANGE_IF_B = "tdpdkxb";
    static final String HOST_IF_B = "tdpdkhb";
    static final String EXCHANGE_ADDRESS_B = "198.18.1.1";
    static final String HOST_ADDRESS_B = "198.18.1.2";

    VethPair() throws IOException, InterruptedException
    {
        close();
        try
        {
            run("ip", "netns", "add", EXCHANGE_NS);
            run("ip", "netns", "add", HOST_NS);
            run("ip", "link", "add", EXCHANGE_IF, "netns", EXCHANGE_NS, "type", "veth", "peer", "name", HOST_IF,
                "netns", HOST_NS);
            configure(EXCHANGE_NS, EXCHANGE_IF, EXCHANGE_ADDRESS, "239.1.1.0/24");
            configure(HOST_NS, HOST_IF, HOST_ADDRESS, "239.1.1.0/24");
            run("ip", "-n", EXCHANGE_NS, "addr", "add", FORGER_ADDRESS + "/24", "dev", EXCHANGE_IF);
            run("ip", "link", "add", EXCHANGE_IF_B, "netns", EXCHANGE_NS, "type", "veth", "peer", "name", HOST_IF_B,
                "netns", HOST_NS);
            configure(EXCHANGE_NS, EXCHANGE_IF_B, EXCHANGE_ADDRESS_B, "239.1.2.0/24");
            configure(HOST_NS, HOST_IF_B, HOST_ADDRESS_B, "239.1.2.0/24");
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** The attached XDP program line of the host interface, or empty. */
    static String hostXdpProgram() throws IOException, InterruptedException
    {
        return xdpProgram(HOST_IF);
    }

    /** The attached XDP program line of a host interface, or empty. */
    static String xdpProgram(final String hostInterface) throws IOException, InterruptedException
    {
        final String link = output("ip", "-n", HOST_NS, "link", "show", "dev", hostInterface);
        return link.contains("prog/xdp") ? link.substring(link.indexOf("prog/xdp")).trim() : "";
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        // Deleting a namespace deletes its end of the veth, and so the pair.
        quietly("ip", "netns", "del", EXCHANGE_NS);
        quietly("ip", "netns", "del", HOST_NS);
    }

    private static void configure(final String ns, final String device, final String address, final String groups)
        throws IOException, InterruptedException
    {
        run("ip", "-n", ns, "addr", "add", address + "/24", "dev", device);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "-n", ns, "link", "set", device, "up");
        run("ip", "-n", ns, "route", "add", groups, "dev", device);
        // A veth otherwise hands on UDP with a partial checksum, which only the kernel stack forgives; the dpdk
        // path's filter would reject it. Real wires carry full checksums (the lab's network does the same).
        run("ip", "netns", "exec", ns, "ethtool", "-K", device, "tx", "off");
    }

    static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed: " + out.trim());
        }
    }

    static String output(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    private static void quietly(final String... command) throws IOException, InterruptedException
    {
        final List<String> list = new ArrayList<>(List.of(command));
        new ProcessBuilder(list).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
            .waitFor();
    }
}
