package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The receiving interface: its XDP support, its RX queues against af-xdp's one, and its IRQs' CPUs.
 *
 * @param nic       the interface, or null when there is none to check.
 * @param absent    why there is none (when nic is null).
 * @param absentFix how to name one.
 */
record InterfaceChecks(HostFacts host, NicInfo nic, String absent, String absentFix)
{
    /** The queue af-xdp binds unless xdp.queue says otherwise. */
    static final int AF_XDP_QUEUE = 0;

    Check xdp()
    {
        if (nic == null)
        {
            return Check.skip("xdp", absent, absentFix);
        }
        final String release = host.files().readTrimmed("/proc/sys/kernel/osrelease");
        final XdpDrivers.Support support = XdpDrivers.lookup(nic.driver(), release);
        final String attached = nic.xdpAttached() == null ? "" : "; attached now: " + nic.xdpAttached();
        final String found = nic.where() + ", driver " + (nic.driver() == null ? "unknown" : nic.driver());
        if (support == null)
        {
            return Check.warn("xdp", found + ": not in wirebook's driver table" + attached,
                "try it: receive --path af-xdp --option xdp.bind=zerocopy fails without zero-copy, " +
                "xdp.mode=skb always works");
        }
        if (!support.nativeXdp())
        {
            return Check.warn("xdp", found + ": generic XDP only, after the kernel built an skb" + attached,
                "a NIC whose driver runs XDP natively; meanwhile af-xdp runs with xdp.mode=skb");
        }
        if (support.zeroCopy() && "virtio_net".equals(nic.driver()) &&
            !nic.hasVirtioFeature(NicInfo.VIRTIO_F_RING_RESET))
        {
            return Check.warn("xdp", found + ": native XDP; no zero-copy, the device lacks VIRTIO_F_RING_RESET " +
                "(the kernel copies each frame into the UMEM)" + attached,
                "a virtio device with ring reset (a recent QEMU/vhost), or a NIC whose driver has zero-copy");
        }
        if (!support.zeroCopy())
        {
            return Check.warn("xdp", found + ": native XDP, no zero-copy (the kernel copies each frame into " +
                "the UMEM)" + attached,
                "for zero-copy, a NIC whose driver has it (ice, i40e, ixgbe, igc, mlx5_core); veth has none");
        }
        return Check.ok("xdp", found + ": native XDP and AF_XDP zero-copy" + attached);
    }

    Check rxQueues()
    {
        if (nic == null)
        {
            return Check.skip("rx_queues", absent, absentFix);
        }
        final int queues = nic.rxQueues();
        if (queues <= 1)
        {
            return Check.ok("rx_queues", nic.where() + ": 1 RX queue, so af-xdp's socket on queue " + AF_XDP_QUEUE +
                " sees every flow");
        }
        final String found = nic.where() + ": " + queues + " RX queues, ntuple " + (nic.ntuple() ? "on" : "off") +
            ", " + nic.flowRules() + " flow rules";
        if (nic.ntuple() && nic.flowRules() > 0)
        {
            return Check.ok("rx_queues", found + ": check that they steer the feed to queue " + AF_XDP_QUEUE +
                " (xdp.queue)");
        }
        return Check.warn("rx_queues", found + ": af-xdp binds queue " + AF_XDP_QUEUE + " (xdp.queue), the flows " +
            "hashed to the other " + (queues - 1) + " are lost",
            nic.inNamespace("ethtool -L " + nic.name() + (nic.combinedQueues() ? " combined 1" : " rx 1")) +
            ", or steer each group: " + nic.inNamespace("ethtool -N " + nic.name() +
            " flow-type udp4 dst-ip 239.1.1.1 dst-port 12345 action " + AF_XDP_QUEUE));
    }

    Check irqAffinity()
    {
        if (nic == null)
        {
            return Check.skip("irq_affinity", absent, absentFix);
        }
        final int cpu = host.pollCpu();
        if ("veth".equals(nic.driver()))
        {
            return Check.skip("irq_affinity", nic.where() + " is a veth: no IRQs, its frames are received in the " +
                "sending CPU's softirq", "on a NIC: keep its queue IRQs off CPU " + cpu);
        }
        final List<String[]> irqs = queueIrqs(host.files().read("/proc/interrupts"), nic);
        if (irqs.isEmpty())
        {
            return Check.skip("irq_affinity", "no IRQ in /proc/interrupts names " + nic.name() +
                (nic.parentDevice() == null ? "" : " or " + nic.parentDevice()),
                "find its queue IRQs (ls /sys/class/net/" + nic.name() + "/device/msi_irqs) and keep them off CPU " +
                cpu);
        }
        final List<String> all = new ArrayList<>();
        final List<String> onPoll = new ArrayList<>();
        for (final String[] irq : irqs)
        {
            final String dir = "/proc/irq/" + irq[0];
            final String effective = host.files().readTrimmed(dir + "/effective_affinity_list");
            final String allowed = host.files().readTrimmed(dir + "/smp_affinity_list");
            final String lands = effective != null && !effective.isEmpty() ? effective : allowed;
            all.add(irq[0] + " " + irq[1] + " -> " + (lands == null ? "?" : lands));
            if (lands != null && CpuList.parse(lands).get(cpu))
            {
                onPoll.add(irq[0]);
            }
        }
        final String found = nic.where() + " IRQs: " + String.join(", ", all);
        if (onPoll.isEmpty())
        {
            return Check.ok("irq_affinity", found + ": none on CPU " + cpu);
        }
        return Check.warn("irq_affinity", found + ": " + onPoll.size() + (onPoll.size() == 1 ? " lands" : " land") +
            " on the poll CPU " + cpu,
            "for N in " + String.join(" ", onPoll) + ": echo " + host.otherCpus() + " > /proc/irq/N/smp_affinity_list" +
            " (stop irqbalance first)");
    }

    /**
     * The rows of /proc/interrupts for the interface's queues: those whose name holds the interface's or its
     * device's (virtio2-input.0, eth0-TxRx-1, mlx5_comp3@pci:0000:03:00.0), less the config, misc and async ones.
     *
     * @return {irq number, name} pairs.
     */
    static List<String[]> queueIrqs(final String interrupts, final NicInfo nic)
    {
        final List<String[]> irqs = new ArrayList<>();
        if (interrupts == null)
        {
            return irqs;
        }
        final String[] lines = interrupts.split("\n");
        for (int i = 1; i < lines.length; i++)
        {
            final String line = lines[i].strip();
            final int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).matches("[0-9]+"))
            {
                continue;
            }
            final String[] f = line.split("\\s+");
            final String name = f[f.length - 1];
            if (matches(name, nic.name()) || (nic.parentDevice() != null && matches(name, nic.parentDevice())))
            {
                if (!name.endsWith("config") && !name.endsWith("misc") && !name.contains("async"))
                {
                    irqs.add(new String[] {line.substring(0, colon), name});
                }
            }
        }
        return irqs;
    }

    private static boolean matches(final String irqName, final String device)
    {
        final int at = irqName.indexOf(device);
        if (at < 0)
        {
            return false;
        }
        // virtio1 must not match virtio10-input.0: the device name ends where a separator follows.
        final int end = at + device.length();
        return end == irqName.length() || !Character.isLetterOrDigit(irqName.charAt(end));
    }
}
