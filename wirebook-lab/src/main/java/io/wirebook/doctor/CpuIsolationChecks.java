package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.wirebook.lab.KernelTask;

/**
 * Whether the poll CPU is kept to itself: isolcpus, nohz_full, rcu_nocbs, the kernel's tick, and the kernel threads
 * that may run there.
 */
final class CpuIsolationChecks
{
    private static final String ISOLATED = "/sys/devices/system/cpu/isolated";
    private static final String NOHZ_FULL = "/sys/devices/system/cpu/nohz_full";
    private static final int NAMES_SHOWN = 6;
    /** Kernel threads that wake on their own and run long (memory scans, compaction, reclaim): named first. */
    private static final List<String> LONG_RUNNERS = List.of("kdamond", "kcompactd", "khugepaged", "kswapd", "ksmd");

    private final HostFacts host;
    private final int cpu;

    CpuIsolationChecks(final HostFacts host)
    {
        this.host = host;
        this.cpu = host.pollCpu();
    }

    Check isolcpus()
    {
        final String sys = host.files().readTrimmed(ISOLATED);
        final BitSet isolated = CpuList.parse(sys != null ? sys : host.cmdline().value("isolcpus"));
        final String found = "isolated CPUs: " + CpuList.format(isolated);
        if (isolated.get(cpu))
        {
            return Check.ok("isolcpus", "CPU " + cpu + " isolated (" + found + ")");
        }
        return Check.warn("isolcpus", "CPU " + cpu + " not isolated (" + found + ")",
            "boot with isolcpus=" + cpu + " (or run bench with --shield), so the scheduler puts no other task there");
    }

    Check nohzFull()
    {
        final KernelConfig config = host.config();
        // The sysfs file exists only in kernels built with CONFIG_NO_HZ_FULL.
        final String sys = host.files().readTrimmed(NOHZ_FULL);
        if (sys == null || (config.known() && !config.enabled("CONFIG_NO_HZ_FULL")))
        {
            final String asked = host.cmdline().value("nohz_full");
            return Check.warn("nohz_full", "the kernel has no NO_HZ_FULL (" + NOHZ_FULL + " absent" +
                (config.known() ? ", CONFIG_NO_HZ_FULL not set in " + config.source() : "") +
                (asked == null ? "" : "; it ignores nohz_full=" + asked) +
                "): the tick interrupts CPU " + cpu + " " + tickPeriod(),
                "a kernel built with CONFIG_NO_HZ_FULL=y, booted with nohz_full=" + cpu);
        }
        final BitSet full = CpuList.parse(sys);
        if (full.get(cpu))
        {
            return Check.ok("nohz_full", "CPU " + cpu + " is nohz_full (nohz_full: " + CpuList.format(full) + ")");
        }
        return Check.warn("nohz_full", "CPU " + cpu + " is not nohz_full (nohz_full: " + CpuList.format(full) +
            "): the tick interrupts it " + tickPeriod(),
            "boot with nohz_full=" + cpu + ": the tick stops while one task runs there");
    }

    Check rcuNocbs()
    {
        final KernelConfig config = host.config();
        if (config.known() && !config.enabled("CONFIG_RCU_NOCB_CPU"))
        {
            return Check.warn("rcu_nocbs", "the kernel has no CONFIG_RCU_NOCB_CPU: RCU callbacks run on CPU " + cpu,
                "a kernel built with CONFIG_RCU_NOCB_CPU=y, booted with rcu_nocbs=" + cpu);
        }
        if (config.enabled("CONFIG_RCU_NOCB_CPU_DEFAULT_ALL"))
        {
            return Check.ok("rcu_nocbs", "every CPU's RCU callbacks offloaded (CONFIG_RCU_NOCB_CPU_DEFAULT_ALL)");
        }
        final String list = host.cmdline().value("rcu_nocbs");
        if ("all".equals(list) || CpuList.parse(list).get(cpu))
        {
            return Check.ok("rcu_nocbs", "CPU " + cpu + "'s RCU callbacks offloaded (rcu_nocbs=" + list + ")");
        }
        final String sys = host.files().readTrimmed(NOHZ_FULL);
        if (CpuList.parse(sys).get(cpu))
        {
            return Check.ok("rcu_nocbs", "CPU " + cpu + "'s RCU callbacks offloaded (nohz_full implies rcu_nocbs)");
        }
        return Check.warn("rcu_nocbs", "CPU " + cpu + " runs its own RCU callbacks (no rcu_nocbs" +
            (list == null || list.isEmpty() ? "" : "; rcu_nocbs=" + list) + ")",
            "boot with rcu_nocbs=" + cpu + " (nohz_full=" + cpu + " implies it)");
    }

