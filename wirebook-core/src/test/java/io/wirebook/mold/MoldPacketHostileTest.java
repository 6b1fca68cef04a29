package io.wirebook.mold;

import static io.wirebook.mold.PacketBuilder.SESSION_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Packets an attacker or a broken sender could produce: each is rejected whole, and nothing throws. */
class MoldPacketHostileTest
{
    @Test
    void truncatedHeader()
    {
        final PacketBuilder builder = new PacketBuilder().header(SESSION_A, 1, 1).message(ItchMessages.ORDER_DELETE);
        for (int length = 0; length < MoldUDP64.HEADER_LENGTH; length++)
        {
            builder.length = length;
            assertThat(builder.wrap().validate()).isEqualTo(MoldPacket.TRUNCATED_HEADER);
        }
    }

    @Test
    void lengthPrefixOverrunningThePacket()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).block(19, ItchMessages.ORDER_DELETE, 18).wrap().validate())
            .isEqualTo(MoldPacket.LENGTH_OVERRUN);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 2)
            .message(ItchMessages.ORDER_DELETE).block(0xFFFF, ItchMessages.ADD_ORDER, 36).wrap().validate())
            .isEqualTo(MoldPacket.LENGTH_OVERRUN);
    }

    @Test
    void zeroLengthMessage()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 2).message(ItchMessages.ORDER_DELETE).prefix(0).wrap().validate())
            .isEqualTo(MoldPacket.EMPTY_MESSAGE);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).prefix(0).wrap().validate())
            .isEqualTo(MoldPacket.EMPTY_MESSAGE);
    }

    @Test
    void unknownMessageType()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).block(19, (byte)'Z', 19).wrap().validate())
            .isEqualTo(MoldPacket.UNKNOWN_MESSAGE_TYPE);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 2)
            .message(ItchMessages.ADD_ORDER).block(36, (byte)0xC1, 36).wrap().validate())
            .isEqualTo(MoldPacket.UNKNOWN_MESSAGE_TYPE);
    }

    @Test
    void wrongLengthForType()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).block(20, ItchMessages.ORDER_DELETE, 20).wrap().validate())
            .isEqualTo(MoldPacket.BAD_MESSAGE_LENGTH);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).block(35, ItchMessages.ADD_ORDER, 35).wrap().validate())
            .isEqualTo(MoldPacket.BAD_MESSAGE_LENGTH);
    }

    @Test
    void fewerMessagesThanCount()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 3)
            .message(ItchMessages.ORDER_DELETE).message(ItchMessages.ORDER_DELETE).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
        // Half a length prefix where the next block should start.
        assertThat(new PacketBuilder().header(SESSION_A, 1, 2).message(ItchMessages.ORDER_DELETE).raw(0).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
    }

    @Test
    void moreMessagesThanCount()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1)
            .message(ItchMessages.ORDER_DELETE).message(ItchMessages.ORDER_DELETE).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
    }

    @Test
    void trailingGarbage()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).message(ItchMessages.ORDER_DELETE).raw(0x42).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 0).raw(0, 0, 0, 0).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
    }

    @Test
    void oneBadMessageRejectsThePacketItSitsIn()
    {
        final MoldPacket packet = new PacketBuilder().header(SESSION_A, 1, 3)
            .message(ItchMessages.ADD_ORDER)
            .message(ItchMessages.ORDER_EXECUTED)
            .block(20, ItchMessages.ORDER_DELETE, 20)
            .wrap();
        assertThat(packet.validate()).isEqualTo(MoldPacket.BAD_MESSAGE_LENGTH);
    }

    @Property
    void randomBytesNeverThrowAndValidMeansConsistent(@ForAll @Size(max = 300) final byte[] bytes)
    {
        checkConsistent(bytes);
    }

    /** Random bytes behind a plausible header reach deeper into the block walk than pure noise does. */
    @Property
    void randomBlocksBehindAHeaderNeverThrow(
        @ForAll @IntRange(max = 6) final int count,
        @ForAll("blocks") final byte[] blocks)
    {
        final byte[] bytes = new byte[MoldUDP64.HEADER_LENGTH + blocks.length];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        MoldUDP64.header(buffer, 0, SESSION_A, 1, count);
        buffer.putBytes(MoldUDP64.HEADER_LENGTH, blocks);
        checkConsistent(bytes);
    }

    /** A well-formed packet cut short or extended is never valid. */
    @Property
    void truncatedOrExtendedPacketsAreRejected(
        @ForAll @IntRange(min = 1, max = 5) final int count,
        @ForAll @IntRange(min = 1, max = 200) final int cut,
        @ForAll @Size(min = 1, max = 40) final byte[] tail)
    {
        final PacketBuilder builder = new PacketBuilder().header(SESSION_A, 1, count);
        for (int i = 0; i < count; i++)
        {
            builder.message(i % 2 == 0 ? ItchMessages.ADD_ORDER : ItchMessages.ORDER_CANCEL);
        }
        final int length = builder.length;
        assertThat(builder.wrap().validate()).isEqualTo(MoldPacket.VALID);

        final byte[] truncated = new byte[Math.max(0, length - cut)];
        builder.buffer.getBytes(0, truncated);
        assertThat(checkConsistent(truncated)).isNotEqualTo(MoldPacket.VALID);

        final byte[] extended = new byte[length + tail.length];
        builder.buffer.getBytes(0, extended, 0, length);
        System.arraycopy(tail, 0, extended, length, tail.length);
        assertThat(checkConsistent(extended)).isEqualTo(MoldPacket.COUNT_MISMATCH);
    }

    /** One flipped byte anywhere in a valid packet: no exception, and if still valid, still self-consistent. */
    @Property
    void corruptedPacketsNeverThrow(
        @ForAll @IntRange(min = 1, max = 5) final int count,
        @ForAll @IntRange(max = 1000) final int where,
        @ForAll final byte value)
    {
        final PacketBuilder builder = new PacketBuilder().header(SESSION_A, 1, count);
        for (int i = 0; i < count; i++)
        {
            builder.message(i % 2 == 0 ? ItchMessages.TRADE : ItchMessages.ORDER_REPLACE);
        }
        final byte[] bytes = new byte[builder.length];
        builder.buffer.getBytes(0, bytes);
        bytes[where % bytes.length] = value;
        checkConsistent(bytes);
    }

    @Provide
    Arbitrary<byte[]> blocks()
    {
        // Bias towards small lengths and real type letters so that some blocks are well-formed.
        final Arbitrary<byte[]> block = Arbitraries.oneOf(
            Arbitraries.of(ItchMessages.ORDER_DELETE, ItchMessages.ADD_ORDER, (byte)'Z', (byte)0).map(type ->
            {
                final int length = ItchMessages.lengthOf(type) == 0 ? 19 : ItchMessages.lengthOf(type);
                final byte[] b = new byte[2 + length];
                b[0] = (byte)(length >> 8);
                b[1] = (byte)length;
                b[2] = type;
                return b;
            }),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(50));
        return block.list().ofMaxSize(6).map(list ->
        {
            final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            list.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /**
     * Validates {@code bytes} laid in a buffer of exactly their size, so any read past the packet throws. When the
     * packet is valid, walking it must deliver Message Count well-formed messages that fill it exactly.
     */
    private static int checkConsistent(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MoldPacket packet = new MoldPacket();
        packet.wrap(buffer, 0, bytes.length);

        final int result = packet.validate();

        assertThat(result).isBetween(MoldPacket.VALID, MoldPacket.BAD_MESSAGE_LENGTH);
        final int[] covered = {MoldUDP64.HEADER_LENGTH};
        final int delivered = packet.forEachMessage(0, (b, offset, length) ->
        {
            if (result == MoldPacket.VALID)
            {
                assertThat(ItchReader.check(b, offset, length)).isEqualTo(ItchReader.OK);
            }
            assertThat(offset + length).isLessThanOrEqualTo(bytes.length);
            covered[0] += MoldUDP64.MESSAGE_LENGTH_PREFIX + length;
        });
        if (result == MoldPacket.VALID)
        {
            final int expected = packet.isHeartbeat() || packet.isEndOfSession() ? 0 : packet.messageCount();
            assertThat(delivered).isEqualTo(expected);
            assertThat(covered[0]).isEqualTo(bytes.length);
        }
        return result;
    }
}
