package io.wirebook.rx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FrameFilterTest
{
    private static final int GROUP_1 = Channel.parseIpv4("239.1.1.1");
    private static final int GROUP_2 = Channel.parseIpv4("239.1.1.2");
    private static final int SOURCE = Channel.parseIpv4("198.18.0.1");

    private final FrameFilter filter = new FrameFilter(List.of(new Channel(GROUP_1, 12345), new Channel(GROUP_2, 12345)));
    private final List<String> delivered = new ArrayList<>();
    private final DatagramHandler handler = (channel, buffer, offset, length, arrival) ->
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(offset, payload);
        delivered.add(channel + ":" + new String(payload) + "@" + arrival);
    };

    /** An Ethernet II / IPv4 / UDP frame, with a correct UDP checksum computed the RFC 768 way, 16 bits at a time. */
    static byte[] frame(final boolean vlan, final int destination, final int port, final String payload)
    {
        final byte[] data = payload.getBytes();
        final int udpLength = 8 + data.length;
        final int ipLength = 20 + udpLength;
        final ByteBuffer b = ByteBuffer.allocate(14 + (vlan ? 4 : 0) + ipLength).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {1, 0, 0x5e, 1, 1, 1}).put(new byte[] {2, 0, 0, 0, 0, 1});
        if (vlan)
        {
            b.putShort((short)0x8100).putShort((short)7);
        }
        b.putShort((short)0x0800);
        final int ip = b.position();
        b.put((byte)0x45).put((byte)0).putShort((short)ipLength).putShort((short)1).putShort((short)0x4000)
            .put((byte)1).put((byte)17).putShort((short)0).putInt(SOURCE).putInt(destination);
        final int udp = b.position();
        b.putShort((short)40000).putShort((short)port).putShort((short)udpLength).putShort((short)0).put(data);
        long sum = ((SOURCE >>> 16) & 0xFFFF) + (SOURCE & 0xFFFF) + ((destination >>> 16) & 0xFFFF)
            + (destination & 0xFFFF) + 17 + udpLength;
        for (int i = 0; i < udpLength; i += 2)
        {
            final int hi = b.get(udp + i) & 0xFF;
            final int lo = i + 1 < udpLength ? b.get(udp + i + 1) & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        final int checksum = (int)(~sum & 0xFFFF);
        b.putShort(udp + 6, (short)(checksum == 0 ? 0xFFFF : checksum));
        assertThat(ip).isPositive();
        return b.array();
    }

    private boolean offer(final byte[] frame)
    {
        return filter.onFrame(new UnsafeBuffer(frame), 0, frame.length, 42, handler);
    }

    @Test
    void handsOnTheUdpPayloadOfAConfiguredFlowWithItsChannel()
    {
        assertThat(offer(frame(false, GROUP_2, 12345, "hello"))).isTrue();
        assertThat(offer(frame(true, GROUP_1, 12345, "tagged, odd"))).isTrue();
        assertThat(delivered).containsExactly("1:hello@42", "0:tagged, odd@42");
        assertThat(filter.framesAccepted()).isEqualTo(2);
    }

    @Test
    void ignoresOtherFlowsAndProtocols()
    {
        assertThat(offer(frame(false, GROUP_1, 9999, "other port"))).isFalse();
        assertThat(offer(frame(false, Channel.parseIpv4("239.1.1.9"), 12345, "other group"))).isFalse();
        final byte[] arp = frame(false, GROUP_1, 12345, "x");
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertThat(offer(arp)).isFalse();
        final byte[] tcp = frame(false, GROUP_1, 12345, "x");
        tcp[14 + 9] = 6;
        assertThat(offer(tcp)).isFalse();
        final byte[] fragment = frame(false, GROUP_1, 12345, "x");
        fragment[14 + 6] = 0x20;
        assertThat(offer(fragment)).isFalse();
        assertThat(filter.framesIgnored()).isEqualTo(5);
        assertThat(delivered).isEmpty();
    }

    @Test
    void countsFramesWhoseHeadersContradictTheirLengthAsMalformed()
    {
        final byte[] good = frame(false, GROUP_1, 12345, "payload");
        assertThat(offer(java.util.Arrays.copyOf(good, 30))).isFalse();
        final byte[] ipTooLong = good.clone();
        ipTooLong[14 + 2] = 0x7F;
        assertThat(offer(ipTooLong)).isFalse();
        final byte[] udpTooLong = good.clone();
        udpTooLong[14 + 20 + 4] = 0x7F;
        assertThat(offer(udpTooLong)).isFalse();
        final byte[] badIhl = good.clone();
        badIhl[14] = 0x41;
        assertThat(offer(badIhl)).isFalse();
        assertThat(filter.framesMalformed()).isEqualTo(4);
        assertThat(delivered).isEmpty();
    }
}
