package io.wirebook.lab;

import java.util.List;

/**
 * The command prefix that runs a program in a lab namespace. {@code ip netns exec} gives the program a mount
 * namespace of its own with a fresh /sys, which hides the host's bpffs at /sys/fs/bpf; libxdp (under DPDK's
 * net_af_xdp driver) then finds none and falls back to loading its program without a dispatcher. So the prefix
 * first mounts a bpffs there. The mount lives in that private mount namespace and goes with its last process:
 * nothing is left behind, and the host's bpffs is not touched. Should the mount fail, the program runs anyway, as
 * without it.
 */
public final class NetnsExec
{
    static final String MOUNT_BPFFS_THEN_EXEC = "mount -t bpf bpf /sys/fs/bpf 2>/dev/null; exec \"$@\"";

    private NetnsExec()
    {
    }

    /** {@code ip netns exec NS /bin/sh -c 'mount bpffs; exec "$@"' sh}: append the program and its arguments. */
    public static List<String> prefix(final String netns)
    {
        return List.of("ip", "netns", "exec", netns, "/bin/sh", "-c", MOUNT_BPFFS_THEN_EXEC, "sh");
    }
}
