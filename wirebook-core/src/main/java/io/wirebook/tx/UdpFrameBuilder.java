package io.wirebook.tx;

import java.nio.ByteOrder;

import io.wirebook.capture.UdpFrameHeaders;
import io.wirebook.rx.Checksums;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.wirebook.capture.UdpFrameHeaders.ETHERNET_DESTINATION;
import static io.wirebook.capture.UdpFrameHeaders.ETHERNET_HEADER_LENGTH;
import static io.wirebook.capture.UdpFrameHeaders.ETHERNET_SOURCE;
import static io.wirebook.capture.UdpFrameHeaders.ETHERNET_TYPE;
import static io.wirebook.capture.UdpFrameHeaders.ETHERTYPE_IPV4;
import static io.wirebook.capture.UdpFrameHeaders.IP_CHECKSUM;
import static io.wirebook.capture.UdpFrameHeaders.IP_DEFAULT_TTL;
import static io.wirebook.capture.UdpFrameHeaders.IP_DESTINATION;
import static io.wirebook.capture.UdpFrameHeaders.IP_DONT_FRAGMENT;
import static io.wirebook.capture.UdpFrameHeaders.IP_FLAGS_FRAGMENT;
import static io.wirebook.capture.UdpFrameHeaders.IP_OFFSET;
import static io.wirebook.capture.UdpFrameHeaders.IP_SOURCE;
import static io.wirebook.capture.UdpFrameHeaders.IP_TOTAL_LENGTH;
import static io.wirebook.capture.UdpFrameHeaders.IP_TTL;
import static io.wirebook.capture.UdpFrameHeaders.IP_VERSION_IHL;
import static io.wirebook.capture.UdpFrameHeaders.UDP_CHECKSUM;
import static io.wirebook.capture.UdpFrameHeaders.UDP_DESTINATION_PORT;
import static io.wirebook.capture.UdpFrameHeaders.UDP_HEADER_LENGTH;
import static io.wirebook.capture.UdpFrameHeaders.UDP_LENGTH;
import static io.wirebook.capture.UdpFrameHeaders.UDP_OFFSET;
import static io.wirebook.capture.UdpFrameHeaders.UDP_SOURCE_PORT;

/**
 * Writes the Ethernet II, IPv4 and UDP headers of the frames a raw-frame path (af-xdp, dpdk) transmits, from one
 * interface's MAC and address and the path's UDP port, with both checksums (the wire has no kernel to add them,
 * and the lab's veths have checksum offload off). It also turns a received frame around in place, for a reply
 * that reuses the frame it answers. The offsets are {@link io.wirebook.capture.UdpFrameHeaders}'s.
 */
public final class UdpFrameBuilder
{
    /** Bytes in front of the payload of a frame this class writes. */
    public static final int HEADERS_LENGTH = UdpFrameHeaders.HEADERS_LENGTH;
    /** The largest payload an IPv4 total length can describe. */
    public static final int MAX_PAYLOAD = UdpFrameHeaders.MAX_PAYLOAD;

    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int VLAN_TAG = 4;

    private final long sourceMac;
    private final int sourceAddress;
    private final int sourcePort;

    /**
     * @param sourceMac     the sending interface's MAC.
     * @param sourceAddress the sending interface's IPv4 address, host order.
     * @param sourcePort    the UDP port datagrams leave from.
     */
    public UdpFrameBuilder(final long sourceMac, final int sourceAddress, final int sourcePort)
    {
        this.sourceMac = sourceMac;
        this.sourceAddress = sourceAddress;
        this.sourcePort = sourcePort;
    }

    /**
     * Writes the {@link #HEADERS_LENGTH} bytes of headers at {@code offset} for the payload that is already at
     * {@code offset + HEADERS_LENGTH}, both checksums over it.
     *
     * @param to where the frame goes; its MAC must be set.
     * @return the frame's length.
     */
    public int write(final MutableDirectBuffer frame, final int offset, final UdpEndpoint to, final int payloadLength)
    {
        putMac(frame, offset + ETHERNET_DESTINATION, to.mac());
        putMac(frame, offset + ETHERNET_SOURCE, sourceMac);
        frame.putShort(offset + ETHERNET_TYPE, ETHERTYPE_IPV4, BE);

        final int udpLength = UDP_HEADER_LENGTH + payloadLength;
        UdpFrameHeaders.writeIpv4(frame, offset + IP_OFFSET, sourceAddress, to.address(), udpLength);

        final int udp = offset + UDP_OFFSET;
        writeUdp(frame, udp, sourcePort, to.port(), udpLength, sourceAddress, to.address());
        return HEADERS_LENGTH + payloadLength;
    }

