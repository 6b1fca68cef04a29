package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import io.wirebook.lab.BenchRunner;

/**
 * Whether the host is a VM, one nested in another, shared with other guests, and big enough for the lab.
 *
 * <p>Nesting cannot be read from inside a guest: the hypervisor it sees is the same whether or not another runs
 * under it. What can be seen is the price: a CPUID exits to the hypervisor, and a nested guest's exit goes
 * through two of them. One level down it costs under {@link #DIRECT_EXIT_NS}; nested, several microseconds.
 */
record VirtualizationChecks(HostFacts host, ToolRunner tools, CpuidProbe cpuid)
{
    /** A CPUID exit to a hypervisor on bare metal: 0.1 to 1.5 µs on current x86 CPUs. */
    static final double DIRECT_EXIT_NS = 1_500;
    /** Above this, the exit went through more than one hypervisor (or through one that flushes on each exit). */
    static final double NESTED_EXIT_NS = 3_000;
    private static final int PUBLISHER_CPU = BenchRunner.PUBLISHER_CPU;

    private static final String DMI = "/sys/class/dmi/id";
    private static final int STAT_STEAL = 8;

    Check vm()
    {
        final List<String> signs = new ArrayList<>();
        if (host.isVm())
        {
            signs.add("cpuinfo's hypervisor flag");
        }
        final String signature = host.isVm() ? cpuid.hypervisorSignature() : null;
        if (signature != null)
        {
            signs.add("CPUID signature " + signature);
        }
        final ToolRunner.Result detect = tools.run("systemd-detect-virt", "--vm");
        final String virt = detect == null ? null : detect.stdout().strip();
        if (virt != null && !virt.isEmpty() && !virt.equals("none"))
        {
            signs.add("systemd-detect-virt: " + virt);
        }
        final String vendor = host.files().readTrimmed(DMI + "/sys_vendor");
        final String product = host.files().readTrimmed(DMI + "/product_name");
        final String dmi = vendor == null && product == null ? "no DMI table" :
            "DMI " + (vendor == null ? "?" : vendor) + " / " + (product == null ? "?" : product);
        if (signs.isEmpty())
        {
            return Check.ok("vm", "bare metal: no hypervisor flag" + (virt == null ? "" : ", systemd-detect-virt: " +
                virt) + "; " + dmi);
        }
        return Check.warn("vm", "a VM (" + String.join(", ", signs) + "; " + dmi + ")",
            "measure on bare metal or a VM with dedicated, pinned vCPUs: a guest's figures carry its host's noise");
    }

    Check nested()
    {
        if (!host.isVm())
        {
            return Check.ok("nested", "not a VM, so not nested");
        }
        final String offered = host.hasCpuFlag("vmx") || host.hasCpuFlag("svm") ?
            "; vmx/svm offered to this guest" : "";
        final double exit = cpuid.exitNanos();
        if (Double.isNaN(exit))
        {
            return Check.skip("nested", "cannot tell: no /dev/cpu/N/cpuid to time a CPUID exit" + offered,
                "run as root with the cpuid driver (modprobe cpuid), or ask the provider");
        }
        final String cost = String.format(Locale.ROOT, "a CPUID exit takes %.1f µs", exit / 1e3);
        final String direct = String.format(Locale.ROOT, "%.1f µs", DIRECT_EXIT_NS / 1e3);
        if (exit >= NESTED_EXIT_NS)
        {
            return Check.warn("nested", "likely nested: " + cost + " (one level down it takes under " + direct + ")" +
                offered, "a VM straight on bare metal: every exit of a nested guest crosses two hypervisors");
        }
        if (exit < DIRECT_EXIT_NS)
        {
            return Check.ok("nested", "no sign of nesting: " + cost + offered);
        }
        return Check.skip("nested", "cannot tell: " + cost + ", between a VM on bare metal (under " + direct +
            ") and a nested one" + offered, "ask the provider whether the VM runs inside another");
    }

    Check steal()
    {
        final String stat = host.files().read("/proc/stat");
        final long[] all = stat == null ? null : cpuTimes(stat, "cpu");
        if (all == null)
        {
            return Check.skip("steal", "cannot read /proc/stat", "cat /proc/stat");
        }
        final long[] poll = cpuTimes(stat, "cpu" + host.pollCpu());
        if (all[1] == 0)
        {
            return Check.ok("steal", "no steal time since boot" +
                (host.isVm() ? " (or the hypervisor does not report it)" : ""));
        }
        return Check.warn("steal", String.format(Locale.ROOT, "%.3f%% of CPU time stolen since boot%s: a shared " +
            "host runs other guests on these CPUs", 100.0 * all[1] / all[0],
            poll == null || poll[0] == 0 ? "" :
                String.format(Locale.ROOT, " (CPU %d: %.3f%%)", host.pollCpu(), 100.0 * poll[1] / poll[0])),
            "a dedicated host, or a VM whose vCPUs are pinned and not overcommitted");
    }

    Check cpus()
    {
        final BitSet online = host.onlineCpus();
        final int count = online.cardinality();
        final int cpu = host.pollCpu();
        final String found = count + " CPUs online (" + CpuList.format(online) + ")";
        if (!online.get(cpu))
        {
            return Check.fail("cpus", found + ": the poll CPU " + cpu + " is not one of them",
                "pick an online CPU with --cpu (the lab polls on CPU 1)");
        }
        if (count < 2 || !online.get(PUBLISHER_CPU))
        {
            return Check.fail("cpus", found + ": the lab needs CPU " + PUBLISHER_CPU + " for the publisher and " +
                "another for the poll thread", "a host with at least 2 CPUs, better 4");
        }
        if (cpu == PUBLISHER_CPU)
        {
            return Check.warn("cpus", found + ": the poll CPU " + cpu + " is where the lab runs its publisher",
                "poll on another CPU (--cpu 1, the lab's)");
        }
        if (count == 2)
        {
            return Check.warn("cpus", found + ": publisher on " + PUBLISHER_CPU + ", poll on " + cpu +
                ", none spare: the kernel and the JVMs' JIT and GC threads share the publisher's",
                "4 or more CPUs, so the publisher and the poll thread each keep one to themselves");
        }
        return Check.ok("cpus", found + ": publisher on " + PUBLISHER_CPU + ", poll on " + cpu + ", " +
            (count - 2) + " spare");
    }

    /** {total, steal} jiffies of one "cpu" or "cpuN" line of /proc/stat (guest time is inside user); or null. */
    static long[] cpuTimes(final String stat, final String label)
    {
        for (final String line : stat.split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            if (f.length >= 5 && f[0].equals(label))
            {
                long total = 0;
                // user nice system idle iowait irq softirq steal: older kernels stop before steal.
                for (int i = 1; i < Math.min(f.length, STAT_STEAL + 1); i++)
                {
                    total += Long.parseLong(f[i]);
                }
                return new long[] {total, f.length > STAT_STEAL ? Long.parseLong(f[STAT_STEAL]) : 0};
            }
        }
        return null;
    }
}
