package io.wirebook.tx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.FilterCounters;
import io.wirebook.rx.Flow;
import io.wirebook.rx.FrameFilter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames the builder writes pass {@link FrameFilter}'s checks (lengths, both checksums, source) on the far side. */
class UdpFrameBuilderTest
{
    private static final int HOST = Channel.parseIpv4("198.18.0.2");
    private static final int EXCHANGE = Channel.parseIpv4("198.18.0.1");
    private static final long HOST_MAC = UdpEndpoint.parseMac("02:00:00:00:00:02");
    private static final long EXCHANGE_MAC = UdpEndpoint.parseMac("02:00:00:00:00:01");

    private final List<String> delivered = new ArrayList<>();

    private FrameFilter filterFor(final int destination, final int port, final int source, final int sourcePort)
    {
        final Flow flow = new Flow(0, Flow.LINE_A, new Channel(destination, port), source, sourcePort, "if0", 0);
        return new FrameFilter(List.of(flow), "if0", new FilterCounters(HandlerCounters.inMemory()));
    }

    private boolean offer(final FrameFilter filter, final UnsafeBuffer frame, final int length)
    {
        return filter.onFrame(frame, 0, length, 0, (channel, buffer, offset, size, arrival) ->
        {
            final byte[] payload = new byte[size];
            buffer.getBytes(offset, payload);
            delivered.add(new String(payload, StandardCharsets.US_ASCII));
        });
    }

    @Test
    void writesAFrameWhoseChecksumsAndAddressesTheReceiverAccepts()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final byte[] payload = "order 17, odd length".getBytes(StandardCharsets.US_ASCII);
        frame.putBytes(UdpFrameBuilder.HEADERS_LENGTH, payload);
        final UdpEndpoint to = new UdpEndpoint().set(EXCHANGE, 15000, EXCHANGE_MAC);

        final int length = new UdpFrameBuilder(HOST_MAC, HOST, 12350).write(frame, 0, to, payload.length);

        assertThat(length).isEqualTo(UdpFrameBuilder.HEADERS_LENGTH + payload.length);
        final FrameFilter exchange = filterFor(EXCHANGE, 15000, HOST, 12350);
        assertThat(offer(exchange, frame, length)).isTrue();
        assertThat(delivered).containsExactly("order 17, odd length");
        final UdpEndpoint source = new UdpEndpoint();
        UdpFrameBuilder.source(frame, 0, source);
        assertThat(source.address()).isEqualTo(HOST);
        assertThat(source.port()).isEqualTo(12350);
        assertThat(source.mac()).isEqualTo(HOST_MAC);
    }

    @Test
    void turnsAReceivedFrameAroundInPlaceWithFreshChecksums()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final byte[] payload = "ping".getBytes(StandardCharsets.US_ASCII);
        frame.putBytes(UdpFrameBuilder.HEADERS_LENGTH, payload);
        final int requestLength = new UdpFrameBuilder(EXCHANGE_MAC, EXCHANGE, 40000)
            .write(frame, 0, new UdpEndpoint().set(HOST, 12350, HOST_MAC), payload.length);
        assertThat(offer(filterFor(HOST, 12350, EXCHANGE, 40000), frame, requestLength)).isTrue();

        final int payloadOffset = UdpFrameBuilder.payloadOffset(frame, 0);
        frame.putBytes(payloadOffset, "pong!".getBytes(StandardCharsets.US_ASCII));
        final int replyLength = new UdpFrameBuilder(HOST_MAC, HOST, 12350).turnAround(frame, 0, 5);

        assertThat(replyLength).isEqualTo(requestLength + 1);
        assertThat(offer(filterFor(EXCHANGE, 40000, HOST, 12350), frame, replyLength)).isTrue();
        assertThat(delivered).containsExactly("ping", "pong!");
        final UdpEndpoint source = new UdpEndpoint();
        UdpFrameBuilder.source(frame, 0, source);
        assertThat(source.mac()).isEqualTo(HOST_MAC);
    }

    @Test
    void aComputedUdpChecksumOfZeroGoesOutAsAllOnes()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final UdpFrameBuilder builder = new UdpFrameBuilder(HOST_MAC, HOST, 1);
        final UdpEndpoint to = new UdpEndpoint().set(EXCHANGE, 2, EXCHANGE_MAC);
        // Search two payload bytes for the value that makes the one's complement sum all ones: checksum 0.
        for (int value = 0; value <= 0xFFFF; value++)
        {
            frame.putShort(UdpFrameBuilder.HEADERS_LENGTH, (short)value);
            final int length = builder.write(frame, 0, to, 2);
            final int checksum = frame.getShort(UdpFrameBuilder.HEADERS_LENGTH - 2) & 0xFFFF;
            assertThat(checksum).isNotZero();
            if (checksum == 0xFFFF)
            {
                assertThat(offer(filterFor(EXCHANGE, 2, HOST, 1), frame, length)).isTrue();
                return;
            }
        }
        throw new AssertionError("no payload gave a computed checksum of zero");
    }
}
