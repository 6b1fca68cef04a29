package io.wirebook.feed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchMessages;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.RxUnavailableException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.wirebook.feed.Packets.add;
import static io.wirebook.feed.Packets.delete;
import static io.wirebook.feed.Packets.execute;
import static org.assertj.core.api.Assertions.assertThat;

class FeedHandlerTest
{
    private final QueuedRxPath path = new QueuedRxPath();
    private final Packets packets = new Packets();
    private final List<Integer> depthChanges = new ArrayList<>();
    private FeedHandler feed;

    @BeforeEach
    void build() throws RxUnavailableException
    {
        feed = ScriptedRxPath.oneChannelFeed(path)
            .listener(book -> depthChanges.add(book.stockLocate()))
            .option("recovery.line-wait-us", "1")
            .build();
        feed.open();
        assertThat(path.opened).isTrue();
    }

    private void deliver(final byte[] packet)
    {
        path.add(0, packet);
        assertThat(feed.doWork()).as("the datagram, and any recovery work it caused").isGreaterThanOrEqualTo(1);
        assertThat(path.isEmpty()).isTrue();
    }

    /** Lets the sequencer's timer run past the line wait, with nothing arriving. */
    private void settle() throws InterruptedException
    {
        Thread.sleep(2);
        feed.doWork();
        feed.doWork();
    }

    private void endOfSession(final Packets of)
    {
        final UnsafeBuffer eos = new UnsafeBuffer(new byte[20]);
        MoldUDP64.endOfSession(eos, 0, of.session(), of.nextSequence());
        // Once is no end: a lone End of Session could be forged. The exchange repeats it.
        deliver(eos.byteArray());
        deliver(eos.byteArray());
    }

    private String depth(final int locate)
    {
        final OrderBook book = feed.books().book(locate);
        if (book == null)
        {
            return "none";
        }
        final StringBuilder s = new StringBuilder();
        for (int i = 0; i < book.bidLevels(); i++)
        {
            s.append('B').append(book.bidPrice(i)).append('x').append(book.bidShares(i)).append('/')
                .append(book.bidOrders(i)).append(' ');
        }
        for (int i = 0; i < book.askLevels(); i++)
        {
            s.append('S').append(book.askPrice(i)).append('x').append(book.askShares(i)).append('/')
                .append(book.askOrders(i)).append(' ');
        }
        return s.toString();
    }

