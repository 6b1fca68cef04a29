package io.wirebook.rx.dpdk;

import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;

/** The options of the {@code dpdk} path, with defaults and help; {@link EalArguments} turns the EAL ones into argv. */
public final class DpdkOptions
{
    public static final PathOption<String> VDEV = PathOption.text("dpdk.vdev", "VDEV",
        "net_af_xdp0,iface=<interface>", "line A's virtual device (implies --no-pci), e.g. net_af_packet0,iface=wbh-a");
    public static final PathOption<String> VDEV_B = PathOption.text("dpdk.vdev.b", "VDEV",
        "net_af_xdp1,iface=<interface-b>", "line B's virtual device, when the flows arrive on two interfaces");
    public static final PathOption<String> DEVICE = PathOption.text("dpdk.device", "PCI",
        "none: a vdev", "line A's PCI device bound to vfio-pci or uio_pci_generic (e.g. 0000:00:04.0), not a vdev");
    public static final PathOption<String> DEVICE_B = PathOption.text("dpdk.device.b", "PCI",
        "none: a vdev", "line B's PCI device instead of a vdev");
    public static final PathOption<String> LCORE = PathOption.text("dpdk.lcore", "LCORE",
        "the poll CPU, or lcore 0 on every CPU", "the one lcore EAL runs on and pins the poll thread to");
    public static final PathOption<String> LOG_LEVEL = PathOption.text("dpdk.loglevel", "LEVEL",
        "warning, or what the " + DpdkLog.LOGGER + " logger keeps", "EAL log level");
    public static final PathOption<String> EAL = PathOption.text("dpdk.eal", "ARGS", "none",
        "extra EAL arguments, space separated, appended last");
    public static final PathOption<Integer> RX_DESCRIPTORS = PathOption.integer("dpdk.rxdesc", 1024, 32, 16384,
        "RX descriptors per port");
    public static final PathOption<Boolean> PROMISCUOUS = PathOption.flag("dpdk.promiscuous", false,
        "promiscuous mode on each port (all-multicast is on either way)");
    public static final PathOption<Integer> MBUFS = PathOption.integer("dpdk.mbufs", 8191, 512, 1 << 20,
        "mbufs in the pool (hugepage memory)");

    public static final PathOptions OPTIONS = new PathOptions("dpdk", "dpdk.",
        VDEV, VDEV_B, DEVICE, DEVICE_B, LCORE, LOG_LEVEL, EAL, RX_DESCRIPTORS, PROMISCUOUS, MBUFS);

    private DpdkOptions()
    {
    }
}
