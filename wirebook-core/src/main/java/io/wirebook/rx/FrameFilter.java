package io.wirebook.rx;

import java.nio.ByteOrder;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * Turns raw Ethernet frames into UDP payloads for the flows of one interface, zero-copy. Raw-frame paths
 * (af-xdp, dpdk) run every frame through it; the socket paths do not need it because the kernel did this.
 *
 * <p>It accepts Ethernet II with at most one 802.1Q tag, IPv4 without fragmentation, and UDP. A frame for
 * another group, port or protocol is not ours: it is counted as ignored. A frame for one of our flows is handed on
 * only if it is whole, both its checksums hold and it comes from the flow's source address and port; otherwise
 * it is counted under the reason it was rejected for ({@link FilterCounters#rejected(int)}) and never reaches the
 * feed handler. The kernel checked all this for the socket paths; a raw-frame path has only this class between
 * the wire and the books. Its counts go to the path's {@link FilterCounters} as they happen, on the poll thread.
 *
 * <p>The order of the checks decides the reason: lengths first (malformed), then the IPv4 header checksum (a
 * corrupt header makes every later field meaningless), then the source, then the UDP checksum.
 */
public final class FrameFilter
{
    /** Reasons a frame for one of our flows is rejected, indices of {@link FilterCounters#rejected(int)}. */
    public static final int WRONG_SOURCE = 0;
    public static final int WRONG_SOURCE_PORT = 1;
    public static final int BAD_IP_CHECKSUM = 2;
    public static final int BAD_UDP_CHECKSUM = 3;
    public static final int MALFORMED_FRAME = 4;

    private static final String[] REASON_NAMES =
    {
        "wrong_source", "wrong_source_port", "bad_ip_checksum", "bad_udp_checksum", "malformed_frame"
    };
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final int ETHERNET_HEADER = 14;
    private static final int ETHERTYPE = 12;
    private static final int VLAN_TAG = 4;
    private static final int VLAN_ETHERTYPE = ETHERTYPE + VLAN_TAG;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_VLAN = 0x8100;

    private static final int IP_MIN_HEADER = 20;
    private static final int IP_VERSION_IHL = 0;
    private static final int IP_TOTAL_LENGTH = 2;
    private static final int IP_FLAGS_FRAGMENT = 6;
    private static final int IP_PROTOCOL = 9;
    private static final int IP_SOURCE = 12;
    private static final int IP_DESTINATION = 16;
    /** More-fragments flag and fragment offset: a fragment is not a whole datagram. */
    private static final int IP_FRAGMENT_MASK = 0x3FFF;
    private static final int IPPROTO_UDP = 17;

    private static final int UDP_SOURCE_PORT = 0;
    private static final int UDP_DESTINATION_PORT = 2;
    private static final int UDP_LENGTH = 4;
    private static final int UDP_CHECKSUM = 6;
    private static final int UDP_HEADER = 8;

    private final FlowTable flows;
    private final FilterCounters counters;

    /**
     * A filter for the frames of one interface: it keeps the flows that arrive on {@code interfaceName} and hands
     * each datagram over with its flow's index in {@code flows}.
     *
     * @param counters where it counts, shared with the filters of the path's other interfaces.
     */
    public FrameFilter(final List<Flow> flows, final String interfaceName, final FilterCounters counters)
    {
        this.counters = counters;
        this.flows = FlowTable.ofInterface(flows, interfaceName);
    }

    /** The number of rejection reasons: reasons are 0 to {@code reasonCount() - 1}. */
    public static int reasonCount()
    {
        return REASON_NAMES.length;
    }

    /** A reason's name in lower_snake_case, as {@code rejected.<name>} in a path's counters. */
    public static String reasonName(final int reason)
    {
        return REASON_NAMES[reason];
    }

    /**
     * Parses one frame and, if it carries a good datagram of one of this interface's flows, hands the UDP payload
     * on. Checks both checksums.
     *
     * @return true if the frame was handed on.
     */
    public boolean onFrame(
        final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos,
        final DatagramHandler handler)
    {
        return onFrame(buffer, offset, length, arrivalNanos, false, handler);
    }

    /**
     * As {@link #onFrame(DirectBuffer, int, int, long, DatagramHandler)}, but with {@code checksumsVerified} the
     * IPv4 and UDP checksums are taken as good without being summed: for a NIC that checked both and said so
     * (DPDK's RX checksum flags GOOD). Lengths and sources are still checked.
     */
    public boolean onFrame(
        final DirectBuffer buffer, final int offset, final int length, final long arrivalNanos,
        final boolean checksumsVerified, final DatagramHandler handler)
    {
        if (length < ETHERNET_HEADER + IP_MIN_HEADER + UDP_HEADER)
        {
            return reject(MALFORMED_FRAME);
        }
        int ip = offset + ETHERNET_HEADER;
        int etherType = buffer.getShort(offset + ETHERTYPE, BE) & 0xFFFF;
        if (etherType == ETHERTYPE_VLAN)
        {
            etherType = buffer.getShort(offset + VLAN_ETHERTYPE, BE) & 0xFFFF;
            ip += VLAN_TAG;
        }
        if (etherType != ETHERTYPE_IPV4)
        {
            return ignore();
        }
        final int end = offset + length;
        if (ip + IP_MIN_HEADER > end)
        {
            return reject(MALFORMED_FRAME);
        }
        final int versionIhl = buffer.getByte(ip + IP_VERSION_IHL) & 0xFF;
        final int ihl = (versionIhl & 0x0F) * 4;
        if ((versionIhl >>> 4) != 4 || ihl < IP_MIN_HEADER)
        {
            return reject(MALFORMED_FRAME);
        }
        if ((buffer.getByte(ip + IP_PROTOCOL) & 0xFF) != IPPROTO_UDP)
        {
            return ignore();
        }
        final int totalLength = buffer.getShort(ip + IP_TOTAL_LENGTH, BE) & 0xFFFF;
        if (totalLength < ihl + UDP_HEADER || ip + totalLength > end)
        {
            return reject(MALFORMED_FRAME);
        }
        if ((buffer.getShort(ip + IP_FLAGS_FRAGMENT, BE) & IP_FRAGMENT_MASK) != 0)
        {
            return ignore();
        }
        final int destination = buffer.getInt(ip + IP_DESTINATION, BE);
        final int udp = ip + ihl;
        final int destinationPort = buffer.getShort(udp + UDP_DESTINATION_PORT, BE) & 0xFFFF;
        if (flows.flowOf(destination, destinationPort) == FlowTable.NO_FLOW)
        {
            return ignore();
        }
        if (!checksumsVerified && Checksums.sum(buffer, ip, ihl) != Checksums.CHECKSUM_OK)
        {
            return reject(BAD_IP_CHECKSUM);
        }
        final int udpLength = buffer.getShort(udp + UDP_LENGTH, BE) & 0xFFFF;
        if (udpLength < UDP_HEADER || udpLength > totalLength - ihl)
        {
            return reject(MALFORMED_FRAME);
        }
        final int source = buffer.getInt(ip + IP_SOURCE, BE);
        final int sourcePort = buffer.getShort(udp + UDP_SOURCE_PORT, BE) & 0xFFFF;
        final int flow = flows.flowFrom(destination, destinationPort, source, sourcePort);
        if (flow < 0)
        {
            return reject(flow == FlowTable.WRONG_SOURCE_PORT ? WRONG_SOURCE_PORT : WRONG_SOURCE);
        }
        if (!checksumsVerified)
        {
            if ((buffer.getShort(udp + UDP_CHECKSUM, BE) & 0xFFFF) == Checksums.UDP_NO_CHECKSUM)
            {
                counters.udpChecksumAbsent.incrementRelease();
            }
            else if (Checksums.fold(Checksums.sum(buffer, udp, udpLength) +
                Checksums.pseudoHeaderSum(source, destination, udpLength)) != Checksums.CHECKSUM_OK)
            {
                return reject(BAD_UDP_CHECKSUM);
            }
        }
        counters.framesAccepted.incrementRelease();
        handler.onDatagram(flow, buffer, udp + UDP_HEADER, udpLength - UDP_HEADER, arrivalNanos);
        return true;
    }

    /** The counters it counts in: shared by the filters of one path. */
    public FilterCounters counters()
    {
        return counters;
    }

    private boolean ignore()
    {
        counters.framesIgnored.incrementRelease();
        return false;
    }

    private boolean reject(final int reason)
    {
        counters.rejected[reason].incrementRelease();
        return false;
    }
}
