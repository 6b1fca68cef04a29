package io.wirebook.feed;

import java.util.ArrayList;
import java.util.List;

import io.wirebook.itch.ItchMessages;
import io.wirebook.mold.MoldPacket;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages packetized by MoldPacketizer come out of MoldPacket and the channel sequencer unchanged, in order, once.
 */
class MoldRoundTripPropertyTest
{
    private static final byte[] TYPES =
        {'S', 'R', 'H', 'Y', 'L', 'V', 'W', 'K', 'J', 'h', 'A', 'F', 'E', 'C', 'X', 'D',
         'U', 'P', 'Q', 'B', 'I', 'N', 'O'};
    /** Largest ITCH 5.0 message (NOII) in a block: every max size generated can carry any message. */
    private static final int MIN_MAX_PACKET = MoldUDP64.HEADER_LENGTH + 2 + 50;

    @Property(tries = 300)
    void packetizeThenReadBack(
        @ForAll("messages") final List<byte[]> messages,
        @ForAll @IntRange(min = MIN_MAX_PACKET, max = 9000) final int maxPacketLength,
        @ForAll @LongRange(min = 1, max = 1L << 48) final long firstSequenceNumber)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[maxPacketLength]);
        final MoldPacketizer packetizer = new MoldPacketizer(SequencerPackets.SESSION, buffer, maxPacketLength);
        final List<byte[]> packets = new ArrayList<>();

        packetizer.reset(firstSequenceNumber);
        for (final byte[] message : messages)
        {
            if (!packetizer.fits(message.length))
            {
                // Greedy packing: only send a packet when the next message would not fit.
                assertThat(packetizer.messageCount()).isPositive();
                assertThat(packetizer.length() + 2 + message.length).isGreaterThan(maxPacketLength);
                packets.add(copy(buffer, packetizer.length()));
                packetizer.reset(packetizer.nextSequenceNumber());
            }
            final int at = packetizer.beginMessage();
            buffer.putBytes(at, message);
            packetizer.commitMessage(message.length);
            assertThat(packetizer.messageOffset(packetizer.messageCount() - 1)).isEqualTo(at);
        }
        if (packetizer.messageCount() > 0)
        {
            packets.add(copy(buffer, packetizer.length()));
        }
        assertThat(packetizer.nextSequenceNumber()).isEqualTo(firstSequenceNumber + messages.size());

        final MoldPacket packet = new MoldPacket();
        final List<byte[]> received = new ArrayList<>();
        final ChannelSequencer session = new ChannelSequencer(RecoveryConfig.DEFAULTS, new RecordingSequencerHandler()
        {
            @Override
            public void onMessages(final MoldPacket packet, final int skip, final int source, final boolean delayed)
            {
                assertThat(skip).isZero();
                final int delivered = packet.forEachMessage(skip, (b, offset, length) ->
                {
                    final byte[] message = new byte[length];
                    b.getBytes(offset, message);
                    received.add(message);
                });
                assertThat(delivered).isEqualTo(packet.messageCount());
            }
        }, false, false, false);
        long expectedSequence = firstSequenceNumber;
        for (final byte[] bytes : packets)
        {
            assertThat(bytes.length).isLessThanOrEqualTo(maxPacketLength);
            assertThat(packet.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isTrue();
            assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
            assertThat(packet.sequenceNumber()).isEqualTo(expectedSequence);
            expectedSequence += packet.messageCount();

            session.onPacket(packet, ChannelSequencer.SOURCE_LINE_A, 0);
        }

        assertThat(received).containsExactlyElementsOf(messages);
        assertThat(session.messagesLost()).isZero();
        assertThat(session.duplicates()).isZero();
        assertThat(session.hasSession()).isEqualTo(!messages.isEmpty());
        if (!messages.isEmpty())
        {
            assertThat(session.nextSequenceNumber()).isEqualTo(firstSequenceNumber + messages.size());
        }
    }

    @Provide
    Arbitrary<List<byte[]>> messages()
    {
        final Arbitrary<Byte> types = Arbitraries.integers().between(0, TYPES.length - 1).map(i -> TYPES[i]);
        return types.flatMap(type -> Arbitraries.bytes()
                .array(byte[].class)
                .ofSize(ItchMessages.lengthOf(type))
                .map(body ->
                {
                    body[0] = type;
                    return body;
                }))
            .list().ofMaxSize(400);
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
