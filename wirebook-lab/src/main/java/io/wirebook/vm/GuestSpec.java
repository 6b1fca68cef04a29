package io.wirebook.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to boot: the kernel, the NIC, memory and CPUs, the network the NIC plugs into (null: qemu's user-mode
 * network, which only gives the NIC a link) and the host directories the guest sees read-write at their own paths
 * (everything else of the host's root it sees read-only anyway). Immutable; each {@code with} returns a copy.
 *
 * @param hugepages 2 MiB pages the guest reserves and mounts at /dev/hugepages at boot (for DPDK), 0 for none.
 */
public record GuestSpec(
    GuestKernel kernel,
    GuestNic nic,
    int memoryMiB,
    int cpus,
    int hugepages,
    GuestNetwork network,
    List<Path> directories,
    Duration bootTimeout)
{
    public static final int DEFAULT_MEMORY_MIB = 1536;
    public static final int DEFAULT_CPUS = 2;
    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(90);

    public GuestSpec
    {
        directories = List.copyOf(directories);
        if (memoryMiB < 256)
        {
            throw new IllegalArgumentException("guest memory " + memoryMiB + " MiB: at least 256");
        }
        if (cpus < 1)
        {
            throw new IllegalArgumentException("guest CPUs " + cpus + ": at least 1");
        }
        if (hugepages < 0 || hugepages * 2L >= memoryMiB)
        {
            throw new IllegalArgumentException("guest hugepages " + hugepages + ": 0 to below half the memory");
        }
    }

    /** The standard kernel, an e1000, 1.5 GiB, 2 CPUs, no hugepages, no network, no extra directories. */
    public static GuestSpec defaults()
    {
        return new GuestSpec(GuestKernel.standard(), GuestNic.E1000, DEFAULT_MEMORY_MIB, DEFAULT_CPUS, 0, null,
            List.of(), DEFAULT_BOOT_TIMEOUT);
    }

    public GuestSpec withNic(final GuestNic nic)
    {
        return new GuestSpec(kernel, nic, memoryMiB, cpus, hugepages, network, directories, bootTimeout);
    }

    public GuestSpec withMemory(final int memoryMiB)
    {
        return new GuestSpec(kernel, nic, memoryMiB, cpus, hugepages, network, directories, bootTimeout);
    }

    public GuestSpec withCpus(final int cpus)
    {
        return new GuestSpec(kernel, nic, memoryMiB, cpus, hugepages, network, directories, bootTimeout);
    }

    public GuestSpec withHugepages(final int hugepages)
    {
        return new GuestSpec(kernel, nic, memoryMiB, cpus, hugepages, network, directories, bootTimeout);
    }

    public GuestSpec withNetwork(final GuestNetwork network)
    {
        return new GuestSpec(kernel, nic, memoryMiB, cpus, hugepages, network, directories, bootTimeout);
    }

    /**
     * Shares this host directory with the guest read-write at the same path (over its own 9p mount, so what the
     * host writes there after boot, such as a freshly built .ko, is seen at once).
     */
    public GuestSpec withDirectory(final Path directory)
    {
        final List<Path> more = new ArrayList<>(directories);
        more.add(directory.toAbsolutePath().normalize());
        return new GuestSpec(kernel, nic, memoryMiB, cpus, hugepages, network, more, bootTimeout);
    }

    public GuestSpec withBootTimeout(final Duration bootTimeout)
    {
        return new GuestSpec(kernel, nic, memoryMiB, cpus, hugepages, network, directories, bootTimeout);
    }
}