    @Test
    void appliesMessagesToTheBooksAndTellsTheListener()
    {
        deliver(packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000),
            add(1, 2, ItchMessages.SELL, 50, 1_000_100)));
        deliver(packets.packet(execute(1, 1, 40)));

        assertThat(depth(1)).isEqualTo("B1000000x60/1 S1000100x50/1 ");
        assertThat(depthChanges).containsExactly(1, 1, 1);
        assertThat(feed.channel(0).counters().messages()).isEqualTo(3);
        assertThat(feed.channel(0).counters().packets()).isEqualTo(2);
        assertThat(feed.channel(0).drops()).isZero();
        assertThat(feed.channel(0).latency().sendToBook().getTotalCount()).isEqualTo(3);
        assertThat(feed.channel(0).latency().arrivalToBook().getTotalCount()).isEqualTo(3);
    }

    @Test
    void withoutRecoveryCountsGapsAsDropsAndIgnoresDuplicates() throws InterruptedException
    {
        final byte[] first = packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000));
        deliver(first);
        packets.skip(5);
        deliver(packets.packet(add(1, 2, ItchMessages.BUY, 100, 1_000_000)));
        assertThat(depth(1)).as("a lone packet after a gap is held until the stream confirms it")
            .isEqualTo("B1000000x100/1 ");
        deliver(packets.packet(add(1, 3, ItchMessages.BUY, 100, 1_000_000)));
        settle();
        final String before = depth(1);
        deliver(first);

        assertThat(feed.channel(0).drops()).isEqualTo(5);
        assertThat(feed.channel(0).status()).isEqualTo(ChannelStatus.STALE);
        assertThat(feed.books().book(1).isStale()).isTrue();
        assertThat(feed.channel(0).duplicates()).isEqualTo(1);
        assertThat(depth(1)).isEqualTo(before).isEqualTo("B1000000x300/3 ");
    }

    @Test
    void malformedPacketsAreCountedAndChangeNoBook()
    {
        deliver(packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000)));
        final String before = depth(1);
        final byte[] good = packets.packet(add(1, 2, ItchMessages.SELL, 100, 1_000_500), delete(1, 1));

        final List<byte[]> hostile = new ArrayList<>();
        hostile.add(new byte[0]);
        hostile.add(Arrays.copyOf(good, 19));                 // truncated header
        hostile.add(Arrays.copyOf(good, good.length - 1));   // last message cut short
        final byte[] overrun = good.clone();
        overrun[20] = 0x7F;                                           // first length runs past the packet
        hostile.add(overrun);
        final byte[] badLength = good.clone();
        badLength[21] = 35;                                           // Add Order with 35 bytes: wrong length
        hostile.add(badLength);
        final byte[] trailing = Arrays.copyOf(good, good.length + 3);
        hostile.add(trailing);
        final byte[] countTooHigh = good.clone();
        countTooHigh[19] = 3;
        hostile.add(countTooHigh);

        for (final byte[] packet : hostile)
        {
            deliver(packet);
        }

        assertThat(feed.channel(0).counters().malformedPackets()).isEqualTo(hostile.size());
        assertThat(depth(1)).isEqualTo(before);
        assertThat(feed.channel(0).counters().messages()).isEqualTo(1);

        // A message of an unknown type costs only itself: the packet is well framed, and its Delete applies.
        final byte[] unknown = good.clone();
        unknown[22] = (byte)'z';
        deliver(unknown);
        assertThat(feed.channel(0).counters().malformedPackets()).isEqualTo(hostile.size());
        assertThat(depth(1)).isEmpty();
        assertThat(feed.channel(0).counters().messages()).isEqualTo(2);
    }

    @Test
    void impossibleOrderReferencesAreCountedAndChangeNoBook()
    {
        deliver(packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000)));
        final String before = depth(1);

        deliver(packets.packet(delete(1, 999), execute(1, 998, 10),
            execute(1, 1, 101), add(1, 1, ItchMessages.SELL, 5, 9)));

        assertThat(feed.channel(0).counters().rejectedMessages()).isEqualTo(4);
        assertThat(depth(1)).isEqualTo(before);
        assertThat(feed.channel(0).drops()).isZero();
    }

    @Test
    void startOfMarketHoursOpensTheMeasurementWindow() throws InterruptedException
    {
        deliver(packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000)));
        packets.skip(2);
        deliver(packets.packet(add(1, 2, ItchMessages.BUY, 50, 1_000_000)));
        deliver(packets.packet(add(1, 5, ItchMessages.BUY, 50, 1_000_000)));
        settle();
        assertThat(feed.channel(0).drops()).isEqualTo(2);

        deliver(packets.packet(Packets.marketOpen()));
        assertThat(feed.channel(0).marketOpen()).isTrue();
        assertThat(feed.channel(0).drops()).isZero();
        assertThat(feed.channel(0).counters().messages()).as("the window starts with Q itself").isEqualTo(1);

        deliver(packets.packet(add(1, 3, ItchMessages.BUY, 100, 1_000_000)));
        deliver(packets.packet(Packets.event(ItchMessages.EVENT_END_OF_MARKET_HOURS)));
        assertThat(feed.channel(0).drops()).as("the loss before Q stays counted for the handler's life")
            .isZero();
        assertThat(feed.channel(0).recovery().lost()).isEqualTo(2);
        deliver(packets.packet(add(1, 4, ItchMessages.BUY, 100, 1_000_000)));

        assertThat(feed.channel(0).counters().messages()).as("Q and the add; not M or what follows").isEqualTo(2);
        assertThat(feed.channel(0).marketClosed()).isTrue();
        assertThat(depth(1)).isEqualTo("B1000000x400/5 ");
    }

    @Test
    void endOfSessionEndsTheChannel()
    {
        deliver(packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000)));
        endOfSession(packets);
        assertThat(feed.allEnded()).isTrue();
        assertThat(feed.channel(0).drops()).isZero();
    }

    @Test
    void aNewerSessionClearsTheBooksOfTheChannelsInstrumentsAndAnOlderOneIsRejected()
    {
        deliver(packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000),
            add(1, 2, ItchMessages.SELL, 100, 1_000_100)));
        endOfSession(packets);

        final Packets restarted = new Packets(MoldUDP64.session("TEST000002"));
        deliver(restarted.packet(add(1, 1, ItchMessages.SELL, 50, 1_000_200)));

        assertThat(depth(1)).as("the old session's orders are gone; reference 1 is a new order")
            .isEqualTo("S1000200x50/1 ");
        assertThat(feed.channel(0).counters().newSessions()).isEqualTo(1);
        assertThat(feed.channel(0).counters().rejectedMessages()).isZero();
        assertThat(feed.books().orderCount()).isEqualTo(1);

        deliver(packets.packet(add(1, 9, ItchMessages.BUY, 1, 1)));
        assertThat(depth(1)).as("a packet of the older session changes nothing").isEqualTo("S1000200x50/1 ");
    }

    @Test
    void closeClosesThePath()
    {
        feed.close();
        assertThat(path.closed).isTrue();
    }
}
