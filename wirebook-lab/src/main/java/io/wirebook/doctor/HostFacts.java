package io.wirebook.doctor;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/** What several checks read: the files, the poll CPU, and the host's boot parameters, build, flags and rights. */
final class HostFacts
{
    private final HostFiles files;
    private final int pollCpu;
    private final KernelCmdline cmdline;
    private final KernelConfig config;
    private final Capabilities capabilities;
    private final Set<String> cpuFlags;
    private final BitSet onlineCpus;

    HostFacts(final HostFiles files, final int pollCpu)
    {
        this.files = files;
        this.pollCpu = pollCpu;
        this.cmdline = KernelCmdline.parse(files.read("/proc/cmdline"));
        this.config = KernelConfig.load(files);
        this.capabilities = Capabilities.parse(files.read("/proc/self/status"));
        this.cpuFlags = cpuFlags(files.read("/proc/cpuinfo"));
        this.onlineCpus = onlineCpus(files);
    }

    HostFiles files()
    {
        return files;
    }

    int pollCpu()
    {
        return pollCpu;
    }

    KernelCmdline cmdline()
    {
        return cmdline;
    }

    KernelConfig config()
    {
        return config;
    }

    Capabilities capabilities()
    {
        return capabilities;
    }

    boolean hasCpuFlag(final String flag)
    {
        return cpuFlags.contains(flag);
    }

    /** The CPU says a hypervisor runs it (CPUID leaf 1, ECX bit 31, shown as the "hypervisor" flag). */
    boolean isVm()
    {
        return cpuFlags.contains("hypervisor");
    }

    BitSet onlineCpus()
    {
        return (BitSet)onlineCpus.clone();
    }

    /** The online CPUs but the poll CPU, in the kernel's list format: where its IRQs and other work should go. */
    String otherCpus()
    {
        final BitSet others = onlineCpus();
        others.clear(pollCpu);
        return CpuList.format(others);
    }

    private static Set<String> cpuFlags(final String cpuinfo)
    {
        final Set<String> flags = new HashSet<>();
        if (cpuinfo != null)
        {
            for (final String line : cpuinfo.split("\n"))
            {
                if (line.startsWith("flags"))
                {
                    final String[] f = line.substring(line.indexOf(':') + 1).strip().split("\\s+");
                    flags.addAll(Set.of(f));
                    break;
                }
            }
        }
        return flags;
    }

    static BitSet onlineCpus(final HostFiles files)
    {
        final String online = files.readTrimmed("/sys/devices/system/cpu/online");
        if (online != null)
        {
            return CpuList.parse(online);
        }
        final BitSet cpus = new BitSet();
        final String cpuinfo = files.read("/proc/cpuinfo");
        if (cpuinfo != null)
        {
            for (final String line : cpuinfo.split("\n"))
            {
                if (line.startsWith("processor"))
                {
                    cpus.set(Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()));
                }
            }
        }
        return cpus;
    }
}
