package io.wirebook.rx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds Ethernet II / IPv4 / UDP frames with correct IPv4 and UDP checksums (RFC 791, RFC 768), computed the
 * plain way, 16 bits at a time, so that the filter's own arithmetic is checked against an independent one.
 */
final class TestFrames
{
    static final int ETHERNET = 14;
    static final int VLAN_TAG = 4;
    static final int IP_HEADER = 20;
    static final int IP_TOTAL_LENGTH = 2;
    static final int IP_TTL = 8;
    static final int IP_CHECKSUM = 10;
    static final int UDP_LENGTH = 4;
    static final int UDP_CHECKSUM = 6;
    static final int UDP_HEADER = 8;
    static final int IPPROTO_UDP = 17;

    private int source = Channel.parseIpv4("198.18.0.1");
    private int sourcePort = 12344;
    private final int destination;
    private final int port;
    private boolean vlan;
    private boolean udpChecksum = true;
    private byte[] payload = "payload".getBytes(StandardCharsets.US_ASCII);

    private TestFrames(final int destination, final int port)
    {
        this.destination = destination;
        this.port = port;
    }

    static TestFrames to(final int destination, final int port)
    {
        return new TestFrames(destination, port);
    }

    TestFrames from(final int source, final int sourcePort)
    {
        this.source = source;
        this.sourcePort = sourcePort;
        return this;
    }

    TestFrames vlan()
    {
        vlan = true;
        return this;
    }

    /** A UDP checksum of 0: "none computed" (RFC 768). */
    TestFrames withoutUdpChecksum()
    {
        udpChecksum = false;
        return this;
    }

    TestFrames payload(final String text)
    {
        payload = text.getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    /** Where the IPv4 header starts in a frame built with or without a VLAN tag. */
    static int ipAt(final boolean vlan)
    {
        return ETHERNET + (vlan ? VLAN_TAG : 0);
    }

    byte[] build()
    {
        final int udpLength = UDP_HEADER + payload.length;
        final int ipLength = IP_HEADER + udpLength;
        final ByteBuffer b = ByteBuffer.allocate(ipAt(vlan) + ipLength).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {1, 0, 0x5e, 1, 1, 1}).put(new byte[] {2, 0, 0, 0, 0, 1});
        if (vlan)
        {
            b.putShort((short)0x8100).putShort((short)7);
        }
        b.putShort((short)0x0800);
        final int ip = b.position();
        b.put((byte)0x45).put((byte)0).putShort((short)ipLength).putShort((short)1).putShort((short)0x4000)
            .put((byte)1).put((byte)IPPROTO_UDP).putShort((short)0).putInt(source).putInt(destination);
        b.putShort(ip + IP_CHECKSUM, (short)complement(sum16(b, ip, IP_HEADER, 0)));
        final int udp = b.position();
        b.putShort((short)sourcePort).putShort((short)port).putShort((short)udpLength).putShort((short)0)
            .put(payload);
        if (udpChecksum)
        {
            final long pseudoHeader = ((source >>> 16) & 0xFFFF) + (source & 0xFFFF)
                + ((destination >>> 16) & 0xFFFF) + (destination & 0xFFFF) + IPPROTO_UDP + udpLength;
            final int checksum = complement(sum16(b, udp, udpLength, pseudoHeader));
            // A computed 0 goes on the wire as 0xFFFF: 0 means "no checksum".
            b.putShort(udp + UDP_CHECKSUM, (short)(checksum == 0 ? 0xFFFF : checksum));
        }
        return b.array();
    }

    private static long sum16(final ByteBuffer b, final int from, final int length, final long initial)
    {
        long sum = initial;
        for (int i = 0; i < length; i += 2)
        {
            final int hi = b.get(from + i) & 0xFF;
            final int lo = i + 1 < length ? b.get(from + i + 1) & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        return sum;
    }

    private static int complement(final long sum)
    {
        long folded = sum;
        while ((folded >>> 16) != 0)
        {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int)(~folded & 0xFFFF);
    }
}
