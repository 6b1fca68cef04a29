package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.sys.HugePages;

/** The conditions a run was measured under: results.json's {@code host}. */
public final class HostInfo
{
    /** The CPUs the kernel has online, as a list such as "0-1" or "0,2-5". */
    static final String ONLINE_CPUS = "/sys/devices/system/cpu/online";

    private HostInfo()
    {
    }

    /**
     * How many CPUs a kernel CPU list ("0-3,6,8-9") names; when it cannot be read, the CPUs this process may run
     * on, the best left.
     */
    static int countCpus(final String cpuList)
    {
        try
        {
            int count = 0;
            for (final String part : cpuList.strip().split(","))
            {
                final int dash = part.indexOf('-');
                final int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                final int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
                count += last - first + 1;
            }
            return count;
        }
        catch (final NumberFormatException ex)
        {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    public static Map<String, Object> describe(final LabHosts hosts)
    {
        return describe(hosts.describeHost());
    }

    /** @param lab how the lab's hosts are laid out. */
    static Map<String, Object> describe(final String lab)
    {
        final Map<String, Object> host = new LinkedHashMap<>();
        host.put("date", Instant.now().toString());
        host.put("kernel", read("/proc/sys/kernel/osrelease"));
        // Not availableProcessors(): that is this process's affinity, and the launcher pins bench to one CPU.
        host.put("cpus", countCpus(read(ONLINE_CPUS)));
        host.put("cpu_model", cpuModel());
        host.put("hypervisor", cpuFlags().contains(" hypervisor") ? "yes (shared VM: see host_noise per path)" : "no");
        host.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        final long hugepages = HugePages.system().pool(HugePages.SIZE_2M_KB).total();
        host.put("hugepages_2m_total", hugepages < 0 ? null : hugepages);
        host.put("lab", lab);
        host.put("publisher_cpu", BenchRunner.PUBLISHER_CPU);
        host.put("receiver_poll_cpu", BenchRunner.RECEIVER_CPU);
        host.put("clock",
            "CLOCK_MONOTONIC (System.nanoTime, bpf_ktime_get_ns); kernel RX stamps converted from CLOCK_REALTIME");
        return host;
    }

    private static String cpuModel()
    {
        for (final String line : lines("/proc/cpuinfo"))
        {
            if (line.startsWith("model name"))
            {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    private static String cpuFlags()
    {
        for (final String line : lines("/proc/cpuinfo"))
        {
            if (line.startsWith("flags"))
            {
                return line + " ";
            }
        }
        return "";
    }

    private static List<String> lines(final String file)
    {
        try
        {
            return Files.readAllLines(Path.of(file));
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    /** The CPUs the kernel has online as it lists them ("0-1"), for taskset; "0" when that cannot be read. */
    static String onlineCpuList()
    {
        final String list = read(ONLINE_CPUS);
        return list.matches("[0-9][0-9,-]*") ? list : "0";
    }

    private static String read(final String file)
    {
        try
        {
            return Files.readString(Path.of(file)).trim();
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }
}
