package io.wirebook.feed;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.wirebook.book.BookListener;
import io.wirebook.book.OrderBook;
import io.wirebook.itch.ItchMessages;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxUnavailableException;
import org.junit.jupiter.api.Test;

import static io.wirebook.feed.Packets.add;
import static io.wirebook.feed.Packets.delete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FeedHandler as an Agrona Agent: on its own AgentRunner or driven by hand it behaves the same; what its listeners
 * throw goes to the error handler; a close from the poll thread waits for the poll to return.
 */
class FeedHandlerAgentTest
{
    private static List<byte[]> stream()
    {
        final Packets packets = new Packets();
        return List.of(
            packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000), add(1, 2, ItchMessages.SELL, 100, 1_000_100)),
            packets.packet(add(1, 3, ItchMessages.BUY, 200, 999_900)),
            packets.packet(delete(1, 1), add(2, 4, ItchMessages.SELL, 10, 5_000)));
    }

    private static FeedHandler.Builder builder(final QueuedRxPath path)
    {
        return FeedHandler.builder().channel("239.1.1.1", 12345).path(path).maxStockLocate(10).expectedOrders(64);
    }

    @Test
    void theSameFeedOnAnAgentRunnerAndInAPlainLoopGivesTheSameCountersAndBooks() throws Exception
    {
        final QueuedRxPath runnerPath = new QueuedRxPath();
        final QueuedRxPath loopPath = new QueuedRxPath();
        stream().forEach(p -> runnerPath.add(0, p));
        stream().forEach(p -> loopPath.add(0, p));

        final FeedHandler onRunner = builder(runnerPath).build();
        onRunner.start();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (onRunner.channel(0).counters().packetsVolatile() < 3 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        onRunner.close();

        final FeedHandler inLoop = builder(loopPath).build();
        inLoop.open();
        for (int i = 0; i < 10; i++)
        {
            inLoop.doWork();
        }
        inLoop.close();

        assertThat(onRunner.pollThread().getName()).isEqualTo("wirebook-poll");
        assertThat(onRunner.pollFailure()).isNull();
        assertThat(runnerPath.closed).isTrue();
        for (final FeedHandler feed : List.of(onRunner, inLoop))
        {
            assertThat(feed.channel(0).counters().packets()).isEqualTo(3);
            assertThat(feed.channel(0).counters().messages()).isEqualTo(5);
            assertThat(feed.channel(0).status()).isEqualTo(ChannelStatus.SYNCED);
            assertThat(feed.books().orderCount()).isEqualTo(3);
            assertThat(feed.books().book(1).bidShares(0)).isEqualTo(200);
            assertThat(feed.books().book(2).askShares(0)).isEqualTo(10);
        }
    }

    @Test
    void aListenersExceptionGoesToTheErrorHandlerAndTheLoopGoesOn() throws RxUnavailableException
    {
        final QueuedRxPath path = new QueuedRxPath();
        stream().forEach(p -> path.add(0, p));
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final BookListener throwsOnce = new BookListener()
        {
            private boolean thrown;

            @Override
            public void onDepthChanged(final OrderBook book)
            {
                if (!thrown)
                {
                    thrown = true;
                    throw new IllegalStateException("the user's bug");
                }
            }
        };
        final FeedHandler feed = builder(path).listener(throwsOnce).errorHandler(errors::add).build();
        feed.open();
        for (int i = 0; i < 5; i++)
        {
            feed.doWork();
        }

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).hasMessage("the user's bug");
        assertThat(feed.errors()).isEqualTo(1);
        assertThat(feed.channel(0).counters().messages()).as("every message applied all the same").isEqualTo(5);
        assertThat(feed.books().orderCount()).isEqualTo(3);
    }

    @Test
    void withStopOnListenerErrorTheRunnerStopsAndSaysWhy() throws Exception
    {
        final QueuedRxPath path = new QueuedRxPath();
        stream().forEach(p -> path.add(0, p));
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final FeedHandler feed = builder(path)
            .listener(book ->
            {
                throw new IllegalStateException("the user's bug");
            })
            .errorHandler(errors::add)
            .stopOnListenerError(true)
            .build();
        feed.start();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (feed.isRunning() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }

        assertThat(feed.isRunning()).isFalse();
        assertThat(feed.pollFailure()).hasMessageContaining("listener error");
        assertThat(errors).isNotEmpty();
        feed.close();
        assertThat(path.closed).isTrue();
    }

    @Test
    void aFailingPathStopsTheRunnerAndTheFailureIsReported() throws Exception
    {
        final QueuedRxPath path = new QueuedRxPath()
        {
            @Override
            public int poll(final DatagramHandler handler)
            {
                throw new IllegalStateException("ring torn down under us");
            }
        };
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final FeedHandler feed = builder(path).errorHandler(errors::add).build();
        feed.start();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (feed.isRunning() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }

        assertThat(feed.isRunning()).isFalse();
        assertThat(feed.pollFailure()).hasMessage("ring torn down under us");
        assertThat(errors).extracting(Throwable::getMessage).contains("ring torn down under us");
        feed.close();
    }

    @Test
    void closeFromThePollThreadWaitsForThePollToReturnAndPollingAfterCloseFailsCleanly() throws Exception
    {
        final AtomicReference<FeedHandler> self = new AtomicReference<>();
        final QueuedRxPath path = new QueuedRxPath();
        stream().forEach(p -> path.add(0, p));
        final boolean[] closedDuringPoll = {false};
        final FeedHandler feed = builder(path)
            .listener(book ->
            {
                self.get().close();
                closedDuringPoll[0] |= path.closed;
            })
            .build();
        self.set(feed);
        feed.open();
        feed.doWork();

        assertThat(closedDuringPoll[0]).as("the path is not freed under the poll").isFalse();
        assertThat(path.closed).as("closed once the poll returned").isTrue();
        assertThatThrownBy(feed::doWork).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closeFromAListenerOnTheRunnerClosesThePathOnThePollThread() throws Exception
    {
        final AtomicReference<FeedHandler> self = new AtomicReference<>();
        final AtomicReference<Thread> closedOn = new AtomicReference<>();
        final QueuedRxPath path = new QueuedRxPath()
        {
            @Override
            public void close()
            {
                closedOn.set(Thread.currentThread());
                super.close();
            }
        };
        stream().forEach(p -> path.add(0, p));
        final FeedHandler feed = builder(path).listener(book -> self.get().close()).build();
        self.set(feed);
        feed.start();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!path.closed && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }

        assertThat(path.closed).isTrue();
        assertThat(closedOn.get().getName()).isEqualTo("wirebook-poll");
        assertThat(feed.pollFailure()).isNull();
    }
}
