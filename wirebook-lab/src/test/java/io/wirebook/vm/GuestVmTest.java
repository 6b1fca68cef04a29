package io.wirebook.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One guest, booted once for the class on qemu's user-mode network: its kernel, its e1000, its commands. */
final class GuestVmTest
{
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static GuestVm guest;

    @BeforeAll
    static void boot()
    {
        final GuestSpec spec = GuestSpec.defaults();
        final String why = GuestVm.whyUnavailable(spec);
        assumeTrue(null == why, () -> "skipped: " + why);
        guest = GuestVm.boot(spec);
    }

    @AfterAll
    static void halt()
    {
        if (null != guest)
        {
            final Path share = guest.share();
            guest.close();
            assertFalse(Files.exists(share.getParent()), "the run directory is removed");
        }
    }

    @Test
    void runsTheGuestKernelWithTheKernelsE1000DriverOnTheNic()
    {
        final GuestResult kernel = guest.run(COMMAND_TIMEOUT, "uname", "-r");
        assertEquals(new GuestResult(0, GuestKernel.standardVersion() + "\n"), kernel);

        final GuestResult driver = guest.run(COMMAND_TIMEOUT, "readlink", "-f",
            "/sys/bus/pci/devices/" + guest.nicPciAddress() + "/driver");
        assertEquals(new GuestResult(0, "/sys/bus/pci/drivers/e1000\n"), driver);

        final GuestResult ethtool = guest.run(COMMAND_TIMEOUT, "ethtool", "-i", "eth0");
        assertTrue(ethtool.output().contains("driver: e1000\n"), ethtool.output());
        assertTrue(ethtool.output().contains("bus-info: " + guest.nicPciAddress()), ethtool.output());
    }

    @Test
    void givesBackTheStatusAndOutputOfEachCommandAndSeesTheShareReadWrite() throws Exception
    {
        final GuestResult failed = guest.runScript(COMMAND_TIMEOUT, "echo to-stderr >&2; exit 7");
        assertEquals(new GuestResult(7, "to-stderr\n"), failed);

        final Path written = guest.share().resolve("from-guest");
        final GuestResult write = guest.run(COMMAND_TIMEOUT, "sh", "-c", "echo \"it's $0\" > " + written, "me");
        assertTrue(write.ok(), write.output());
        assertEquals("it's me\n", Files.readString(written));

        final GuestResult readOnlyRoot = guest.run(COMMAND_TIMEOUT, "touch", "/etc/wirebook-guest-write");
        assertFalse(readOnlyRoot.ok(), "the host's root is read-only in the guest");
        assertFalse(Files.exists(Path.of("/etc/wirebook-guest-write")));
    }
}
