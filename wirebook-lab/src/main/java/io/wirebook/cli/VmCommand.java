package io.wirebook.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.wirebook.lab.LabNetwork;
import io.wirebook.vm.GuestNetwork;
import io.wirebook.vm.GuestNic;
import io.wirebook.vm.GuestResult;
import io.wirebook.vm.GuestSpec;
import io.wirebook.vm.GuestVm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "vm", mixinStandardHelpOptions = true,
    description = {"Boots a qemu guest (TCG) on the guest kernel with the host's root read-only over 9p, runs a",
        "command in it, prints its output and shuts it down. The NIC (an e1000 at 0000:00:04.0) sits on a tap",
        "bridged to line A in the trading host (address 198.18.0.4/24); without root, on qemu's user network.",
        "The default command shows the kernel, the NIC's driver (ethtool -i, sysfs) and java -version.",
        "Exit code: the command's (0 ok, 1 otherwise). Nothing is left behind: qemu, tap, namespaces, temp files.",
        "Example: wirebook vm --nic virtio-net -- sh -c 'ip -br addr; ethtool -i eth0'"})
public final class VmCommand implements Callable<Integer>
{
    /** What the guest shows when no command is given. */
    static final String DEFAULT_SCRIPT = """
        echo "kernel: $(uname -r)"
        echo "nic: $(basename "$(readlink -f /sys/bus/pci/devices/%1$s/driver)") at %1$s \
        ($(cat /sys/bus/pci/devices/%1$s/vendor):$(cat /sys/bus/pci/devices/%1$s/device))"
        ethtool -i eth0 | sed -n '1,2p;5p'
        ip -br addr show dev eth0
        %2$s -version 2>&1
        """;

    @Option(names = "--nic", defaultValue = "e1000", description = "e1000 or virtio-net. Default: ${DEFAULT-VALUE}")
    String nic;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds the command may run. Default: " +
        "${DEFAULT-VALUE}")
    long timeoutS;

    @Option(names = "--hugepages", defaultValue = "0",
        description = "2 MiB pages the guest reserves at /dev/hugepages (for DPDK). Default: ${DEFAULT-VALUE}")
    int hugepages;

    @Option(names = "--prefix", defaultValue = "wb", hidden = true, description = "Lab namespace prefix.")
    String prefix;

    @Parameters(arity = "0..*", paramLabel = "CMD", description = "The command to run in the guest (after --).")
    List<String> command = List.of();

    @Override
    public Integer call()
    {
        final GuestNic guestNic;
        try
        {
            guestNic = GuestNic.fromCliName(nic);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--nic: " + ex.getMessage());
        }
        if (timeoutS <= 0)
        {
            throw new IllegalArgumentException("--timeout must be > 0");
        }
        final GuestSpec spec;
        try
        {
            spec = GuestSpec.defaults().withNic(guestNic).withHugepages(hugepages);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--hugepages: " + ex.getMessage());
        }
        final String why = GuestVm.whyUnavailable(spec);
        if (why != null)
        {
            System.err.println("wirebook: cannot boot the guest: " + why);
            return 1;
        }
        final String labWhy = LabNetwork.whyUnavailable();
        try (LabNetwork network = labWhy == null ? LabNetwork.create(prefix) : null)
        {
            final GuestSpec booted = network == null ? spec : spec.withNetwork(GuestNetwork.onLineA(network));
            System.err.println(network == null ? "wirebook: no lab network (" + labWhy + "): the NIC is on qemu's " +
                "user network" : "wirebook: the NIC is on line A of " + network.tradingHost().namespace() + " as " +
                booted.network().address());
            try (GuestVm guest = GuestVm.boot(booted))
            {
                System.err.printf(Locale.ROOT, "wirebook: guest %s ready %.1f s after qemu started%n",
                    booted.kernel().version(), guest.bootTime().toMillis() / 1e3);
                final String script = command.isEmpty() ?
                    String.format(Locale.ROOT, DEFAULT_SCRIPT, guest.nicPciAddress(), javaCommand()) :
                    GuestVm.shellCommand(command);
                final GuestResult result = guest.runScript(Duration.ofSeconds(timeoutS), script);
                System.out.print(result.output());
                System.out.flush();
                if (!result.ok())
                {
                    System.err.println("wirebook: the command exited " + result.status() + " in the guest");
                }
                return result.ok() ? 0 : 1;
            }
        }
    }

    private static String javaCommand()
    {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
