package io.wirebook.vm;

import java.time.Duration;

/** The kernel driver the guest's NIC is bound to now, from sysfs: "e1000", "uio_pci_generic", "virtio-pci". */
final class GuestNicDriver
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private GuestNicDriver()
    {
    }

    /** The driver's name, or "none" when the NIC is bound to none. */
    static String of(final GuestVm guest)
    {
        final GuestResult result = guest.runScript(TIMEOUT,
            "d=/sys/bus/pci/devices/" + guest.nicPciAddress() + "/driver; " +
            "if [ -e \"$d\" ]; then basename \"$(readlink -f \"$d\")\"; else echo none; fi");
        if (!result.ok())
        {
            throw new GuestException("cannot read the NIC's driver in the guest: " + result.output().strip());
        }
        return result.output().strip();
    }
}
