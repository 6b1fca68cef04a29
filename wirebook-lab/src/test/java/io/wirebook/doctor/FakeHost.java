package io.wirebook.doctor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A host's /proc, /sys and /boot in a temporary directory, tuned for low-latency receive so that every check
 * passes; a test spoils one file and sees its check's verdict change. Also the tools' answers and CPUID's.
 */
final class FakeHost implements ToolRunner, CpuidProbe
{
    private final Path root;
    private final Map<String, Result> tools = new HashMap<>();
    private String signature;
    private double exitNanos = Double.NaN;

    private FakeHost(final Path root)
    {
        this.root = root;
    }

    /** Bare metal, 4 CPUs, CPU 1 isolated, nohz_full and offloaded, hugepages, root: nothing to fix. */
    static FakeHost tuned(final Path root)
    {
        final FakeHost host = new FakeHost(root);
        host.write("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 isolcpus=managed_irq,domain,1 nohz_full=1 " +
            "rcu_nocbs=1 intel_idle.max_cstate=1\n");
        host.write("/proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        host.write("/boot/config-6.1.0-18-amd64", """
            CONFIG_HZ_1000=y
            CONFIG_HZ=1000
            CONFIG_NO_HZ_FULL=y
            CONFIG_RCU_NOCB_CPU=y
            # CONFIG_RCU_NOCB_CPU_DEFAULT_ALL is not set
            CONFIG_IO_URING=y
            """);
        host.write("/sys/devices/system/cpu/online", "0-3\n");
        host.write("/sys/devices/system/cpu/isolated", "1\n");
        host.write("/sys/devices/system/cpu/nohz_full", "1\n");
        host.write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "performance\n");
        host.write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_driver", "intel_pstate\n");
        host.idleState(0, "POLL", 0, false);
        host.idleState(1, "C1", 1, false);
        host.idleState(2, "C6", 170, true);
        host.write("/sys/devices/system/cpu/cpuidle/current_driver", "intel_idle\n");
        host.write("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "512\n");
        host.write("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "500\n");
        host.write("/proc/mounts", """
            sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
            hugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0
            """);
        host.write("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
        host.write("/sys/kernel/mm/transparent_hugepage/defrag", "always defer defer+madvise [madvise] never\n");
        host.write("/proc/self/limits", """
            Limit                     Soft Limit           Hard Limit           Units
            Max open files            1048576              1048576              files
            Max locked memory         unlimited            unlimited            bytes
            """);
        host.write("/proc/self/status", """
            Name:\tjava
            Uid:\t0\t0\t0\t0
            Gid:\t0\t0\t0\t0
            Groups:\t0
            CapEff:\t000001ffffffffff
            """);
        host.write("/proc/sys/net/core/busy_poll", "50\n");
        host.write("/proc/sys/net/core/busy_read", "50\n");
        host.write("/proc/sys/net/core/netdev_budget", "300\n");
        host.write("/proc/sys/kernel/io_uring_disabled", "0\n");
        host.write("/sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n");
        host.write("/sys/devices/system/clocksource/clocksource0/available_clocksource", "tsc hpet acpi_pm\n");
        host.write("/proc/cpuinfo", """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Gold 6354 CPU @ 3.00GHz
            flags\t\t: fpu vme tsc msr pae constant_tsc nonstop_tsc vmx avx2

            processor\t: 1
            flags\t\t: fpu vme tsc msr pae constant_tsc nonstop_tsc vmx avx2
            """);
        host.write("/proc/stat", """
            cpu  4000 0 2000 40000 10 0 100 0 0 0
            cpu0 1000 0 500 10000 3 0 25 0 0 0
            cpu1 1000 0 500 10000 2 0 25 0 0 0
            ctxt 123456
            """);
        host.write("/sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
        host.write("/sys/class/dmi/id/product_name", "PowerEdge R650\n");
        host.write("/proc/interrupts", """
                       CPU0       CPU1       CPU2       CPU3
              0:         18          0          0          0  IR-IO-APIC    2-edge      timer
            120:          0          0          0          0  IR-PCI-MSIX-0000:3b:00.0  0-edge  ice-0000:3b:00.0:misc
            121:       9000          0          0          0  IR-PCI-MSIX-0000:3b:00.0  1-edge  ice-eth1-TxRx-0
            122:          0          0       8000          0  IR-PCI-MSIX-0000:3b:00.0  2-edge  ice-eth1-TxRx-1
            LOC:     100000     100000     100000     100000   Local timer interrupts
            ERR:          0
            """);
        host.irq(121, "0", "0");
        host.irq(122, "0,2-3", "2");
        host.tool("systemd-detect-virt --vm", 1, "none\n");
        return host;
    }

    FakeHost write(final String path, final String text)
    {
        try
        {
            final Path file = resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    FakeHost delete(final String path)
    {
        try
        {
            Files.deleteIfExists(resolve(path));
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    FakeHost idleState(final int state, final String name, final int latencyUs, final boolean disabled)
    {
        final String dir = "/sys/devices/system/cpu/cpu1/cpuidle/state" + state;
        write(dir + "/name", name + "\n");
        write(dir + "/latency", latencyUs + "\n");
        return write(dir + "/disable", (disabled ? "1" : "0") + "\n");
    }

    FakeHost irq(final int irq, final String affinity, final String effective)
    {
        write("/proc/irq/" + irq + "/smp_affinity_list", affinity + "\n");
        return write("/proc/irq/" + irq + "/effective_affinity_list", effective + "\n");
    }

    /** A guest of a hypervisor: the flag, its signature, the cost of an exit, and no DMI. */
    FakeHost vm(final String cpuidSignature, final double cpuidExitNanos)
    {
        write("/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu tsc constant_tsc hypervisor avx2\n");
        delete("/sys/class/dmi/id/sys_vendor");
        delete("/sys/class/dmi/id/product_name");
        delete("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor");
        tool("systemd-detect-virt --vm", 0, "kvm\n");
        this.signature = cpuidSignature;
        this.exitNanos = cpuidExitNanos;
        return this;
    }

    FakeHost tool(final String command, final int exitCode, final String stdout)
    {
        tools.put(command, new Result(exitCode, stdout));
        return this;
    }

    HostFiles files()
    {
        return new HostFiles(root);
    }

    HostFacts facts(final int pollCpu)
    {
        return new HostFacts(files(), pollCpu);
    }

    Doctor doctor()
    {
        return new Doctor(files(), this, this);
    }

    @Override
    public Result run(final String... argv)
    {
        return tools.get(String.join(" ", argv));
    }

    @Override
    public String hypervisorSignature()
    {
        return signature;
    }

    @Override
    public double exitNanos()
    {
        return exitNanos;
    }

    private Path resolve(final String path)
    {
        return root.resolve(path.substring(1));
    }
}
