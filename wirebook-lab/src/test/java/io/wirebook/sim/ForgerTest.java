package io.wirebook.sim;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The forged packets decode as issue #7's table says, and a peer learns the live feed from one packet. */
class ForgerTest
{
    private static final byte[] LIVE_SESSION = MoldUDP64.session("WB20261124");
    private static final Forger.LiveFeed LIVE = new Forger.LiveFeed(LIVE_SESSION, 5_001, 7, 123_456);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[PublisherConfig.MAX_UDP_PAYLOAD]);

    @Test
    void heartbeatOfTheLiveSessionAtTwoToThe62()
    {
        final CapturingSink.Packet packet = build(Forger.Kind.HB_HIGH_SEQ);
        assertThat(packet.bytes()).hasSize(MoldUDP64.HEADER_LENGTH);
        assertThat(session(packet)).isEqualTo(LIVE_SESSION);
        assertThat(packet.isHeartbeat()).isTrue();
        assertThat(packet.sequenceNumber()).isEqualTo(1L << 62);
    }

    @Test
    void heartbeatOfASessionThatSortsAboveTheLiveOne()
    {
        final CapturingSink.Packet packet = build(Forger.Kind.HB_NEW_SESSION);
        assertThat(packet.isHeartbeat()).isTrue();
        assertThat(Arrays.compareUnsigned(session(packet), LIVE_SESSION)).isPositive();
        assertThat(new String(session(packet), StandardCharsets.US_ASCII)).isEqualTo("WB20261125");
        assertThat(packet.sequenceNumber()).isEqualTo(Forger.NEW_SESSION_SEQUENCE);
    }

    @Test
    void endOfSessionOfTheLiveSessionAtTheNextSequenceNumber()
    {
        final CapturingSink.Packet packet = build(Forger.Kind.EOS);
        assertThat(packet.isEndOfSession()).isTrue();
        assertThat(session(packet)).isEqualTo(LIVE_SESSION);
        assertThat(packet.sequenceNumber()).isEqualTo(5_001);
    }

    @Test
    void sixtyOrderDeletesOfLiveLookingReferencesThirtyThousandAhead()
    {
        final CapturingSink.Packet packet = build(Forger.Kind.DELETES);
        assertThat(packet.bytes().length).isLessThanOrEqualTo(PublisherConfig.MAX_UDP_PAYLOAD);
        assertThat(session(packet)).isEqualTo(LIVE_SESSION);
        assertThat(packet.sequenceNumber()).isEqualTo(5_001 + 30_000);
        final List<byte[]> messages = packet.messages();
        assertThat(messages).hasSize(60);
        long expectedReference = 123_456;
        for (final byte[] message : messages)
        {
            final UnsafeBuffer m = new UnsafeBuffer(message);
            assertThat(message).hasSize(19);
            assertThat(message[ItchMessages.MESSAGE_TYPE_OFFSET]).isEqualTo(ItchMessages.ORDER_DELETE);
            assertThat(m.getShort(ItchMessages.STOCK_LOCATE_OFFSET, ByteOrder.BIG_ENDIAN)).isEqualTo((short)7);
            assertThat(m.getLong(Forger.ORDER_REFERENCE_OFFSET, ByteOrder.BIG_ENDIAN)).isEqualTo(expectedReference--);
        }
    }

    @Test
    void deletesStayAboveZeroWhenNoOrderWasSeen()
    {
        final int length = Forger.build(Forger.Kind.DELETES, new Forger.LiveFeed(LIVE_SESSION, 10, 1, 0), buffer);
        final CapturingSink.Packet packet = new CapturingSink.Packet(0, 0, Arrays.copyOf(buffer.byteArray(), length));
        assertThat(packet.messages()).allSatisfy(m ->
            assertThat(new UnsafeBuffer(m).getLong(Forger.ORDER_REFERENCE_OFFSET, ByteOrder.BIG_ENDIAN)).isPositive());
    }

    @Test
    void learnsSessionNextSequenceLocateAndNewestReferenceFromOnePacket()
    {
        final MoldPacketizer packetizer = new MoldPacketizer(LIVE_SESSION, buffer, 500);
        packetizer.reset(900);
        int at = packetizer.beginMessage();
        packetizer.commitMessage(ItchWriter.systemEvent(buffer, at, 0, 0, ItchMessages.EVENT_START_OF_MARKET_HOURS));
        at = packetizer.beginMessage();
        packetizer.commitMessage(ItchWriter.addOrder(buffer, at, 3, 0, 1, 777, ItchMessages.BUY, 100, 1, 10_000));
        at = packetizer.beginMessage();
        packetizer.commitMessage(ItchWriter.orderDelete(buffer, at, 4, 0, 1, 555));

        final Forger.LiveFeed live = Forger.learn(buffer, 0, packetizer.length());
        assertThat(live.session()).isEqualTo(LIVE_SESSION);
        assertThat(live.nextSequenceNumber()).isEqualTo(903);
        assertThat(live.orderReference()).isEqualTo(777);
        assertThat(live.stockLocate()).isEqualTo(4);

        final int heartbeat = MoldUDP64.heartbeat(buffer, 0, LIVE_SESSION, 42);
        assertThat(Forger.learn(buffer, 0, heartbeat).nextSequenceNumber()).isEqualTo(42);
        assertThat(Forger.learn(buffer, 0, MoldUDP64.HEADER_LENGTH - 1)).isNull();
    }

    @Test
    void aTruncatedPacketIsReadUpToItsLastWholeMessage()
    {
        final MoldPacketizer packetizer = new MoldPacketizer(LIVE_SESSION, buffer, 500);
        packetizer.reset(1);
        int at = packetizer.beginMessage();
        packetizer.commitMessage(ItchWriter.orderDelete(buffer, at, 4, 0, 1, 555));
        at = packetizer.beginMessage();
        packetizer.commitMessage(ItchWriter.orderDelete(buffer, at, 4, 0, 1, 999));
        final Forger.LiveFeed live = Forger.learn(buffer, 0, packetizer.length() - 1);
        assertThat(live.orderReference()).isEqualTo(555);
    }

    @Test
    void sessionAboveGrowsTheLastByteThatCan()
    {
        assertThat(Forger.sessionAbove(MoldUDP64.session("WIREBOOK"))).isEqualTo(MoldUDP64.session("WIREBOOK !"));
        assertThat(Forger.sessionAbove(MoldUDP64.session("ABCDEFGHI~"))).isEqualTo(MoldUDP64.session("ABCDEFGHJ~"));
        assertThatThrownBy(() -> Forger.sessionAbove(MoldUDP64.session("~~~~~~~~~~")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindsParseFromTheirLabels()
    {
        assertThat(Forger.Kind.parse("all")).isEqualTo(EnumSet.allOf(Forger.Kind.class));
        assertThat(Forger.Kind.parse("eos, deletes")).containsExactly(Forger.Kind.EOS, Forger.Kind.DELETES);
        assertThatThrownBy(() -> Forger.Kind.parse("eos,nope")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("nope");
    }

    private CapturingSink.Packet build(final Forger.Kind kind)
    {
        final int length = Forger.build(kind, LIVE, buffer);
        return new CapturingSink.Packet(0, 0, Arrays.copyOf(buffer.byteArray(), length));
    }

    private static byte[] session(final CapturingSink.Packet packet)
    {
        return Arrays.copyOfRange(packet.bytes(), MoldUDP64.SESSION_OFFSET,
            MoldUDP64.SESSION_OFFSET + MoldUDP64.SESSION_LENGTH);
    }
}