    /**
     * Kernel threads that may run on the poll CPU and could be moved off it: DAMON's kdamond, kcompactd, khugepaged,
     * kswapd, the RCU threads. Each one that runs there preempts the poll thread (kdamond for milliseconds at a time).
     * Per-CPU threads and workqueue workers, whose affinity the kernel keeps, are not counted.
     */
    Check kernelThreads()
    {
        final List<String> movable = new ArrayList<>();
        final int[] pids = host.files().list("/proc").stream()
            .filter(name -> !name.isEmpty() && name.length() < 10 && name.chars().allMatch(Character::isDigit))
            .mapToInt(Integer::parseInt).filter(pid -> pid != KernelTask.KTHREADD).sorted().toArray();
        for (final int pid : pids)
        {
            final String name = movableOffThePollCpu(pid);
            if (name != null)
            {
                movable.add(name);
            }
        }
        movable.sort(Comparator.comparing(name -> LONG_RUNNERS.stream().noneMatch(name::startsWith)));
        if (movable.isEmpty())
        {
            return Check.ok("kthreads", "no kernel thread that could move may run on CPU " + cpu);
        }
        final String names = String.join(", ", movable.subList(0, Math.min(NAMES_SHOWN, movable.size()))) +
            (movable.size() > NAMES_SHOWN ? " and " + (movable.size() - NAMES_SHOWN) + " more" : "");
        return Check.warn("kthreads", movable.size() + (movable.size() == 1 ? " kernel thread" : " kernel threads") +
            " may run on CPU " + cpu + ": " + names,
            "bench --shield moves them off for its run; on a trading host move each as cset shield --kthread=on " +
            "does (taskset -p MASK PID), or boot with isolcpus=" + cpu);
    }

    /**
     * @return the name of the task if it is a kernel thread that takes an affinity and may run on the poll CPU and
     * on another, else null (also when it ended while looked at).
     */
    private String movableOffThePollCpu(final int pid)
    {
        final String stat = host.files().read("/proc/" + pid + "/stat");
        final String status = host.files().read("/proc/" + pid + "/status");
        if (stat == null || status == null)
        {
            return null;
        }
        final long flags = KernelTask.flags(stat);
        if (!KernelTask.isKernelThread(flags) || KernelTask.keepsItsAffinity(flags))
        {
            return null;
        }
        final BitSet allowed = CpuList.parse(NicProbe.field(status, "Cpus_allowed_list:"));
        return allowed.get(cpu) && allowed.cardinality() > 1 ? KernelTask.name(stat) : null;
    }

    Check tick()
    {
        final KernelConfig config = host.config();
        if (!config.known())
        {
            return Check.skip("tick", "cannot read the kernel's config (no /boot/config-$(uname -r), no " +
                "/proc/config.gz)", "modprobe configs, or install the kernel's config file in /boot");
        }
        final String hz = config.value("CONFIG_HZ");
        final String rate = hz == null ? "CONFIG_HZ unknown" : "CONFIG_HZ=" + hz + " " + tickPeriod();
        if (config.enabled("CONFIG_NO_HZ_FULL"))
        {
            return Check.ok("tick", rate + ", CONFIG_NO_HZ_FULL=y: the tick can stop on nohz_full CPUs");
        }
        return Check.warn("tick", rate + ", CONFIG_NO_HZ_FULL not set: every CPU takes every tick",
            "a kernel with CONFIG_NO_HZ_FULL=y (then nohz_full=" + cpu + "); a lower CONFIG_HZ only spaces them");
    }

    private String tickPeriod()
    {
        final String hz = host.config().value("CONFIG_HZ");
        try
        {
            return hz == null ? "at every tick" :
                String.format(Locale.ROOT, "(a tick every %s ms)", trim(1000.0 / Integer.parseInt(hz)));
        }
        catch (final NumberFormatException ex)
        {
            return "at every tick";
        }
    }

    private static String trim(final double ms)
    {
        return ms == Math.rint(ms) ? Long.toString((long)ms) : String.format(Locale.ROOT, "%.1f", ms);
    }
}
