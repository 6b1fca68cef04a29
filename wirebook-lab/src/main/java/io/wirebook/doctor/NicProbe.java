package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * Looks at one interface with ip and ethtool, in its network namespace when it has one. /sys/class/net shows the
 * namespace of whoever mounted /sys, so inside a namespace sysfs is read through "ip netns exec", which mounts
 * the namespace's own.
 */
public final class NicProbe
{
    private final HostFiles files;
    private final ToolRunner tools;

    public NicProbe(final HostFiles files, final ToolRunner tools)
    {
        this.files = files;
        this.tools = tools;
    }

    /** Whether a named network namespace exists (ip netns add puts them in /run/netns). */
    public boolean namespaceExists(final String netns)
    {
        return files.exists("/run/netns/" + netns);
    }

    /** @return the interface's facts, or null when there is no such interface (in that namespace). */
    public NicInfo probe(final String netns, final String name)
    {
        final ToolRunner.Result link = netns == null ?
            tools.run("ip", "-d", "link", "show", "dev", name) :
            tools.run("ip", "-n", netns, "-d", "link", "show", "dev", name);
        if (link == null || !link.ok() || link.stdout().isBlank())
        {
            return null;
        }
        final String ipText = link.stdout();
        final ToolRunner.Result ethtoolInfo = inNamespace(netns, "ethtool", "-i", name);
        String driver = ethtoolInfo != null && ethtoolInfo.ok() ? field(ethtoolInfo.stdout(), "driver:") : null;
        if (driver == null)
        {
            driver = linkKind(ipText);
        }
        final ToolRunner.Result offloads = inNamespace(netns, "ethtool", "-k", name);
        final boolean ntuple = offloads != null && offloads.ok() &&
            "on".equals(field(offloads.stdout(), "ntuple-filters:"));
        final ToolRunner.Result rules = inNamespace(netns, "ethtool", "-n", name);
        final ToolRunner.Result channels = inNamespace(netns, "ethtool", "-l", name);
        final String features = "virtio_net".equals(driver) ?
            readSysfs(netns, "/sys/class/net/" + name + "/device/features") : null;
        return new NicInfo(name, netns, driver, token(ipText, "parentdev"), rxQueues(netns, name, ipText), ntuple,
            rules != null && rules.ok() ? flowRules(rules.stdout()) : 0,
            channels != null && channels.ok() && combinedInUse(channels.stdout()), xdpAttached(ipText), features);
    }

    private String readSysfs(final String netns, final String path)
    {
        if (netns == null)
        {
            return files.readTrimmed(path);
        }
        final ToolRunner.Result cat = inNamespace(netns, "cat", path);
        return cat != null && cat.ok() ? cat.stdout().strip() : null;
    }

    private int rxQueues(final String netns, final String name, final String ipText)
    {
        final String dir = "/sys/class/net/" + name + "/queues";
        final List<String> entries;
        if (netns == null)
        {
            entries = files.list(dir);
        }
        else
        {
            final ToolRunner.Result ls = inNamespace(netns, "ls", "-1", dir);
            entries = ls != null && ls.ok() ? List.of(ls.stdout().strip().split("\\s+")) : List.of();
        }
        int rx = 0;
        for (final String entry : entries)
        {
            if (entry.startsWith("rx-"))
            {
                rx++;
            }
        }
        if (rx == 0)
        {
            final String allocated = token(ipText, "numrxqueues");
            return allocated == null ? 1 : Integer.parseInt(allocated);
        }
        return rx;
    }

    private ToolRunner.Result inNamespace(final String netns, final String... argv)
    {
        if (netns == null)
        {
            return tools.run(argv);
        }
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        command.addAll(List.of(argv));
        return tools.run(command.toArray(String[]::new));
    }

    /**
     * "driver: veth" of ethtool -i, "ntuple-filters: off [fixed]" of ethtool -k, "Cpus_allowed_list: 0-1" of a /proc
     * status: the first word after the key.
     */
    static String field(final String text, final String key)
    {
        for (final String line : text.split("\n"))
        {
            final String l = line.strip();
            if (l.startsWith(key))
            {
                final String[] rest = l.substring(key.length()).strip().split("\\s+");
                return rest.length == 0 || rest[0].isEmpty() ? null : rest[0];
            }
        }
        return null;
    }

    /** The word after a key word in ip's output ("parentdev 0000:03:00.0", "numrxqueues 4"). */
    static String token(final String text, final String key)
    {
        final String[] words = text.strip().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++)
        {
            if (words[i].equals(key))
            {
                return words[i + 1];
            }
        }
        return null;
    }

    /** ip -d puts the link kind (veth, ifb, bridge) first on the line after link/ether; null when none. */
    static String linkKind(final String ipText)
    {
        final String[] lines = ipText.split("\n");
        for (int i = 0; i + 1 < lines.length; i++)
        {
            if (lines[i].strip().startsWith("link/"))
            {
                final String[] next = lines[i + 1].strip().split("\\s+");
                return next.length > 0 && next[0].matches("[a-z][a-z0-9_]*") && !next[0].equals("addrgenmode") &&
                    !next[0].equals("prog") ? next[0] : null;
            }
        }
        return null;
    }

    /** ip's first line carries "xdp/id:N" (native), "xdpgeneric/id:N", "xdpoffload/id:N" when a program is on. */
    static String xdpAttached(final String ipText)
    {
        final String first = ipText.split("\n")[0];
        for (final String word : first.strip().split("\\s+"))
        {
            if (word.startsWith("xdp") && word.contains("/id:"))
            {
                return word;
            }
        }
        return null;
    }

    /** "Total 3 rules" of ethtool -n; 0 when it reports none. */
    static int flowRules(final String text)
    {
        for (final String line : text.split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[0].equals("Total") && f[2].startsWith("rule"))
            {
                try
                {
                    return Integer.parseInt(f[1]);
                }
                catch (final NumberFormatException ex)
                {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Whether ethtool -l's current settings count combined channels (else RX and TX are set apart). */
    static boolean combinedInUse(final String text)
    {
        final int current = text.indexOf("Current hardware settings:");
        if (current < 0)
        {
            return false;
        }
        final String combined = field(text.substring(current), "Combined:");
        return combined != null && combined.matches("[1-9][0-9]*");
    }
}
