package io.wirebook.doctor;

/**
 * What the interface checks need to know about one network interface.
 *
 * @param name           the interface (wbh-a).
 * @param netns          its network namespace, or null for this process's own.
 * @param driver         its driver (ethtool -i; veth, ice, mlx5_core...), or null when unknown.
 * @param parentDevice   the device under it (ip -d link's parentdev: a PCI address, virtio2), or null (veth).
 * @param rxQueues       RX queues in use (/sys/class/net/IF/queues/rx-*).
 * @param ntuple         whether ntuple filters are on (ethtool -k).
 * @param flowRules      RX classification rules installed (ethtool -n).
 * @param combinedQueues whether the driver counts its channels as combined RX/TX (ethtool -l).
 * @param xdpAttached    the XDP program attached now, as ip shows it ("xdpgeneric/id:42"), or null.
 * @param virtioFeatures a virtio device's feature bits, bit 0 first (/sys/class/net/IF/device/features), or null.
 */
public record NicInfo(
    String name,
    String netns,
    String driver,
    String parentDevice,
    int rxQueues,
    boolean ntuple,
    int flowRules,
    boolean combinedQueues,
    String xdpAttached,
    String virtioFeatures)
{
    /** virtio_net rebinds a queue to an XSK pool by resetting it: no zero-copy without this feature. */
    static final int VIRTIO_F_RING_RESET = 40;

    /** Whether a virtio device offers the feature; false for other devices. */
    boolean hasVirtioFeature(final int bit)
    {
        return virtioFeatures != null && virtioFeatures.length() > bit && virtioFeatures.charAt(bit) == '1';
    }

    /** "wbh-a in netns wb-host", or the bare name. */
    public String where()
    {
        return netns == null ? name : name + " in netns " + netns;
    }

    /** A command to run against the interface, with the "ip netns exec NS" it needs. */
    String inNamespace(final String command)
    {
        return netns == null ? command : "ip netns exec " + netns + " " + command;
    }
}
