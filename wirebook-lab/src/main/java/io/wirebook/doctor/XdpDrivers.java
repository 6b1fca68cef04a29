package io.wirebook.doctor;

import java.util.Map;

/**
 * What each driver offers an AF_XDP socket, as far as wirebook knows: native XDP (the program runs in the driver,
 * before an skb exists) and zero-copy (the NIC writes into the UMEM). Without native XDP only generic (skb) mode
 * is left; without zero-copy the kernel copies each frame into the UMEM. Since Linux 6.3 the kernel reports this
 * itself (netlink netdev family, xdp-features); this table also covers older kernels.
 */
final class XdpDrivers
{
    /**
     * @param nativeXdp          the driver runs XDP programs itself.
     * @param zeroCopy           the driver binds AF_XDP sockets in zero-copy mode.
     * @param nativeSince        the first kernel with native XDP in this driver, or null when not tabled.
     * @param zeroCopySince      the first kernel with zero-copy, or null when not tabled.
     */
    record Support(boolean nativeXdp, boolean zeroCopy, String nativeSince, String zeroCopySince)
    {
    }

    private static final Map<String, Support> DRIVERS = Map.ofEntries(
        Map.entry("veth", new Support(true, false, "4.19", null)),
        Map.entry("tun", new Support(true, false, null, null)),
        Map.entry("virtio_net", new Support(true, true, null, "6.11")),
        Map.entry("ixgbe", new Support(true, true, null, null)),
        Map.entry("i40e", new Support(true, true, null, null)),
        Map.entry("ice", new Support(true, true, null, null)),
        Map.entry("igc", new Support(true, true, null, null)),
        Map.entry("mlx5_core", new Support(true, true, null, null)),
        Map.entry("stmmac", new Support(true, true, null, null)),
        Map.entry("mlx4_en", new Support(true, false, null, null)),
        Map.entry("bnxt_en", new Support(true, false, null, null)),
        Map.entry("qede", new Support(true, false, null, null)),
        Map.entry("ixgbevf", new Support(true, false, null, null)),
        Map.entry("hv_netvsc", new Support(true, false, null, null)),
        Map.entry("e1000", new Support(false, false, null, null)),
        Map.entry("e1000e", new Support(false, false, null, null)),
        Map.entry("ifb", new Support(false, false, null, null)),
        Map.entry("bridge", new Support(false, false, null, null)));

    private XdpDrivers()
    {
    }

    /** The driver's support on this kernel (major.minor release), or null when the driver is not in the table. */
    static Support lookup(final String driver, final String kernelRelease)
    {
        final Support s = driver == null ? null : DRIVERS.get(driver);
        if (s == null)
        {
            return null;
        }
        final boolean nativeXdp = s.nativeXdp() && atLeast(kernelRelease, s.nativeSince());
        final boolean zeroCopy = nativeXdp && s.zeroCopy() && atLeast(kernelRelease, s.zeroCopySince());
        return new Support(nativeXdp, zeroCopy, s.nativeSince(), s.zeroCopySince());
    }

    /** Whether the release ("6.18.44-fc") is at least "4.19"; true when either is unknown. */
    static boolean atLeast(final String release, final String since)
    {
        if (since == null || release == null)
        {
            return true;
        }
        final int[] have = majorMinor(release);
        final int[] need = majorMinor(since);
        if (have == null || need == null)
        {
            return true;
        }
        return have[0] != need[0] ? have[0] > need[0] : have[1] >= need[1];
    }

    private static int[] majorMinor(final String release)
    {
        final String[] parts = release.split("[.\\-+]");
        try
        {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }
}
