package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The conditions a run was measured under: results.json's {@code host}. */
public final class HostInfo
{
    private HostInfo()
    {
    }

    public static Map<String, Object> describe(final LabHosts hosts)
    {
        final Map<String, Object> host = new LinkedHashMap<>();
        host.put("date", Instant.now().toString());
        host.put("kernel", read("/proc/sys/kernel/osrelease"));
        host.put("cpus", Runtime.getRuntime().availableProcessors());
        host.put("cpu_model", cpuModel());
        host.put("hypervisor", cpuFlags().contains(" hypervisor") ? "yes (shared VM: see host_noise per path)" : "no");
        host.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        host.put("hugepages_2m_total", read("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"));
        host.put("lab", hosts.describeHost());
        host.put("publisher_cpu", BenchRunner.PUBLISHER_CPU);
        host.put("receiver_poll_cpu", BenchRunner.RECEIVER_CPU);
        host.put("clock", "CLOCK_MONOTONIC (System.nanoTime, bpf_ktime_get_ns); kernel RX stamps converted from CLOCK_REALTIME");
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

    private static java.util.List<String> lines(final String file)
    {
        try
        {
            return Files.readAllLines(Path.of(file));
        }
        catch (final IOException ex)
        {
            return java.util.List.of();
        }
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
