package io.wirebook.rx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.wirebook.counters.HandlerCounters;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.wirebook.rx.TestFrames.IP_CHECKSUM;
import static io.wirebook.rx.TestFrames.IP_HEADER;
import static io.wirebook.rx.TestFrames.IP_TTL;
import static io.wirebook.rx.TestFrames.UDP_HEADER;
import static io.wirebook.rx.TestFrames.ipAt;
import static org.assertj.core.api.Assertions.assertThat;

class FrameFilterTest
{
    private static final String LINE_A = "wbh-a";
    private static final String LINE_B = "wbh-b";
    private static final int GROUP_1 = Channel.parseIpv4("239.1.1.1");
    private static final int GROUP_2 = Channel.parseIpv4("239.1.1.2");
    private static final int GROUP_B = Channel.parseIpv4("239.1.2.1");
    private static final int SOURCE = Channel.parseIpv4("198.18.0.1");
    private static final int SOURCE_B = Channel.parseIpv4("198.18.1.1");
    private static final int SOURCE_PORT = 12344;
    private static final int OTHER_GROUP = Channel.parseIpv4("239.1.1.9");

    /** Flow 0: group 1 from the exchange's address and port; flow 1: group 2 from anyone; flow 2: line B. */
    private static final List<Flow> FLOWS = List.of(
        new Flow(0, Flow.LINE_A, new Channel(GROUP_1, 12345), SOURCE, SOURCE_PORT, LINE_A, 0),
        new Flow(1, Flow.LINE_A, new Channel(GROUP_2, 12345), Flow.ANY_SOURCE, Flow.ANY_PORT, LINE_A, 0),
        new Flow(0, Flow.LINE_B, new Channel(GROUP_B, 12345), SOURCE_B, SOURCE_PORT, LINE_B, 0));

