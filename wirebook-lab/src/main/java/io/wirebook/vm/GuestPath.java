package io.wirebook.vm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a receive path needs in the guest before its receiver starts, and the options it then runs with. A path
 * not listed here does not run in the guest.
 */
public enum GuestPath
{
    /** The kernel's e1000 driver: interrupts, NAPI, the RX ring, then UDP and the socket queue. */
    SOCKET("socket", 0, "", Map.of()),
    /**
     * DPDK's e1000 PMD (net_e1000_em) drives the NIC's descriptor rings from user space: the NIC leaves the
     * kernel's e1000 driver for uio_pci_generic, which only maps its BARs, and EAL takes it by PCI address. The
     * RX ring is the 82540's largest (4096 descriptors): an emulated poll loop stalls for whole time slices, and the
     * ring is all that holds the feed meanwhile.
     */
    DPDK("dpdk", 64, """
        set -e
        dev=/sys/bus/pci/devices/$PCI
        modprobe uio_pci_generic
        if [ -e "$dev/driver" ]; then echo "$PCI" > "$dev/driver/unbind"; fi
        echo uio_pci_generic > "$dev/driver_override"
        echo "$PCI" > /sys/bus/pci/drivers_probe
        """, Map.of("dpdk.device", "$PCI", "dpdk.rxdesc", "4096")),
    /**
     * wirebook's wbring module hooks the kernel e1000 driver's RX (an rx_handler in its NAPI poll) and copies the
     * feed's frames into a ring the kring path maps. The module is built on the host for the guest's kernel
     * ({@link WbringModule}) and loaded from WBRING_KO; a ring of 16384 slots rides out the guest JVM's warm-up, and
     * the poll thread sleeps in poll(2) on an empty ring: spinning, an emulated vCPU takes a host CPU from the
     * exchange's publisher.
     */
    KRING("kring", 0, """
        set -e
        grep -q '^wbring ' /proc/modules || insmod "$WBRING_KO"
        test -c /dev/wbring
        """, Map.of("kring.slots", "16384", "kring.wait", "poll"));

    /** The placeholder for the NIC's PCI address in a script or option. */
    static final String PCI = "$PCI";

    private final String path;
    private final int hugepages;
    private final String setup;
    private final Map<String, String> options;

    GuestPath(final String path, final int hugepages, final String setup, final Map<String, String> options)
    {
        this.path = path;
        this.hugepages = hugepages;
        this.setup = setup;
        this.options = options;
    }

    /** The path's guest set-up, or null when it does not run in the guest. */
    public static GuestPath of(final String path)
    {
        for (final GuestPath guestPath : values())
        {
            if (guestPath.path.equals(path))
            {
                return guestPath;
            }
        }
        return null;
    }

    public String path()
    {
        return path;
    }

    /** 2 MiB pages the guest reserves for the path. */
    public int hugepages()
    {
        return hugepages;
    }

    /** The /bin/sh script that prepares the guest, with PCI set to the NIC's address; empty for none. */
    public String setupScript(final String pciAddress)
    {
        return setup.isEmpty() ? "" : "PCI=" + pciAddress + "\n" + setup;
    }

    /** The receive options the path runs with in the guest. */
    public Map<String, String> options(final String pciAddress)
    {
        final Map<String, String> resolved = new LinkedHashMap<>();
        options.forEach((key, value) -> resolved.put(key, value.replace(PCI, pciAddress)));
        return resolved;
    }
}
