package io.wirebook.sim;

import java.nio.ByteBuffer;
import java.util.List;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.lab.BookDigest;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreEncodedFlowTest
{
    private static final long SEED = 20261124;

    @Test
    void handsOutTheSourcesMessagesByteForByteWithTheirStockLocatesThenEnds()
    {
        final OrderFlow reference = new OrderFlow(SEED, 50);
        final UnsafeBuffer expected = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        final UnsafeBuffer actual = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        try (PreEncodedFlow flow = PreEncodedFlow.of(new OrderFlow(SEED, 50), 20_000, 4 << 20))
        {
            assertThat(flow.count()).isEqualTo(20_000);
            for (int i = 0; i < 20_000; i++)
            {
                final int length = reference.next(expected, 0);
                assertThat(flow.next(actual, 0)).as("length of message %d", i).isEqualTo(length);
                for (int b = 0; b < length; b++)
                {
                    assertThat(actual.getByte(b)).as("message %d byte %d", i, b).isEqualTo(expected.getByte(b));
                }
                assertThat(flow.lastStockLocate()).isEqualTo(reference.lastStockLocate());
            }
            assertThat(flow.next(actual, 0)).isZero();
        }
    }

    @Test
    void stopsWhenItsMemoryIsFullSoThePublisherSeesTheFlowExhausted()
    {
        try (PreEncodedFlow flow = PreEncodedFlow.of(new OrderFlow(SEED, 50), 1_000_000, 64 * 1024))
        {
            assertThat(flow.count()).isPositive().isLessThan(1_000_000);
            assertThat(flow.bytes()).isLessThanOrEqualTo(64 * 1024);
            final UnsafeBuffer target = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
            long handed = 0;
            while (flow.next(target, 0) > 0)
            {
                handed++;
            }
            assertThat(handed).isEqualTo(flow.count());
        }
    }

    @Test
    void theBooksOfItsFirstMessagesAreThoseOfWhatAPublisherThatStoppedEarlySent()
    {
        final PublisherConfig config = new PublisherConfig(
            List.of(Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12345)), Channel.parseIpv4("198.18.0.1"),
            100_000_000L, 0.0001, 0.0002, 100, 500, 5, -1, MoldUDP64.session("PRE"), 1);
        final Books tapped = new Books(0xFFFF, 1 << 14);
        final Books afterwards = new Books(0xFFFF, 1 << 14);
        try (PreEncodedFlow flow = PreEncodedFlow.of(new OrderFlow(SEED, 50), 50_000, 4 << 20))
        {
            final Publisher publisher = new Publisher(config, flow, new BookUpdater(tapped), new CapturingSink(),
                new StepClock(1_000_000_000_000L, 1));
            publisher.run();
            assertThat(publisher.flowMessagesPublished()).isEqualTo(config.warmupMessages() +
                config.measuredMessages()).isLessThan(flow.count());
            assertThat(flow.readFirst(publisher.flowMessagesPublished(), new BookUpdater(afterwards)))
                .isEqualTo(publisher.flowMessagesPublished());
        }
        assertThat(BookDigest.of(afterwards, 0xFFFF)).isEqualTo(BookDigest.of(tapped, 0xFFFF));
        assertThat(tapped.orderCount()).isPositive();
    }
}