    /**
     * Turns a frame that {@link io.wirebook.rx.FrameFilter} accepted into its reply, in place: to the MAC, address
     * and port it came from, from this interface's MAC and the address and port it was sent to (this interface's
     * address when it was sent to a group), carrying {@code payloadLength} bytes where its payload starts. An
     * 802.1Q tag and IPv4 options stay as they were.
     *
     * @return the reply frame's length.
     */
    public int turnAround(final MutableDirectBuffer frame, final int offset, final int payloadLength)
    {
        final int ip = ipOffset(frame, offset);
        final int ihl = (frame.getByte(ip + IP_VERSION_IHL) & 0x0F) * 4;
        final int udp = ip + ihl;

        final long fromMac = getMac(frame, offset + ETHERNET_SOURCE);
        putMac(frame, offset + ETHERNET_DESTINATION, fromMac);
        putMac(frame, offset + ETHERNET_SOURCE, sourceMac);

        final int fromAddress = frame.getInt(ip + IP_SOURCE, BE);
        final int toAddress = frame.getInt(ip + IP_DESTINATION, BE);
        final int replyFrom = (toAddress >>> 28) == 0xE ? sourceAddress : toAddress;
        final int fromPort = frame.getShort(udp + UDP_SOURCE_PORT, BE) & 0xFFFF;
        final int toPort = frame.getShort(udp + UDP_DESTINATION_PORT, BE) & 0xFFFF;
        final int udpLength = UDP_HEADER_LENGTH + payloadLength;
        frame.putShort(ip + IP_TOTAL_LENGTH, (short)(ihl + udpLength), BE);
        frame.putShort(ip + IP_FLAGS_FRAGMENT, IP_DONT_FRAGMENT, BE);
        frame.putByte(ip + IP_TTL, IP_DEFAULT_TTL);
        frame.putShort(ip + IP_CHECKSUM, (short)0, BE);
        frame.putInt(ip + IP_SOURCE, replyFrom, BE);
        frame.putInt(ip + IP_DESTINATION, fromAddress, BE);
        frame.putShort(ip + IP_CHECKSUM, (short)Checksums.ipv4HeaderChecksum(frame, ip, ihl), BE);

        writeUdp(frame, udp, toPort, fromPort, udpLength, replyFrom, fromAddress);
        return udp + udpLength - offset;
    }

    /**
     * Where a frame that {@link io.wirebook.rx.FrameFilter} accepted came from: its source address, port and MAC.
     */
    public static void source(final DirectBuffer frame, final int offset, final UdpEndpoint into)
    {
        final int ip = ipOffset(frame, offset);
        final int udp = ip + (frame.getByte(ip + IP_VERSION_IHL) & 0x0F) * 4;
        into.set(frame.getInt(ip + IP_SOURCE, BE), frame.getShort(udp + UDP_SOURCE_PORT, BE) & 0xFFFF,
            getMac(frame, offset + ETHERNET_SOURCE));
    }

    /** Where the payload of a frame that {@link io.wirebook.rx.FrameFilter} accepted starts. */
    public static int payloadOffset(final DirectBuffer frame, final int offset)
    {
        final int ip = ipOffset(frame, offset);
        return ip + (frame.getByte(ip + IP_VERSION_IHL) & 0x0F) * 4 + UDP_HEADER_LENGTH;
    }

    private static void writeUdp(
        final MutableDirectBuffer frame, final int udp, final int fromPort, final int toPort, final int udpLength,
        final int fromAddress, final int toAddress)
    {
        frame.putShort(udp + UDP_SOURCE_PORT, (short)fromPort, BE);
        frame.putShort(udp + UDP_DESTINATION_PORT, (short)toPort, BE);
        frame.putShort(udp + UDP_LENGTH, (short)udpLength, BE);
        frame.putShort(udp + UDP_CHECKSUM, (short)0, BE);
        frame.putShort(udp + UDP_CHECKSUM,
            (short)Checksums.udpChecksum(frame, udp, udpLength, fromAddress, toAddress), BE);
    }

    private static int ipOffset(final DirectBuffer frame, final int offset)
    {
        final int etherType = frame.getShort(offset + ETHERNET_TYPE, BE) & 0xFFFF;
        return offset + ETHERNET_HEADER_LENGTH + (etherType == ETHERTYPE_VLAN ? VLAN_TAG : 0);
    }

    private static void putMac(final MutableDirectBuffer frame, final int at, final long mac)
    {
        frame.putShort(at, (short)(mac >>> 32), BE);
        frame.putInt(at + Short.BYTES, (int)mac, BE);
    }

    private static long getMac(final DirectBuffer frame, final int at)
    {
        return ((frame.getShort(at, BE) & 0xFFFFL) << 32) | (frame.getInt(at + Short.BYTES, BE) & 0xFFFF_FFFFL);
    }
}
