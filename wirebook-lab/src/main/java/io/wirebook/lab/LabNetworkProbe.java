package io.wirebook.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.wirebook.sys.Privileges;

/** Whether this process can build the lab network: Linux, iproute2, network namespaces and the capabilities. */
final class LabNetworkProbe
{
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
        if (!Privileges.hasAll(Privileges.CAP_NET_ADMIN, Privileges.CAP_SYS_ADMIN))
        {
            return "not root: the lab network needs CAP_NET_ADMIN and CAP_SYS_ADMIN; " +
                "fix: run as root (sudo ./wirebook ...)";
        }
        return null;
    }
}
