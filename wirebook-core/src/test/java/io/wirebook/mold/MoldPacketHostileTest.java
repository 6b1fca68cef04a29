package io.wirebook.mold;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.wirebook.mold.PacketBuilder.SESSION_A;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packets an attacker or a broken sender could produce: one whose framing is wrong is rejected whole, a message ITCH
 * 5.0 does not know is skipped and counted alone, and nothing throws.
 */
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
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1)
                .block(19, ItchMessages.ORDER_DELETE, 18).wrap().validate())
            .isEqualTo(MoldPacket.LENGTH_OVERRUN);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 2)
            .message(ItchMessages.ORDER_DELETE).block(0xFFFF, ItchMessages.ADD_ORDER, 36).wrap().validate())
            .isEqualTo(MoldPacket.LENGTH_OVERRUN);
    }

    @Test
    void zeroLengthMessage()
    {
        assertThat(new PacketBuilder().header(SESSION_A, 1, 2)
                .message(ItchMessages.ORDER_DELETE).prefix(0).wrap().validate())
            .isEqualTo(MoldPacket.EMPTY_MESSAGE);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1).prefix(0).wrap().validate())
            .isEqualTo(MoldPacket.EMPTY_MESSAGE);
    }

    @Test
    void unknownMessageTypeIsSkippedAndCounted()
    {
        final MoldPacket alone = new PacketBuilder().header(SESSION_A, 1, 1).block(19, (byte)'Z', 19).wrap();
        assertThat(alone.validate()).isEqualTo(MoldPacket.VALID);
        assertThat(alone.forEachMessage(0, FAIL)).isZero();
        assertThat(alone.skippedUnknownTypes()).isEqualTo(1);
        assertThat(alone.skippedBadLengths()).isZero();

        final MoldPacket afterAnAdd = new PacketBuilder().header(SESSION_A, 1, 2)
            .message(ItchMessages.ADD_ORDER).block(36, (byte)0xC1, 36).wrap();
        assertThat(afterAnAdd.validate()).isEqualTo(MoldPacket.VALID);
        assertThat(types(afterAnAdd, 0)).containsExactly(ItchMessages.ADD_ORDER);
        assertThat(afterAnAdd.skippedUnknownTypes()).isEqualTo(1);
        assertThat(afterAnAdd.skippedBadLengths()).isZero();
    }

    @Test
    void wrongLengthForTypeIsSkippedAndCounted()
    {
        for (final MoldPacket packet : new MoldPacket[]{
            new PacketBuilder().header(SESSION_A, 1, 1).block(20, ItchMessages.ORDER_DELETE, 20).wrap(),
            new PacketBuilder().header(SESSION_A, 1, 1).block(35, ItchMessages.ADD_ORDER, 35).wrap()})
        {
            assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
            assertThat(packet.forEachMessage(0, FAIL)).isZero();
            assertThat(packet.skippedBadLengths()).isEqualTo(1);
            assertThat(packet.skippedUnknownTypes()).isZero();
        }
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
        assertThat(new PacketBuilder().header(SESSION_A, 1, 2)
                .message(ItchMessages.ORDER_DELETE).raw(0).wrap().validate())
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
        assertThat(new PacketBuilder().header(SESSION_A, 1, 1)
                .message(ItchMessages.ORDER_DELETE).raw(0x42).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
        assertThat(new PacketBuilder().header(SESSION_A, 1, 0).raw(0, 0, 0, 0).wrap().validate())
            .isEqualTo(MoldPacket.COUNT_MISMATCH);
    }

    @Test
    void oneBadMessageCostsOnlyItselfAndStillConsumesItsSequenceNumber()
    {
        final MoldPacket packet = new PacketBuilder().header(SESSION_A, 1, 5)
            .message(ItchMessages.ADD_ORDER)
            .block(20, ItchMessages.ORDER_DELETE, 20)
            .message(ItchMessages.ORDER_EXECUTED)
            .block(19, (byte)'z', 19)
            .message(ItchMessages.ORDER_CANCEL)
            .wrap();
        assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);

        assertThat(types(packet, 0)).containsExactly(
            ItchMessages.ADD_ORDER, ItchMessages.ORDER_EXECUTED, ItchMessages.ORDER_CANCEL);
        assertThat(packet.skippedBadLengths()).isEqualTo(1);
        assertThat(packet.skippedUnknownTypes()).isEqualTo(1);

        // Messages before the skip are neither delivered nor counted: each message of the stream counts once.
        assertThat(types(packet, 2)).containsExactly(ItchMessages.ORDER_EXECUTED, ItchMessages.ORDER_CANCEL);
        assertThat(packet.skippedBadLengths()).isZero();
        assertThat(packet.skippedUnknownTypes()).isEqualTo(1);
        assertThat(types(packet, 4)).containsExactly(ItchMessages.ORDER_CANCEL);
        assertThat(packet.skippedUnknownTypes()).isZero();
    }

    @Test
    void aMessageOfTheWrongLengthNeverReachesABookEvenUnvalidated()
    {
        final PacketBuilder builder = new PacketBuilder().header(SESSION_A, 1, 3);
        final int add = builder.length + MoldUDP64.MESSAGE_LENGTH_PREFIX;
        final int addLength = ItchWriter.addOrder(builder.buffer, add, 1, 0, 0, 7, (byte)'B', 100, 0, 5_000);
        builder.prefix(addLength);
        builder.length += addLength;
        // A Delete of that order, one byte too long.
        final int delete = builder.length + MoldUDP64.MESSAGE_LENGTH_PREFIX;
        final int deleteLength = ItchWriter.orderDelete(builder.buffer, delete, 1, 0, 0, 7) + 1;
        builder.prefix(deleteLength);
        builder.length += deleteLength;
        builder.message(ItchMessages.SYSTEM_EVENT);

        for (final boolean validated : new boolean[]{true, false})
        {
            final Books books = new Books(4, 16);
            final BookUpdater updater = new BookUpdater(books);
            final ItchReader reader = new ItchReader();
            final MoldPacket packet = builder.wrap();
            if (validated)
            {
                assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
            }
            final int delivered = packet.forEachMessage(0, (b, offset, length) ->
                assertThat(reader.read(b, offset, length, updater)).isEqualTo(ItchReader.OK));
            assertThat(delivered).isEqualTo(2);
            assertThat(packet.skippedBadLengths()).isEqualTo(1);
            assertThat(books.orderCount()).as("validated: %s", validated).isEqualTo(1);
            assertThat(books.book(1).bidShares(0)).isEqualTo(100);
            assertThat(updater.rejectedMessages()).isZero();
        }
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
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    private static final MoldMessageHandler FAIL = (buffer, offset, length) ->
    {
        throw new AssertionError("no message may be delivered");
    };

    private static List<Byte> types(final MoldPacket packet, final int skip)
    {
        final List<Byte> types = new ArrayList<>();
        packet.forEachMessage(skip, (b, offset, length) -> types.add(b.getByte(offset)));
        return types;
    }

    /**
     * Validates {@code bytes} laid in a buffer of exactly their size, so any read past the packet throws. Only
     * well-formed ITCH messages are ever delivered. When the packet is valid, walking it must deliver or skip Message
     * Count messages, and when it skips none they fill it exactly.
     */
    private static int checkConsistent(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MoldPacket packet = new MoldPacket();
        packet.wrap(buffer, 0, bytes.length);

        final int result = packet.validate();

        assertThat(result).isBetween(MoldPacket.VALID, MoldPacket.EMPTY_MESSAGE);
        final int[] covered = {MoldUDP64.HEADER_LENGTH};
        final int delivered = packet.forEachMessage(0, (b, offset, length) ->
        {
            assertThat(ItchReader.check(b, offset, length)).isEqualTo(ItchReader.OK);
            assertThat(offset + length).isLessThanOrEqualTo(bytes.length);
            covered[0] += MoldUDP64.MESSAGE_LENGTH_PREFIX + length;
        });
        if (result == MoldPacket.VALID)
        {
            final int skipped = packet.skippedUnknownTypes() + packet.skippedBadLengths();
            final int expected = packet.isHeartbeat() || packet.isEndOfSession() ? 0 : packet.messageCount();
            assertThat(delivered + skipped).isEqualTo(expected);
            if (skipped == 0)
            {
                assertThat(covered[0]).isEqualTo(bytes.length);
            }
        }
        return result;
    }
}
