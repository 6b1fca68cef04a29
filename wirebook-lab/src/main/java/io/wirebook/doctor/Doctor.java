package io.wirebook.doctor;

import java.util.BitSet;
import java.util.List;

import io.wirebook.lab.LabNetwork;

/**
 * Checks a host for low-latency receive, one {@link Check} per item, in the order an engineer would go through
 * them: the poll CPU, memory, the interface, the kernel's rights and clock, the machine itself.
 *
 * @param files the host's /proc, /sys and /boot.
 * @param tools runs the host's tools (ip, ethtool and the like).
 * @param cpuid reads CPUID: the hypervisor's signature and what an exit to it costs.
 */
public record Doctor(HostFiles files, ToolRunner tools, CpuidProbe cpuid)
{
    /** The lab's trading host and its line-A interface, checked when no interface is named. */
    public static final String LAB_NETNS = LabNetwork.DEFAULT_PREFIX + "-host";
    public static final String LAB_INTERFACE = LabNetwork.DEFAULT_PREFIX + "h-a";

    /** The doctor for this host: its own files, tools and CPU. */
    public static Doctor forThisHost()
    {
        return new Doctor(HostFiles.system(), ToolRunner.system(), new DevCpuidProbe());
    }

    public NicProbe nicProbe()
    {
        return new NicProbe(files, tools);
    }

    /**
     * @param pollCpu the CPU the poll thread runs on.
     * @param nic     the interface to check (see {@link #labInterface()}), or null to skip its checks.
     */
    public DoctorReport examine(final int pollCpu, final NicInfo nic)
    {
        final HostFacts host = new HostFacts(files, pollCpu);
        final CpuIsolationChecks isolation = new CpuIsolationChecks(host);
        final CpuPowerChecks power = new CpuPowerChecks(host);
        final MemoryChecks memory = new MemoryChecks(host);
        final InterfaceChecks link = new InterfaceChecks(host, nic,
            "no interface: none named and the lab's " + LAB_INTERFACE + " (netns " + LAB_NETNS + ") is absent",
            "--interface IF [--netns NS], or ./wirebook net up to check the lab's");
        final KernelChecks kernel = new KernelChecks(host);
        final VirtualizationChecks machine = new VirtualizationChecks(host, tools, cpuid);
        return new DoctorReport(pollCpu, nic == null ? null : nic.where(), List.of(
            isolation.isolcpus(),
            isolation.nohzFull(),
            isolation.rcuNocbs(),
            isolation.tick(),
            isolation.kernelThreads(),
            power.governor(),
            power.cStates(),
            memory.hugepages(),
            memory.transparentHugepages(),
            memory.memlock(),
            link.xdp(),
            link.rxQueues(),
            link.irqAffinity(),
            kernel.busyPoll(),
            kernel.ioUring(),
            kernel.capabilities(),
            kernel.clocksource(),
            machine.vm(),
            machine.nested(),
            machine.steal(),
            machine.cpus()));
    }

    /** The CPUs online (/sys/devices/system/cpu/online). */
    public BitSet onlineCpus()
    {
        return HostFacts.onlineCpus(files);
    }

    /** The lab's line-A interface when the lab network is up, else null. */
    public NicInfo labInterface()
    {
        final NicProbe probe = nicProbe();
        return probe.namespaceExists(LAB_NETNS) ? probe.probe(LAB_NETNS, LAB_INTERFACE) : null;
    }
}
