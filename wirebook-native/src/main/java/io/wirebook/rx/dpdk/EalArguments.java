package io.wirebook.rx.dpdk;

import java.util.ArrayList;
import java.util.List;

import io.wirebook.rx.RxConfig;

/**
 * The argv handed to rte_eal_init for a receive path, from the options of {@link RxConfig}:
 *
 * <ul>
 * <li>{@code dpdk.vdev}: a virtual device, default {@code net_af_xdp0,iface=<interface>} (also
 * {@code net_af_packet0,iface=...} or any other vdev). Implies {@code --no-pci}.</li>
 * <li>{@code dpdk.device}: a PCI device (for example {@code 0000:01:00.0}) bound to vfio-pci instead of a vdev.</li>
 * <li>{@code dpdk.lcore}: the one lcore (CPU) EAL runs on and pins the calling thread to; default the
 * config's CPU, or, unpinned, lcore 0 allowed on every CPU.</li>
 * <li>{@code dpdk.loglevel}: EAL log level, default {@code warning}.</li>
 * <li>{@code dpdk.eal}: extra EAL arguments, space separated, appended last.</li>
 * </ul>
 *
 * {@code --in-memory} keeps EAL from creating hugepage files or shared config files (no secondary processes
 * are wanted), so a killed receiver leaves nothing in /dev/hugepages; {@code --no-telemetry} keeps the
 * telemetry socket out of /var/run/dpdk.
 */
final class EalArguments
{
    static final String PROGRAM = "wirebook";
    static final String FILE_PREFIX = "wirebook-";

    private EalArguments()
    {
    }

    static List<String> of(final RxConfig config, final long pid)
    {
        final List<String> args = new ArrayList<>();
        args.add(PROGRAM);
        final String lcore = config.option("dpdk.lcore", config.cpu() >= 0 ? Integer.toString(config.cpu()) : "");
        if (lcore.isEmpty())
        {
            args.add("--lcores=0@(0-" + (Runtime.getRuntime().availableProcessors() - 1) + ")");
        }
        else
        {
            args.add("-l");
            args.add(lcore);
        }
        final String device = config.option("dpdk.device", "");
        if (device.isEmpty())
        {
            args.add("--no-pci");
            args.add("--vdev=" + vdev(config));
        }
        else
        {
            args.add("-a");
            args.add(device);
        }
        args.add("--file-prefix=" + FILE_PREFIX + pid);
        args.add("--in-memory");
        args.add("--no-telemetry");
        args.add("--log-level=" + config.option("dpdk.loglevel", "warning"));
        final String extra = config.option("dpdk.eal", "").trim();
        if (!extra.isEmpty())
        {
            args.addAll(List.of(extra.split("\\s+")));
        }
        return args;
    }

    static String vdev(final RxConfig config)
    {
        return config.option("dpdk.vdev", "net_af_xdp0,iface=" + config.interfaceName());
    }

    /** The ethdev name the port gets: the vdev name before its arguments, or the PCI address. */
    static String portName(final RxConfig config)
    {
        final String device = config.option("dpdk.device", "");
        if (!device.isEmpty())
        {
            return device;
        }
        final String vdev = vdev(config);
        final int comma = vdev.indexOf(',');
        return comma < 0 ? vdev : vdev.substring(0, comma);
    }
}
