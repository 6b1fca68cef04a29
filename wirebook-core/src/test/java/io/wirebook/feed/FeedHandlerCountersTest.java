package io.wirebook.feed;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.wirebook.counters.CountersFile;
import io.wirebook.itch.ItchMessages;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.wirebook.feed.Packets.add;
import static org.assertj.core.api.Assertions.assertThat;

/** The handler's counters, as {@code wirebook stat} in another process sees them. */
class FeedHandlerCountersTest
{
    @TempDir
    Path dir;

    @Test
    void whileTheHandlerRunsItsCountersFileShowsPacketsMessagesAndRefusalsAndItGoesWhenTheHandlerCloses()
        throws Exception
    {
        final QueuedRxPath path = new QueuedRxPath();
        final Packets packets = new Packets();
        path.add(0, packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000), add(1, 2, ItchMessages.SELL, 1, 2)));
        path.add(0, new byte[] {1, 2, 3}); // too short for a MoldUDP64 header
        final FeedHandler feed = FeedHandler.builder().channel("239.1.1.1", 12345).path(path).maxStockLocate(10)
            .expectedOrders(64).countersDirectory(dir).build();
        final Path file = feed.counters().file().orElseThrow();
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(file.getFileName().toString()).startsWith("wirebook-" + ProcessHandle.current().pid() + "-");

        feed.open();
        for (int i = 0; i < 5; i++)
        {
            feed.doWork();
        }
        try (CountersFile seen = CountersFile.list(dir).stream().map(CountersFile::open).findFirst().orElseThrow()
            .orElseThrow())
        {
            assertThat(seen.name()).isEqualTo(path.name());
            final Map<String, Long> values = values(seen.reader());
            assertThat(values).containsEntry("ch.0.packets", 2L).containsEntry("ch.0.messages", 2L)
                .containsEntry("ch.0.malformed", 1L).containsEntry("handler.errors", 0L)
                .containsKeys("ch.0.recovery.gaps", "ch.0.rejected.session_mismatch", "ch.0.rejected.unknown_reference",
                    "handler.poll_stalls");
        }
        feed.close();
        assertThat(file).doesNotExist();
        assertThat(CountersFile.list(dir)).isEmpty();
        assertThat(feed.counters().value("ch.0.packets")).as("still readable after close").isEqualTo(2);
    }

    @Test
    void theWindowCountsFromStartToEndOfMarketHoursEvenInsideAPacket() throws Exception
    {
        final QueuedRxPath path = new QueuedRxPath();
        final Packets packets = new Packets();
        path.add(0, packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000), add(1, 2, ItchMessages.BUY, 100, 1_000),
            Packets.marketOpen(), add(1, 3, ItchMessages.BUY, 100, 1_000), add(1, 4, ItchMessages.BUY, 100, 1_000)));
        path.add(0, packets.packet(add(1, 5, ItchMessages.BUY, 100, 1_000),
            Packets.event(ItchMessages.EVENT_END_OF_MARKET_HOURS), add(1, 6, ItchMessages.BUY, 100, 1_000)));
        final FeedHandler feed = FeedHandler.builder().channel("239.1.1.1", 12345).path(path).maxStockLocate(10)
            .expectedOrders(64).countersInMemory().build();
        feed.open();
        for (int i = 0; i < 5; i++)
        {
            feed.doWork();
        }
        feed.close();
        assertThat(feed.channel(0).counters().messages()).as("Start of Market Hours and the three adds after it")
            .isEqualTo(4);
        assertThat(feed.counters().value("ch.0.messages")).as("every live message").isEqualTo(8);
    }

    @Test
    void inMemoryCountersMakeNoFile()
    {
        final FeedHandler feed = FeedHandler.builder().channel("239.1.1.1", 12345).path(new QueuedRxPath())
            .countersDirectory(dir).countersInMemory().build();
        assertThat(feed.counters().file()).isEmpty();
        assertThat(CountersFile.list(dir)).isEmpty();
        feed.close();
    }

    private static Map<String, Long> values(final CountersReader reader)
    {
        final Map<String, Long> values = new HashMap<>();
        reader.forEach((value, id, label) -> values.put(label, value));
        return values;
    }
}
