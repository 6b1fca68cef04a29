package io.wirebook.rx.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.wirebook.rx.RxPath;
import io.wirebook.rx.dpdk.DpdkRxPath;
import io.wirebook.rx.kring.KringOptions;
import io.wirebook.rx.kring.KringRxPath;
import io.wirebook.rx.mmsg.RecvmmsgRxPath;
import io.wirebook.rx.socket.KernelSocketRxPath;
import io.wirebook.rx.uring.IoUringRxPath;
import io.wirebook.rx.xdp.AfXdpRxPath;

/**
 * Every receive path by the name the CLI and results.json give it, and what each needs from the host.
 */
public final class RxPaths
{
    /** In the order the lab runs them: from the kernel's plain socket to full bypass. */
    public static final List<String> NAMES = List.of("socket", "socket-spin", "recvmmsg", "io-uring", "kring", "af-xdp",
        "dpdk");

    private RxPaths()
    {
    }

    public static RxPath create(final String name)
    {
        return switch (name)
        {
            case "socket" -> KernelSocketRxPath.blocking();
            case "socket-spin" -> KernelSocketRxPath.spinning();
            case "recvmmsg" -> new RecvmmsgRxPath();
            case "io-uring" -> new IoUringRxPath();
            case "kring" -> new KringRxPath();
            case "af-xdp" -> new AfXdpRxPath();
            case "dpdk" -> new DpdkRxPath();
            default -> throw new IllegalArgumentException(
                "unknown path '" + name + "': use " + String.join(", ", NAMES));
        };
    }

    /** What the path needs, in one line, for the README and {@code wirebook paths}. */
    public static String needs(final String name)
    {
        return switch (name)
        {
            case "socket", "socket-spin" -> "any Linux; root only for the lab network";
            case "recvmmsg" -> "Linux; SO_BUSY_POLL needs CAP_NET_ADMIN";
            case "io-uring" -> "Linux 5.19+ (provided-buffer rings), io_uring not disabled";
            case "kring" -> "root, wirebook's wbring kernel module loaded (/dev/wbring)";
            case "af-xdp" -> "root (CAP_NET_ADMIN+CAP_BPF), libbpf1, clang-built XDP object";
            case "dpdk" -> "root, DPDK 22.11 libraries, 2 MiB hugepages + hugetlbfs";
            default -> "?";
        };
    }

    /** A cheap check of the host's prerequisites; null when nothing obvious is missing. Opening is the real test. */
    public static String prerequisitesMissing(final String name)
    {
        return switch (name)
        {
            case "socket", "socket-spin", "recvmmsg" -> null;
            case "io-uring" -> readTrim("/proc/sys/kernel/io_uring_disabled").matches("[12]") ?
                "io_uring is disabled (/proc/sys/kernel/io_uring_disabled); " +
                    "fix: sysctl kernel.io_uring_disabled=0" : null;
            case "kring" -> KringRxPath.prerequisitesMissing(KringOptions.DEFAULT_DEVICE);
            case "af-xdp" -> !exists("/usr/lib/x86_64-linux-gnu/libbpf.so.1") ?
                "libbpf missing; fix: scripts/setup.sh" : AfXdpRxPath.privilegesMissing();
            case "dpdk" -> !exists("/usr/lib/x86_64-linux-gnu/librte_eal.so.23") ?
                "DPDK 22.11 missing; fix: scripts/setup.sh" : DpdkRxPath.privilegesOrHugepagesMissing();
            default -> "unknown path";
        };
    }

    private static boolean exists(final String path)
    {
        return Files.exists(Path.of(path));
    }

    private static String readTrim(final String path)
    {
        try
        {
            return Files.readString(Path.of(path)).trim();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }
}
