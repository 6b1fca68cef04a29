package io.wirebook.mold;

import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchReader;
import io.wirebook.itch.ItchWriter;
import io.wirebook.itch.OrderDelete;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.wirebook.mold.PacketBuilder.SESSION_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoldPacketizerTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
    private final MoldPacket packet = new MoldPacket();

    @Test
    void headerIsValidAfterEveryMessage()
    {
        final MoldPacketizer packetizer = new MoldPacketizer(SESSION_A, buffer, 1400);
        packetizer.reset(5000);
        assertThat(packetizer.length()).isEqualTo(MoldUDP64.HEADER_LENGTH);
        assertThat(packetizer.nextSequenceNumber()).isEqualTo(5000);

        for (int i = 1; i <= 10; i++)
        {
            final int at = packetizer.beginMessage();
            packetizer.commitMessage(ItchWriter.orderDelete(buffer, at, 1, i, i, 100 + i));

            assertThat(packetizer.messageCount()).isEqualTo(i);
            assertThat(packetizer.messageOffset(i - 1)).isEqualTo(at);
            assertThat(packetizer.nextSequenceNumber()).isEqualTo(5000 + i);
            assertThat(packetizer.length()).isEqualTo(MoldUDP64.HEADER_LENGTH + i * (2 + 19));
            packet.wrap(buffer, 0, packetizer.length());
            assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
            assertThat(packet.messageCount()).isEqualTo(i);
            assertThat(packet.sequenceNumber()).isEqualTo(5000);
            assertThat(packet.sessionEquals(SESSION_A)).isTrue();
        }
    }

    @Test
    void fitsUpToTheLastByte()
    {
        final int max = MoldUDP64.HEADER_LENGTH + 2 * (2 + 19);
        final MoldPacketizer packetizer = new MoldPacketizer(SESSION_A, buffer, max);
        packetizer.reset(1);
        assertThat(packetizer.fits(0)).isFalse();
        assertThat(packetizer.fits(-1)).isFalse();

        assertThat(packetizer.fits(2 * 19 + 2)).isTrue();
        assertThat(packetizer.fits(2 * 19 + 3)).isFalse();
        packetizer.commitMessage(ItchWriter.orderDelete(buffer, packetizer.beginMessage(), 1, 1, 1, 1));
        assertThat(packetizer.fits(19)).isTrue();
        assertThat(packetizer.fits(20)).isFalse();
        packetizer.commitMessage(ItchWriter.orderDelete(buffer, packetizer.beginMessage(), 1, 1, 1, 2));
        assertThat(packetizer.length()).isEqualTo(max);
        assertThat(packetizer.fits(1)).isFalse();
        assertThatThrownBy(() -> packetizer.commitMessage(1)).isInstanceOf(IllegalStateException.class);
        assertThat(packetizer.messageCount()).isEqualTo(2);
    }

    @Test
    void resetStartsAnEmptyPacketAtTheGivenSequence()
    {
        final MoldPacketizer packetizer = new MoldPacketizer(SESSION_A, buffer, 200);
        packetizer.reset(1);
        packetizer.commitMessage(ItchWriter.orderDelete(buffer, packetizer.beginMessage(), 1, 1, 1, 1));
        packetizer.commitMessage(ItchWriter.orderDelete(buffer, packetizer.beginMessage(), 1, 1, 1, 2));

        packetizer.reset(packetizer.nextSequenceNumber());

        assertThat(packetizer.messageCount()).isZero();
        assertThat(packetizer.length()).isEqualTo(MoldUDP64.HEADER_LENGTH);
        assertThat(packetizer.firstSequenceNumber()).isEqualTo(3);
        packet.wrap(buffer, 0, packetizer.length());
        assertThat(packet.sequenceNumber()).isEqualTo(3);
        assertThat(packet.isHeartbeat()).isTrue();
        assertThatThrownBy(() -> packetizer.messageOffset(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void messageOffsetLetsThePublisherRestampJustBeforeSending()
    {
        final MoldPacketizer packetizer = new MoldPacketizer(SESSION_A, buffer, 1400);
        packetizer.reset(1);
        for (int i = 0; i < 3; i++)
        {
            packetizer.commitMessage(ItchWriter.orderDelete(buffer, packetizer.beginMessage(), 1, i, 0, i));
        }
        for (int i = 0; i < 3; i++)
        {
            ItchWriter.stampTimestamp(buffer, packetizer.messageOffset(i), 1_000_000L * (i + 1));
        }

        packet.wrap(buffer, 0, packetizer.length());
        assertThat(packet.validate()).isEqualTo(MoldPacket.VALID);
        final ItchReader reader = new ItchReader();
        final StringBuilder seen = new StringBuilder();
        final ItchListener listener = new ItchListener()
        {
            @Override
            public void onOrderDelete(final OrderDelete message)
            {
                seen.append(message.orderReferenceNumber()).append('@').append(message.timestamp()).append(' ');
            }
        };
        packet.forEachMessage(0, (b, offset, length) -> reader.read(b, offset, length, listener));
        assertThat(seen.toString()).isEqualTo("0@1000000 1@2000000 2@3000000 ");
    }

    @Test
    void countStopsShortOfTheEndOfSessionMarker()
    {
        final int max = MoldUDP64.HEADER_LENGTH + 3 * 0x10000;
        final MoldPacketizer packetizer = new MoldPacketizer(SESSION_A, new UnsafeBuffer(new byte[max]), max);
        packetizer.reset(1);
        while (packetizer.fits(1))
        {
            packetizer.buffer().putByte(packetizer.beginMessage(), ItchMessages.SYSTEM_EVENT);
            packetizer.commitMessage(1);
        }
        assertThat(packetizer.messageCount()).isEqualTo(MoldUDP64.MAX_MESSAGE_COUNT);
        packet.wrap(packetizer.buffer(), 0, packetizer.length());
        assertThat(packet.isEndOfSession()).isFalse();
        assertThat(packet.messageCount()).isEqualTo(0xFFFE);
    }

    @Test
    void rejectsBadConfiguration()
    {
        assertThatIllegalArgumentException().isThrownBy(() -> new MoldPacketizer(new byte[9], buffer, 1400));
        assertThatIllegalArgumentException().isThrownBy(() -> new MoldPacketizer(SESSION_A, buffer, 1501));
        assertThatIllegalArgumentException().isThrownBy(() -> new MoldPacketizer(SESSION_A, buffer, 22));
    }

    @Test
    void keepsItsOwnCopyOfTheSession()
    {
        final byte[] session = SESSION_A.clone();
        final MoldPacketizer packetizer = new MoldPacketizer(session, buffer, 1400);
        session[0] = 'X';
        packetizer.reset(1);
        packet.wrap(buffer, 0, packetizer.length());
        assertThat(packet.sessionEquals(SESSION_A)).isTrue();
    }
}
