package io.wirebook.feed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.binaryfile.BinaryFileReader;
import io.wirebook.binaryfile.FileBooks;
import io.wirebook.itch.AddOrder;
import io.wirebook.itch.ItchListener;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.OrderDelete;
import io.wirebook.itch.OrderExecuted;
import io.wirebook.rx.RxUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.wirebook.feed.Packets.add;
import static io.wirebook.feed.Packets.delete;
import static io.wirebook.feed.Packets.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code record(file)}: the messages the handler applied, once each, in order, beside the user's listener. */
class FeedHandlerRecordTest
{
    @TempDir
    Path dir;

    @Test
    void recordsWhatItAppliedOnceEachWhileTheListenerStillHearsIt() throws IOException, RxUnavailableException
    {
        final Path file = dir.resolve("feed.itch.gz");
        final QueuedRxPath path = new QueuedRxPath();
        final Packets packets = new Packets();
        final List<Character> heard = new ArrayList<>();
        final FeedHandler feed = FeedHandler.builder()
            .channel("239.1.1.1", 12345)
            .path(path)
            .maxStockLocate(100)
            .expectedOrders(1024)
            .itchListener(new ItchListener()
            {
                public void onAddOrder(final AddOrder message)
                {
                    heard.add('A');
                }

                public void onOrderExecuted(final OrderExecuted message)
                {
                    heard.add('E');
                }

                public void onOrderDelete(final OrderDelete message)
                {
                    heard.add('D');
                }
            })
            .record(file)
            .build();
        feed.open();
        final byte[] first = packets.packet(add(1, 1, ItchMessages.BUY, 100, 1_000_000),
            add(1, 2, ItchMessages.SELL, 200, 1_000_500));
        path.add(0, first);
        path.add(0, first);   // the same packet again: a duplicate, applied and recorded once
        path.add(0, packets.packet(execute(1, 1, 40)));
        path.add(0, packets.packet(delete(1, 2)));
        while (!path.isEmpty())
        {
            feed.doWork();
        }
        assertThat(feed.recorder().recordedMessages()).isEqualTo(4);
        feed.close();

        final List<Character> recorded = new ArrayList<>();
        try (BinaryFileReader reader = BinaryFileReader.open(file))
        {
            while (reader.read((buffer, offset, length) -> recorded.add((char)buffer.getByte(offset)), 16) > 0)
            {
                assertThat(recorded).isNotEmpty();
            }
        }
        assertThat(recorded).containsExactly('A', 'A', 'E', 'D');
        assertThat(heard).containsExactly('A', 'A', 'E', 'D');
        assertThat(feed.counters().value("record.messages")).isEqualTo(4);
        assertThat(feed.counters().value("record.dropped")).isZero();
        final FileBooks offline = FileBooks.build(file, Long.MAX_VALUE);
        assertThat(offline.books().book(1).bidShares(0)).isEqualTo(60);
        assertThat(offline.books().book(1).askLevels()).isZero();
        assertThat(offline.books().book(1).bidShares(0)).isEqualTo(feed.books().book(1).bidShares(0));
    }
}
