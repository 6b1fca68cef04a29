package io.wirebook.rx;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * Turns raw Ethernet frames into UDP payloads for the configured group:port pairs, zero-copy. Raw-frame paths
 * (af-xdp, dpdk) run every frame through it; the socket paths do not need it because the kernel did this.
 *
 * <p>It accepts Ethernet II with at most one 802.1Q tag, IPv4 without fragmentation, and UDP. Anything else is
 * counted and ignored: it never reaches the feed handler.
 */
public final class FrameFilter
{
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final int ETHERNET_HEADER = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int IPPROTO_UDP = 17;
    private static final int UDP_HEADER = 8;

    private final int[] groups;
    private final int[] ports;
    private final int[] flowIndexes;
    private long framesAccepted;
    private long framesIgnored;
    private long framesMalformed;

    public FrameFilter(final List<Channel> channels)
    {
        groups = new int[channels.size()];
        ports = new int[channels.size()];
        flowIndexes = new int[channels.size()];
        for (int i = 0; i < channels.size(); i++)
        {
            groups[i] = channels.get(i).group();
            ports[i] = channels.get(i).port();
            flowIndexes[i] = i;
        }
    }

    /**
     * A filter for the frames of one interface: it keeps the flows that arrive on {@code interfaceName} and hands
     * each datagram over with its flow's index in {@code flows}.
     */
    public FrameFilter(final List<Flow> flows, final String interfaceName)
    {
        final int[] indexes = new int[flows.size()];
        int n = 0;
        for (int i = 0; i < flows.size(); i++)
        {
            if (flows.get(i).interfaceName().equals(interfaceName))
            {
                indexes[n++] = i;
            }
        }
        groups = new int[n];
        ports = new int[n];
        flowIndexes = java.util.Arrays.copyOf(indexes, n);
        for (int i = 0; i < n; i++)
        {
            groups[i] = flows.get(flowIndexes[i]).address().group();
            ports[i] = flows.get(flowIndexes[i]).address().port();
        }
    }

    /**
     * Parses one frame and, if it carries a datagram for a configured channel, hands the UDP payload on.
     *
     * @return true if the frame was handed on.
     */
    public boolean onFrame(
        final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos,
        final DatagramHandler handler)
    {
        if (length < ETHERNET_HEADER + 20 + UDP_HEADER)
        {
            return malformed();
        }
        int ip = offset + ETHERNET_HEADER;
        int etherType = buffer.getShort(offset + 12, BE) & 0xFFFF;
        if (etherType == ETHERTYPE_VLAN)
        {
            etherType = buffer.getShort(offset + 16, BE) & 0xFFFF;
            ip += 4;
        }
        if (etherType != ETHERTYPE_IPV4)
        {
            return ignored();
        }
        final int end = offset + length;
        if (ip + 20 > end)
        {
            return malformed();
        }
        final int versionIhl = buffer.getByte(ip) & 0xFF;
        final int ihl = (versionIhl & 0x0F) * 4;
        if ((versionIhl >>> 4) != 4 || ihl < 20)
        {
            return malformed();
        }
        if ((buffer.getByte(ip + 9) & 0xFF) != IPPROTO_UDP)
        {
            return ignored();
        }
        final int totalLength = buffer.getShort(ip + 2, BE) & 0xFFFF;
        if (totalLength < ihl + UDP_HEADER || ip + totalLength > end)
        {
            return malformed();
        }
        // More-fragments flag or a fragment offset: a fragment is not a whole datagram.
        if ((buffer.getShort(ip + 6, BE) & 0x3FFF) != 0)
        {
            return ignored();
        }
        final int destination = buffer.getInt(ip + 16, BE);
        final int udp = ip + ihl;
        final int destinationPort = buffer.getShort(udp + 2, BE) & 0xFFFF;
        final int channel = channelOf(destination, destinationPort);
        if (channel < 0)
        {
            return ignored();
        }
        final int udpLength = buffer.getShort(udp + 4, BE) & 0xFFFF;
        if (udpLength < UDP_HEADER || udpLength > totalLength - ihl)
        {
            return malformed();
        }
        framesAccepted++;
        handler.onDatagram(channel, buffer, udp + UDP_HEADER, udpLength - UDP_HEADER, arrivalNanos);
        return true;
    }

    /** @return the channel index for a destination group and port, or -1. */
    public int channelOf(final int group, final int port)
    {
        for (int i = 0; i < groups.length; i++)
        {
            if (groups[i] == group && ports[i] == port)
            {
                return flowIndexes[i];
            }
        }
        return -1;
    }

    public long framesAccepted()
    {
        return framesAccepted;
    }

    /** Frames for other addresses or protocols. */
    public long framesIgnored()
    {
        return framesIgnored;
    }

    /** Frames whose headers contradict their length. */
    public long framesMalformed()
    {
        return framesMalformed;
    }

    private boolean ignored()
    {
        framesIgnored++;
        return false;
    }

    private boolean malformed()
    {
        framesMalformed++;
        return false;
    }
}