    private final FrameFilter filter = filterOn(LINE_A);
    private final List<String> delivered = new ArrayList<>();
    private final DatagramHandler handler = (channel, buffer, offset, length, arrival) ->
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(offset, payload);
        delivered.add(channel + ":" + new String(payload) + "@" + arrival);
    };

    private static byte[] frame(final boolean vlan, final int destination, final int port, final String payload)
    {
        final TestFrames frame = TestFrames.to(destination, port).payload(payload);
        return (vlan ? frame.vlan() : frame).build();
    }

    private boolean offer(final byte[] frame)
    {
        return offer(filter, frame);
    }

    private boolean offer(final FrameFilter to, final byte[] frame)
    {
        return to.onFrame(new UnsafeBuffer(frame), 0, frame.length, 42, handler);
    }

    private long totalRejected()
    {
        long total = 0;
        for (int reason = 0; reason < FrameFilter.reasonCount(); reason++)
        {
            total += filter.counters().rejected(reason);
        }
        return total;
    }

    @Test
    void handsOnTheUdpPayloadOfAConfiguredFlowWithItsChannel()
    {
        assertThat(offer(frame(false, GROUP_2, 12345, "hello"))).isTrue();
        assertThat(offer(frame(true, GROUP_1, 12345, "tagged, odd"))).isTrue();
        assertThat(delivered).containsExactly("1:hello@42", "0:tagged, odd@42");
        assertThat(filter.counters().framesAccepted()).isEqualTo(2);
        assertThat(totalRejected()).isZero();
    }

    @Test
    void ignoresOtherFlowsAndProtocols()
    {
        assertThat(offer(frame(false, GROUP_1, 9999, "other port"))).isFalse();
        assertThat(offer(frame(false, OTHER_GROUP, 12345, "other group"))).isFalse();
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
        assertThat(filter.counters().framesIgnored()).isEqualTo(5);
        assertThat(delivered).isEmpty();
        assertThat(totalRejected()).as("not ours is not a rejection").isZero();
    }

    @Test
    void countsFramesWhoseHeadersContradictTheirLengthAsMalformed()
    {
        final byte[] good = frame(false, GROUP_1, 12345, "payload");
        assertThat(offer(Arrays.copyOf(good, 30))).isFalse();
        final byte[] ipTooLong = good.clone();
        ipTooLong[14 + 2] = 0x7F;
        assertThat(offer(ipTooLong)).isFalse();
        final byte[] udpTooLong = good.clone();
        udpTooLong[14 + 20 + 4] = 0x7F;
        assertThat(offer(udpTooLong)).isFalse();
        final byte[] badIhl = good.clone();
        badIhl[14] = 0x41;
        assertThat(offer(badIhl)).isFalse();
        assertThat(filter.counters().rejected(FrameFilter.MALFORMED_FRAME)).isEqualTo(4);
        assertThat(delivered).isEmpty();
    }

    @Test
    void rejectsAFrameCutShortInsideItsDatagram()
    {
        final byte[] good = frame(true, GROUP_1, 12345, "a longer payload");
        assertThat(offer(Arrays.copyOf(good, good.length - 3))).isFalse();
        assertThat(offer(Arrays.copyOf(good, ipAt(true) + IP_HEADER + UDP_HEADER / 2))).isFalse();
        assertThat(filter.counters().rejected(FrameFilter.MALFORMED_FRAME)).isEqualTo(2);
        assertThat(delivered).isEmpty();
    }

    @Test
    void rejectsADatagramFromAnotherSourceAddress()
    {
        final byte[] forged = TestFrames.to(GROUP_1, 12345).from(Channel.parseIpv4("198.18.0.66"), SOURCE_PORT)
            .build();
        assertThat(offer(forged)).isFalse();
        assertThat(filter.counters().rejected(FrameFilter.WRONG_SOURCE)).isEqualTo(1);
        assertThat(totalRejected()).isEqualTo(1);
        assertThat(delivered).isEmpty();
    }

    @Test
    void rejectsADatagramFromAnotherSourcePort()
    {
        final byte[] forged = TestFrames.to(GROUP_1, 12345).from(SOURCE, 40000).vlan().build();
        assertThat(offer(forged)).isFalse();
        assertThat(filter.counters().rejected(FrameFilter.WRONG_SOURCE_PORT)).isEqualTo(1);
        assertThat(totalRejected()).isEqualTo(1);
        assertThat(delivered).isEmpty();
    }

    @Test
    void aFlowFromAnySourceTakesEverySourceAndPort()
    {
        assertThat(offer(TestFrames.to(GROUP_2, 12345).from(Channel.parseIpv4("10.9.8.7"), 1).payload("p")
            .build())).isTrue();
        assertThat(delivered).containsExactly("1:p@42");
    }

    @Test
    void rejectsABadIpHeaderChecksum()
    {
        final byte[] forged = frame(false, GROUP_1, 12345, "payload");
        forged[ipAt(false) + IP_TTL]++;
        assertThat(offer(forged)).isFalse();
        final byte[] tagged = frame(true, GROUP_1, 12345, "payload");
        tagged[ipAt(true) + IP_CHECKSUM] ^= 0x10;
        assertThat(offer(tagged)).isFalse();
        assertThat(filter.counters().rejected(FrameFilter.BAD_IP_CHECKSUM)).isEqualTo(2);
        assertThat(totalRejected()).isEqualTo(2);
        assertThat(delivered).isEmpty();
    }

    @Test
    void rejectsABadUdpChecksum()
    {
        final byte[] corrupt = frame(false, GROUP_1, 12345, "payload");
        corrupt[corrupt.length - 1] ^= 0x01;
        assertThat(offer(corrupt)).isFalse();
        final byte[] odd = frame(true, GROUP_2, 12345, "odd");
        odd[odd.length - 2] ^= 0x40;
        assertThat(offer(odd)).isFalse();
        assertThat(filter.counters().rejected(FrameFilter.BAD_UDP_CHECKSUM)).isEqualTo(2);
        assertThat(totalRejected()).isEqualTo(2);
        assertThat(delivered).isEmpty();
    }

    @Test
    void acceptsADatagramWithoutUdpChecksumAndCountsIt()
    {
        assertThat(offer(TestFrames.to(GROUP_1, 12345).withoutUdpChecksum().payload("none").build())).isTrue();
        assertThat(offer(TestFrames.to(GROUP_1, 12345).withoutUdpChecksum().vlan().payload("tag").build())).isTrue();
        assertThat(delivered).containsExactly("0:none@42", "0:tag@42");
        assertThat(filter.counters().udpChecksumAbsent()).isEqualTo(2);
        assertThat(totalRejected()).isZero();
    }

    @Test
    void trustsChecksumsTheNicVerifiedButStillChecksTheSource()
    {
        final byte[] corrupt = frame(false, GROUP_1, 12345, "nic says ok");
        corrupt[corrupt.length - 1] ^= 0x01;
        corrupt[ipAt(false) + IP_TTL]++;
        assertThat(filter.onFrame(new UnsafeBuffer(corrupt), 0, corrupt.length, 7, true, handler)).isTrue();
        final byte[] forged = TestFrames.to(GROUP_1, 12345).from(Channel.parseIpv4("198.18.0.66"), SOURCE_PORT)
            .build();
        assertThat(filter.onFrame(new UnsafeBuffer(forged), 0, forged.length, 7, true, handler)).isFalse();
        assertThat(delivered).hasSize(1);
        assertThat(filter.counters().rejected(FrameFilter.WRONG_SOURCE)).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheFlowsOfItsInterfaceWithTheirIndexes()
    {
        final FrameFilter lineB = filterOn(LINE_B);
        assertThat(offer(lineB, TestFrames.to(GROUP_B, 12345).from(SOURCE_B, SOURCE_PORT).payload("b").build()))
            .isTrue();
        assertThat(offer(lineB, frame(false, GROUP_1, 12345, "line A's group"))).isFalse();
        assertThat(offer(filter, TestFrames.to(GROUP_B, 12345).from(SOURCE_B, SOURCE_PORT).build())).isFalse();
        assertThat(delivered).containsExactly("2:b@42");
        assertThat(lineB.counters().framesIgnored()).isEqualTo(1);
        assertThat(filter.counters().framesIgnored()).isEqualTo(1);
    }

    @Test
    void namesEveryReasonInLowerSnakeCaseAndAddsThemAsRejectedCounters()
    {
        final Set<String> names = new HashSet<>();
        for (int reason = 0; reason < FrameFilter.reasonCount(); reason++)
        {
            assertThat(FrameFilter.reasonName(reason)).matches("[a-z]+(_[a-z]+)*");
            names.add(FrameFilter.reasonName(reason));
        }
        assertThat(names).contains("wrong_source", "wrong_source_port", "bad_ip_checksum", "bad_udp_checksum",
            "malformed_frame").hasSize(FrameFilter.reasonCount());

        final HandlerCounters counters = HandlerCounters.inMemory(16);
        final FilterCounters shared = new FilterCounters(counters);
        final FrameFilter lineA = new FrameFilter(FLOWS, LINE_A, shared);
        final FrameFilter lineB = new FrameFilter(FLOWS, LINE_B, shared);
        offer(lineA, TestFrames.to(GROUP_1, 12345).from(SOURCE, 1).build());
        offer(lineB, TestFrames.to(GROUP_B, 12345).from(SOURCE_B, 2).build());
        offer(lineB, TestFrames.to(GROUP_B, 12345).from(SOURCE, SOURCE_PORT).build());
        assertThat(counters.values()).containsEntry("path.rejected.wrong_source_port", 2L)
            .containsEntry("path.rejected.wrong_source", 1L).containsEntry("path.rejected.bad_ip_checksum", 0L)
            .containsEntry("path.frames_accepted", 0L).containsEntry("path.frames_ignored", 0L)
            .containsEntry("path.udp_checksum_absent", 0L).hasSize(3 + FrameFilter.reasonCount());
    }

    @Property(tries = 300)
    void aMangledFrameIsCountedOnceAndNeverThrows(
        @ForAll @IntRange(min = 0, max = 60) final int cut, @ForAll @IntRange(min = 0, max = 59) final int at,
        @ForAll final byte value, @ForAll final boolean vlan)
    {
        final FrameFilter fresh = filterOn(LINE_A);
        final byte[] good = frame(vlan, GROUP_1, 12345, "sixteen bytes..!");
        final byte[] mangled = Arrays.copyOf(good, Math.max(0, good.length - cut));
        if (at < mangled.length)
        {
            mangled[at] = value;
        }
        fresh.onFrame(new UnsafeBuffer(mangled), 0, mangled.length, 1, handler);
        long rejected = 0;
        for (int reason = 0; reason < FrameFilter.reasonCount(); reason++)
        {
            rejected += fresh.counters().rejected(reason);
        }
        assertThat(fresh.counters().framesAccepted() + fresh.counters().framesIgnored() + rejected).isEqualTo(1);
    }

    @Property(tries = 300)
    void theChecksumsAgreeWithAPlainSixteenBitSumForEveryPayloadLength(
        @ForAll @IntRange(min = 0, max = 1472) final int length, @ForAll final long seed, @ForAll final boolean vlan,
        @ForAll @IntRange(min = 0, max = 1 << 20) final int bit)
    {
        final Random random = new Random(seed);
        final char[] text = new char[length];
        for (int i = 0; i < length; i++)
        {
            text[i] = (char)(random.nextInt(95) + 32);
        }
        final TestFrames builder = TestFrames.to(GROUP_1, 12345).payload(new String(text));
        final byte[] good = (vlan ? builder.vlan() : builder).build();
        final FrameFilter fresh = filterOn(LINE_A);
        assertThat(offer(fresh, good)).isTrue();
        if (length > 0)
        {
            final byte[] flipped = good.clone();
            final int at = good.length - length + (bit >>> 3) % length;
            flipped[at] ^= (byte)(1 << (bit & 7));
            assertThat(offer(fresh, flipped)).isFalse();
            assertThat(fresh.counters().rejected(FrameFilter.BAD_UDP_CHECKSUM)).isEqualTo(1);
        }
    }

    /** A filter with counters of its own. */
    private static FrameFilter filterOn(final String interfaceName)
    {
        return new FrameFilter(FLOWS, interfaceName, new FilterCounters(HandlerCounters.inMemory(16)));
    }
}
