package io.wirebook.vm;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The guest's network card: the device qemu emulates and the guest kernel's driver for it. The e1000 is the talk's
 * NIC: an Intel PRO/1000 (82540EM), driven by the kernel's {@code e1000} (interrupts, NAPI, RX descriptor ring) or,
 * bound to uio_pci_generic, by DPDK's {@code net_e1000_em} PMD.
 */
public enum GuestNic
{
    E1000("e1000", "e1000", "e1000"),
    VIRTIO_NET("virtio-net", "virtio-net-pci", "virtio_net");

    private final String cliName;
    private final String qemuDevice;
    private final String driver;

    GuestNic(final String cliName, final String qemuDevice, final String driver)
    {
        this.cliName = cliName;
        this.qemuDevice = qemuDevice;
        this.driver = driver;
    }

    /** The name on the command line ({@code --nic e1000}). */
    public String cliName()
    {
        return cliName;
    }

    /** qemu's {@code -device} model. */
    public String qemuDevice()
    {
        return qemuDevice;
    }

    /** The guest kernel's module for this card, as {@code ethtool -i} names the driver. */
    public String driver()
    {
        return driver;
    }

    /** The card called {@code name} on the command line; throws IllegalArgumentException naming the valid ones. */
    public static GuestNic fromCliName(final String name)
    {
        for (final GuestNic nic : values())
        {
            if (nic.cliName.equals(name))
            {
                return nic;
            }
        }
        throw new IllegalArgumentException("unknown NIC '" + name + "'; use one of " + names());
    }

    /** "e1000|virtio-net". */
    public static String names()
    {
        return Arrays.stream(values()).map(GuestNic::cliName).collect(Collectors.joining("|"));
    }
}
