package io.wirebook.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.lab.NetnsExec;

/**
 * The qemu command line of a guest. Software emulation (TCG): KVM hangs at boot on a nested host. The CPU is
 * "max", all that TCG emulates (DPDK's x86 build wants SSE4.2). Every PCI device has a fixed slot, so the NIC is
 * always 0000:00:04.0, where {@code dpdk.pci} and the uio binding find it. {@code setpriv --pdeathsig KILL} makes
 * the kernel kill qemu when the thread that started it, and with it the JVM, is gone, even by SIGKILL.
 *
 * <p>One TCG thread runs all the vCPUs in turn ({@code thread=single}). With a thread per vCPU, a guest JVM whose
 * poll thread spins (dpdk's) dies now and then with a SIGSEGV at the entry of a hot compiled method, right after
 * another thread made that method not entrant, that is, rewrote its first instruction while it was running. Run
 * in turn, each vCPU sees the other's code patches whole.
 */
final class QemuCommand
{
    static final String QEMU = "qemu-system-x86_64";
    /** The NIC's PCI address in the guest. */
    static final String NIC_PCI_ADDRESS = "0000:00:04.0";
    static final int NIC_SLOT = 4;
    static final int ROOT_SLOT = 5;
    static final int SHARE_SLOT = 6;
    static final int FIRST_DIRECTORY_SLOT = 7;
    /** After every other slot, so the kernel names the feed NIC eth0 and this one eth1. */
    static final int RECOVERY_NIC_SLOT = 16;
    static final String ROOT_TAG = "hostroot";
    static final String SHARE_TAG = "wbshare";
    static final String DIRECTORY_TAG = "wbdir";
    static final String KERNEL_COMMAND_LINE = "console=ttyS0 quiet panic=-1";
    private static final String DEFAULT_MAC = "52:54:00:12:34:56";

    private QemuCommand()
    {
    }

    static List<String> argv(
        final String qemu, final String setpriv, final GuestSpec spec, final Path initramfs, final Path share,
        final Path serialLog)
    {
        final List<String> argv = new ArrayList<>();
        final GuestNetwork network = spec.network();
        if (null != network && null != network.namespace())
        {
            argv.addAll(NetnsExec.prefix(network.namespace()));
        }
        if (null != setpriv)
        {
            argv.addAll(List.of(setpriv, "--pdeathsig", "KILL", "--"));
        }
        argv.addAll(List.of(qemu, "-accel", "tcg,thread=single", "-M", "pc", "-cpu", "max",
            "-m", Integer.toString(spec.memoryMiB()), "-smp", Integer.toString(spec.cpus()),
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-serial", "file:" + serialLog,
            "-kernel", spec.kernel().image().toString(), "-initrd", initramfs.toString(),
            "-append", KERNEL_COMMAND_LINE));
        if (null == network)
        {
            argv.addAll(List.of("-netdev", "user,id=n0,restrict=on"));
        }
        else
        {
            argv.addAll(List.of("-netdev", "tap,id=n0,ifname=" + network.tap() + ",script=no,downscript=no"));
        }
        final String mac = null == network ? DEFAULT_MAC : network.mac();
        argv.addAll(List.of("-device", spec.nic().qemuDevice() + ",netdev=n0,mac=" + mac + ",addr=" + NIC_SLOT));
        if (null != network && null != network.recoveryTap())
        {
            argv.addAll(List.of(
                "-netdev", "tap,id=n1,ifname=" + network.recoveryTap() + ",script=no,downscript=no",
                "-device", spec.nic().qemuDevice() + ",netdev=n1,mac=" + GuestNetwork.RECOVERY_MAC + ",addr=" +
                RECOVERY_NIC_SLOT));
        }
        nineP(argv, ROOT_TAG, Path.of("/"), true, ROOT_SLOT);
        nineP(argv, SHARE_TAG, share, false, SHARE_SLOT);
        int slot = FIRST_DIRECTORY_SLOT;
        for (int i = 0; i < spec.directories().size(); i++)
        {
            nineP(argv, DIRECTORY_TAG + i, spec.directories().get(i), false, slot++);
        }
        return argv;
    }

    private static void nineP(
        final List<String> argv, final String tag, final Path path, final boolean readOnly, final int slot)
    {
        // multidevs=remap: the host's root spans several filesystems, whose inode numbers would otherwise clash.
        argv.addAll(List.of("-fsdev", "local,id=" + tag + ",path=" + path + ",security_model=none,multidevs=remap" +
            (readOnly ? ",readonly=on" : ""),
            "-device", "virtio-9p-pci,fsdev=" + tag + ",mount_tag=" + tag + ",addr=" + slot));
    }
}
