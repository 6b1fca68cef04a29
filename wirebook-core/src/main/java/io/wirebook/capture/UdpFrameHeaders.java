package io.wirebook.capture;

import java.nio.ByteOrder;

import io.wirebook.rx.Checksums;
import org.agrona.MutableDirectBuffer;

/**
 * Rebuilds the Ethernet II, IPv4 and UDP headers of a datagram that a kernel socket handed over without them, from
 * what the socket reported (source from msg_name, destination group and port): what the frame looked like on the
 * wire, as far as a reader of the capture can tell. The MAC addresses are made up (locally administered) except a
 * multicast destination's, which is the group's own (01:00:5e and the group's low 23 bits, RFC 1112). The IPv4
 * header has a correct checksum and total length, DF set; the UDP header a correct length and no checksum (0,
 * allowed for IPv4 by RFC 768).
 */
public final class UdpFrameHeaders
{
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    public static final int ETHERNET_DESTINATION = 0;
    public static final int ETHERNET_SOURCE = 6;
    public static final int ETHERNET_TYPE = 12;
    public static final int ETHERNET_HEADER_LENGTH = 14;
    public static final short ETHERTYPE_IPV4 = 0x0800;

    public static final int IP_VERSION_IHL = 0;
    public static final int IP_TOS = 1;
    public static final int IP_TOTAL_LENGTH = 2;
    public static final int IP_IDENTIFICATION = 4;
    public static final int IP_FLAGS_FRAGMENT = 6;
    public static final int IP_TTL = 8;
    public static final int IP_PROTOCOL = 9;
    public static final int IP_CHECKSUM = 10;
    public static final int IP_SOURCE = 12;
    public static final int IP_DESTINATION = 16;
    public static final int IP_HEADER_LENGTH = 20;
    /** Version 4, five 32-bit words of header. */
    public static final byte IP_VERSION_4_IHL_5 = 0x45;
    public static final short IP_DONT_FRAGMENT = 0x4000;
    /** The socket does not report the TTL; Linux's default unicast TTL stands in for it. */
    public static final byte IP_DEFAULT_TTL = 64;
    public static final byte IPPROTO_UDP = 17;

    public static final int UDP_SOURCE_PORT = 0;
    public static final int UDP_DESTINATION_PORT = 2;
    public static final int UDP_LENGTH = 4;
    public static final int UDP_CHECKSUM = 6;
    public static final int UDP_HEADER_LENGTH = 8;
    public static final short UDP_NO_CHECKSUM = 0;

    public static final int IP_OFFSET = ETHERNET_HEADER_LENGTH;
    public static final int UDP_OFFSET = IP_OFFSET + IP_HEADER_LENGTH;
    /** Bytes in front of the UDP payload. */
    public static final int HEADERS_LENGTH = UDP_OFFSET + UDP_HEADER_LENGTH;
    /** The largest payload an IPv4 total length can describe. */
    public static final int MAX_PAYLOAD = 0xFFFF - IP_HEADER_LENGTH - UDP_HEADER_LENGTH;

    /** 02:00:00 is a locally administered prefix: no vendor's card has these. */
    private static final int MADE_UP_MAC_HIGH = 0x0200_0000;
    private static final short MADE_UP_SOURCE_MAC_LOW = 0x0001;
    private static final short MADE_UP_DESTINATION_MAC_LOW = 0x0002;
    private static final int IPV4_MULTICAST_MAC_HIGH = 0x0100_5E00;
    private static final int MULTICAST_MAC_GROUP_BITS = 0x7F_FFFF;

    private UdpFrameHeaders()
    {
    }

    /**
     * Writes the {@link #HEADERS_LENGTH} bytes of headers at {@code offset}; the payload belongs right after them.
     *
     * @param source             IPv4 source address, host order.
     * @param destination        IPv4 destination address (the group), host order.
     * @param payloadLength      the UDP payload's length, at most {@link #MAX_PAYLOAD}.
     * @return the frame's length: headers and payload.
     */
    public static int write(
        final MutableDirectBuffer buffer, final int offset, final int source, final int sourcePort,
        final int destination, final int destinationPort, final int payloadLength)
    {
        if ((destination >>> 28) == 0xE)
        {
            final int groupBits = destination & MULTICAST_MAC_GROUP_BITS;
            buffer.putInt(offset + ETHERNET_DESTINATION, IPV4_MULTICAST_MAC_HIGH | (groupBits >>> 16), BE);
            buffer.putShort(offset + ETHERNET_DESTINATION + Integer.BYTES, (short)(groupBits & 0xFFFF), BE);
        }
        else
        {
            buffer.putInt(offset + ETHERNET_DESTINATION, MADE_UP_MAC_HIGH, BE);
            buffer.putShort(offset + ETHERNET_DESTINATION + Integer.BYTES, MADE_UP_DESTINATION_MAC_LOW, BE);
        }
        buffer.putInt(offset + ETHERNET_SOURCE, MADE_UP_MAC_HIGH, BE);
        buffer.putShort(offset + ETHERNET_SOURCE + Integer.BYTES, MADE_UP_SOURCE_MAC_LOW, BE);
        buffer.putShort(offset + ETHERNET_TYPE, ETHERTYPE_IPV4, BE);

        final int udpLength = UDP_HEADER_LENGTH + payloadLength;
        writeIpv4(buffer, offset + IP_OFFSET, source, destination, udpLength);

        final int udp = offset + UDP_OFFSET;
        buffer.putShort(udp + UDP_SOURCE_PORT, (short)sourcePort, BE);
        buffer.putShort(udp + UDP_DESTINATION_PORT, (short)destinationPort, BE);
        buffer.putShort(udp + UDP_LENGTH, (short)udpLength, BE);
        buffer.putShort(udp + UDP_CHECKSUM, UDP_NO_CHECKSUM, BE);
        return HEADERS_LENGTH + payloadLength;
    }

    /**
     * Writes a 20-byte IPv4 header at {@code ip} for a UDP datagram of {@code udpLength} bytes: DF set, TTL
     * {@link #IP_DEFAULT_TTL}, identification 0, and its checksum.
     *
     * @param source      host order.
     * @param destination host order.
     */
    public static void writeIpv4(
        final MutableDirectBuffer buffer, final int ip, final int source, final int destination, final int udpLength)
    {
        buffer.putByte(ip + IP_VERSION_IHL, IP_VERSION_4_IHL_5);
        buffer.putByte(ip + IP_TOS, (byte)0);
        buffer.putShort(ip + IP_TOTAL_LENGTH, (short)(IP_HEADER_LENGTH + udpLength), BE);
        buffer.putShort(ip + IP_IDENTIFICATION, (short)0, BE);
        buffer.putShort(ip + IP_FLAGS_FRAGMENT, IP_DONT_FRAGMENT, BE);
        buffer.putByte(ip + IP_TTL, IP_DEFAULT_TTL);
        buffer.putByte(ip + IP_PROTOCOL, IPPROTO_UDP);
        buffer.putShort(ip + IP_CHECKSUM, (short)0, BE);
        buffer.putInt(ip + IP_SOURCE, source, BE);
        buffer.putInt(ip + IP_DESTINATION, destination, BE);
        buffer.putShort(ip + IP_CHECKSUM, (short)ipv4Checksum(buffer, ip), BE);
    }

    /** The RFC 1071 checksum of a 20-byte IPv4 header at {@code ip}, its checksum field counted as it stands. */
    public static int ipv4Checksum(final MutableDirectBuffer buffer, final int ip)
    {
        return Checksums.ipv4HeaderChecksum(buffer, ip, IP_HEADER_LENGTH);
    }
}
