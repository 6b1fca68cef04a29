package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Whether this process can build the lab network: Linux, iproute2, network namespaces and the capabilities. */
final class LabNetworkProbe
{
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final String CAP_EFFECTIVE = "CapEff:";

    private LabNetworkProbe()
    {
    }

    /** Null when the lab network can be built; otherwise one line saying why not and how to fix it. */
    static String whyUnavailable()
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
                if (line.startsWith(CAP_EFFECTIVE))
                {
                    final long effective = Long.parseUnsignedLong(line.substring(CAP_EFFECTIVE.length()).strip(), 16);
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
}
