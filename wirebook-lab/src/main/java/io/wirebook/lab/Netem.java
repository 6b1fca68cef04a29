package io.wirebook.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code tc netem} on one veth of the lab, for kernels that have sch_netem; {@link FaultInjector} makes the faults
 * of the fault scenarios with nftables, which every lab kernel has.
 */
final class Netem
{
    /** Message on a kernel without sch_netem; starts with a fixed phrase callers may test for. */
    static final String UNAVAILABLE = "tc netem is not available in this kernel (no sch_netem); " +
        "fix: modprobe sch_netem, or run on a kernel built with CONFIG_NET_SCH_NETEM";

    private Netem()
    {
    }

    /**
     * Applies netem with this spec (e.g. "delay 100us 20us" or "loss 0.1%") to {@code dev} in {@code ns}, replacing
     * any netem already there.
     *
     * @throws LabNetworkException with {@link #UNAVAILABLE} when the kernel has no netem, or with tc's own error for
     *                             a bad spec.
     */
    static void apply(final String ns, final String dev, final String spec)
    {
        final List<String> argv = new ArrayList<>(List.of(tc(), "-n", ns, "qdisc", "replace", "dev", dev, "root",
            "netem"));
        argv.addAll(Arrays.asList(spec.strip().split("\\s+")));
        final SystemCommand.Result result = SystemCommand.runAllowingFailure(argv.toArray(String[]::new));
        if (result.stderr().contains("qdisc kind is unknown"))
        {
            throw new LabNetworkException(UNAVAILABLE);
        }
        if (!result.ok())
        {
            throw new LabNetworkException("'" + String.join(" ", argv) + "' failed (exit " + result.exitCode() + "): " +
                SystemCommand.oneLine(result.stderr()));
        }
    }

    /** Removes the netem of {@link #apply}; a no-op when there is none. */
    static void clear(final String ns, final String dev)
    {
        final SystemCommand.Result result = SystemCommand.runAllowingFailure(tc(), "-n", ns, "qdisc", "del", "dev",
            dev, "root");
        if (!result.ok() && !result.stderr().contains("No such file") && !result.stderr().contains("Cannot delete"))
        {
            throw new LabNetworkException("'tc -n " + ns + " qdisc del dev " + dev + " root' failed: " +
                SystemCommand.oneLine(result.stderr()));
        }
    }

    private static String tc()
    {
        final String tc = SystemCommand.find("tc");
        if (tc == null)
        {
            throw new LabNetworkException("tc (iproute2) not installed; fix: scripts/setup.sh");
        }
        return tc;
    }
}
