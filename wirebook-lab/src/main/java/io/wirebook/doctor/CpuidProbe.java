package io.wirebook.doctor;

/** What CPUID tells about the hypervisor under this host; tests put fixed answers in its place. */
public interface CpuidProbe
{
    /** The hypervisor's CPUID signature (leaf 0x40000000: "KVMKVMKVM", "Microsoft Hv"...), or null. */
    String hypervisorSignature();

    /** What one CPUID instruction costs, in ns; in a VM it exits to the hypervisor. NaN when it cannot be timed. */
    double exitNanos();
}
