package io.wirebook.feed;

import java.util.ArrayList;
import java.util.List;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import io.wirebook.ouch.EnterOrder;
import io.wirebook.ouch.TriggerToken;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.strategy.AskFallStrategy;
import io.wirebook.strategy.OrderSender;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.wirebook.feed.Packets.add;
import static io.wirebook.feed.Packets.delete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strategy hook: each book change reaches the strategy with the message that made it, and its order leaves. */
class FeedHandlerStrategyTest
{
    private final QueuedRxPath path = new QueuedRxPath();
    private final Packets packets = new Packets();
    private final CapturingSender sender = new CapturingSender();
    private FeedHandler feed;

    @Test
    void anAskThatFallsSendsOneOrderNamingItsTriggersSequenceNumber() throws RxUnavailableException
    {
        final AskFallStrategy strategy = new AskFallStrategy(5, 100);
        feed = ScriptedRxPath.oneChannelFeed(path)
            .strategy(strategy, p -> sender)
            .itchListener(strategy.symbolTable())
            .build();
        feed.open();

        deliver(packets.packet((b, at) -> ItchWriter.stockDirectory(b, at, 1, 0, 0, ItchWriter.stock("ABC"), 100),
            (b, at) -> ItchWriter.stockDirectory(b, at, 7, 0, 0, ItchWriter.stock("XYZ"), 100)));   // 1, 2
        deliver(packets.packet(add(1, 1, ItchMessages.SELL, 100, 10_0000)));                           // 3
        deliver(packets.packet(add(1, 2, ItchMessages.SELL, 100, 9_9000)));                            // 4: falls
        deliver(packets.packet(Packets.marketOpen(), add(1, 3, ItchMessages.SELL, 100, 10_5000),       // 5, 6
            add(1, 4, ItchMessages.SELL, 100, 9_8000), add(1, 5, ItchMessages.BUY, 100, 9_0000)));    // 7: falls, 8
        deliver(packets.packet(delete(1, 4)));                                                         // 9: rises
        deliver(packets.packet(add(7, 6, ItchMessages.SELL, 100, 5_0000),                              // 10
            add(7, 7, ItchMessages.SELL, 100, 4_0000)));                                               // 11: unwatched

        assertThat(sender.sequenceNumbers).containsExactly(4L, 7L);
        assertThat(sender.marketOpen).containsExactly(false, true);
        assertThat(sender.prices).containsExactly(9_9000L, 9_8000L);
        assertThat(sender.userRefNums).containsExactly(1L, 2L);
        assertThat(sender.symbols).containsOnly(ItchWriter.stock("ABC"));
        assertThat(sender.sides).containsOnly(EnterOrder.SIDE_BUY);
        assertThat(strategy.ordersMarketOpen()).isEqualTo(1);
        assertThat(strategy.ordersOutsideMarketHours()).isEqualTo(1);
        assertThat(strategy.fromArrivalStamp()).isEqualTo(1);
        assertThat(strategy.inHost().getTotalCount()).isEqualTo(1);
        assertThat(feed.orderSender()).isSameAs(sender);
        feed.close();
        assertThat(sender.closed).isTrue();
    }

    @Test
    void aRouteThatCannotSendMakesThePathUnavailableAndClosesIt()
    {
        feed = ScriptedRxPath.oneChannelFeed(path)
            .strategy((book, event, orders) -> { }, p ->
            {
                throw new RxUnavailableException("queued cannot transmit; fix: another path");
            })
            .build();

        assertThatThrownBy(feed::open).isInstanceOf(RxUnavailableException.class).hasMessageContaining("fix:");
        assertThat(path.closed).isTrue();
    }

    private void deliver(final byte[] packet)
    {
        path.add(0, packet);
        feed.doWork();
    }

    /** Keeps what each order said, as the exchange would read it. */
    private static final class CapturingSender implements OrderSender
    {
        final List<Long> sequenceNumbers = new ArrayList<>();
        final List<Boolean> marketOpen = new ArrayList<>();
        final List<Long> prices = new ArrayList<>();
        final List<Long> userRefNums = new ArrayList<>();
        final List<Long> symbols = new ArrayList<>();
        final List<Byte> sides = new ArrayList<>();
        boolean closed;
        private final UnsafeBuffer frame = new UnsafeBuffer(new byte[128]);
        private final EnterOrder order = new EnterOrder();
        private long sent;

        @Override
        public EnterOrder enterOrder()
        {
            return order.wrap(frame, 0);
        }

        @Override
        public boolean send()
        {
            final EnterOrder read = new EnterOrder().wrapForReading(frame, 0);
            assertThat(EnterOrder.check(frame, 0, read.length())).isEqualTo(EnterOrder.VALID);
            sequenceNumbers.add(TriggerToken.sequenceNumber(frame, EnterOrder.CL_ORD_ID_OFFSET));
            marketOpen.add(TriggerToken.marketOpen(frame, EnterOrder.CL_ORD_ID_OFFSET));
            prices.add(read.price());
            userRefNums.add(read.userRefNum());
            symbols.add(read.symbol());
            sides.add(read.side());
            sent++;
            return true;
        }

        @Override
        public String transport()
        {
            return "capture";
        }

        @Override
        public long sent()
        {
            return sent;
        }

        @Override
        public long refused()
        {
            return 0;
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }
}
