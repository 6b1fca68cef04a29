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
 * <li>{@code dpdk.vdev.b}, {@code dpdk.device.b}: the same for the second interface when the flows arrive on two
 * (line B's); the default is {@code net_af_xdp1,iface=<second interface>}. Each interface is one DPDK port.</li>
 * <li>{@code dpdk.lcore}: the one lcore (CPU) EAL runs on and pins the calling thread to; default the
 * config's CPU, or, unpinned, lcore 0 allowed on every CPU.</li>
 * <li>{@code dpdk.loglevel}: EAL log level, default what the {@value DpdkLog#LOGGER} logger keeps
 * ({@code warning} unless it logs INFO or DEBUG).</li>
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
        return of(config, pid, DpdkLog.ealLogLevel());
    }

    /** @param logLevel the EAL log level unless {@code dpdk.loglevel} names one. */
    static List<String> of(final RxConfig config, final long pid, final String logLevel)
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
        boolean anyDevice = false;
        for (int line = 0; line < lines(config); line++)
        {
            anyDevice |= !device(config, line).isEmpty();
        }
        if (!anyDevice)
        {
            args.add("--no-pci");
        }
        for (int line = 0; line < lines(config); line++)
        {
            final String device = device(config, line);
            if (device.isEmpty())
            {
                args.add("--vdev=" + vdev(config, line));
            }
            else
            {
                args.add("-a");
                args.add(device);
            }
        }
        args.add("--file-prefix=" + FILE_PREFIX + pid);
        args.add("--in-memory");
        args.add("--no-telemetry");
        args.add("--log-level=" + config.option("dpdk.loglevel", logLevel));
        final String extra = config.option("dpdk.eal", "").trim();
        if (!extra.isEmpty())
        {
            args.addAll(List.of(extra.split("\\s+")));
        }
        return args;
    }

    /** How many ports the path opens: one per interface of the flows. */
    static int lines(final RxConfig config)
    {
        return config.interfaces().size();
    }

    static String vdev(final RxConfig config)
    {
        return vdev(config, 0);
    }

    /** The vdev of the {@code line}-th interface (0: the first, 1: the second). */
    static String vdev(final RxConfig config, final int line)
    {
        final String name = config.interfaces().get(line);
        return config.option(line == 0 ? "dpdk.vdev" : "dpdk.vdev.b", "net_af_xdp" + line + ",iface=" + name);
    }

    /** The PCI device of the {@code line}-th interface, or empty for a vdev. */
    static String device(final RxConfig config, final int line)
    {
        return config.option(line == 0 ? "dpdk.device" : "dpdk.device.b", "");
    }

    static String portName(final RxConfig config)
    {
        return portName(config, 0);
    }

    /** The ethdev name the {@code line}-th port gets: the vdev name before its arguments, or the PCI address. */
    static String portName(final RxConfig config, final int line)
    {
        final String device = device(config, line);
        if (!device.isEmpty())
        {
            return device;
        }
        final String vdev = vdev(config, line);
        final int comma = vdev.indexOf(',');
        return comma < 0 ? vdev : vdev.substring(0, comma);
    }
}
