package io.wirebook.feed;

import java.util.function.ToIntBiFunction;

import io.wirebook.itch.ItchMessages;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.RxUnavailableException;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.wirebook.feed.Packets.add;
import static io.wirebook.feed.Packets.delete;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #7's table: one forged datagram each, sent to the feed's group from the exchange's subnet, must not change
 * a book or blind the channel. Each test sends the same real stream around the forgery and checks that the books
 * and counts are those of the real stream alone.
 */
class FeedHandlerForgedPacketTest
{
    private final QueuedRxPath path = new QueuedRxPath();
    private final Packets real = new Packets();
    private FeedHandler feed;

    @BeforeEach
    void build() throws RxUnavailableException
    {
        feed = ScriptedRxPath.oneChannelFeed(path).build();
        feed.open();
    }

    private void deliver(final byte[] packet)
    {
        path.add(0, packet);
        feed.doWork();
    }

    private void before()
    {
        deliver(real.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000), add(1, 2, ItchMessages.SELL, 100, 1_000_100)));
        deliver(real.packet(add(1, 3, ItchMessages.BUY, 200, 999_900)));
    }

    private void after()
    {
        deliver(real.packet(add(1, 4, ItchMessages.BUY, 300, 1_000_000)));
        deliver(real.packet(delete(1, 3), add(1, 5, ItchMessages.SELL, 50, 1_000_100)));
    }

    private void assertOnlyTheRealStreamApplied()
    {
        assertThat(feed.books().book(1).bidLevels()).isEqualTo(1);
        assertThat(feed.books().book(1).bidShares(0)).isEqualTo(400);
        assertThat(feed.books().book(1).bidOrders(0)).isEqualTo(2);
        assertThat(feed.books().book(1).askShares(0)).isEqualTo(150);
        assertThat(feed.channel(0).counters().messages()).isEqualTo(6);
        assertThat(feed.channel(0).drops()).isZero();
        assertThat(feed.allEnded()).isFalse();
    }

    @Test
    void aHeartbeatAtSequence2To62DoesNotMakeTheRestDuplicates()
    {
        before();
        deliver(control(Packets.SESSION, 1L << 62, MoldUDP64.HEARTBEAT_COUNT));
        after();
        assertOnlyTheRealStreamApplied();
    }

    @Test
    void aHeartbeatOfASessionThatSortsAboveTheLiveOneClearsNoBook()
    {
        before();
        deliver(control(MoldUDP64.session("TEST000009"), 1, MoldUDP64.HEARTBEAT_COUNT));
        after();
        assertOnlyTheRealStreamApplied();
    }

    @Test
    void aLoneEndOfSessionDoesNotStopTheChannel()
    {
        before();
        deliver(control(Packets.SESSION, real.nextSequence(), MoldUDP64.END_OF_SESSION_COUNT));
        after();
        assertOnlyTheRealStreamApplied();
    }

    @Test
    void sixtyOrderDeletesFarAheadDeleteNothingAndDropNothing()
    {
        before();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
        final MoldPacketizer forger = new MoldPacketizer(Packets.SESSION, buffer, 1472);
        forger.reset(real.nextSequence() + 30_000);
        for (int i = 0; i < 60; i++)
        {
            final ToIntBiFunction<MutableDirectBuffer, Integer> d = delete(1, 1 + i % 3);
            final int at = forger.beginMessage();
            forger.commitMessage(d.applyAsInt(buffer, at));
        }
        final byte[] forged = new byte[forger.length()];
        buffer.getBytes(0, forged);
        deliver(forged);
        after();
        assertOnlyTheRealStreamApplied();
    }

    private static byte[] control(final byte[] session, final long sequence, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MoldUDP64.HEADER_LENGTH]);
        MoldUDP64.header(buffer, 0, session, sequence, count);
        return buffer.byteArray();
    }
}
