package io.wirebook.sim;

import java.util.ArrayList;
import java.util.List;

import io.wirebook.itch.ItchMessage;
import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The measured phase paced by the messages' own timestamps, after a warm-up of an explicit count. */
class PublisherTimedReplayTest
{
    private static final long OPEN = 34_200_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** Two warm-up messages, then the measured ones at 0, 0.5, 1.2 (three), 2.7 s after the first of them. */
    private static final long[] TIMESTAMPS = {OPEN - 5 * SECOND, OPEN - 4 * SECOND,
        OPEN, OPEN + SECOND / 2, OPEN + 1_200_000_000L, OPEN + 1_200_000_000L, OPEN + 1_200_000_000L,
        OPEN + 2_700_000_000L};

    @Test
    void eachMeasuredMessageGoesAtItsOwnTimeAndEachSecondIsCounted()
    {
        final PublisherConfig config = new PublisherConfig(List.of(Channel.of("239.1.1.1", 12345)),
            Channel.parseIpv4("198.18.0.1"), 1_000_000, 0, 3, 100, 1472, 3, -1, MoldUDP64.session("TIMED"), 1)
            .withPacing(2, 1.0);
        final CapturingSink sink = new CapturingSink();
        final Publisher publisher = new Publisher(config, new Timestamped(), null, sink, new StepClock(0, 10_000));
        final PublisherStats stats = publisher.run();

        final List<Long> sent = new ArrayList<>();
        for (final CapturingSink.Packet packet : sink.of(0))
        {
            for (final byte[] message : packet.messages())
            {
                if (message[0] == ItchMessages.ADD_ORDER)
                {
                    sent.add(ItchMessage.readTimestamp(new UnsafeBuffer(message), 0));
                }
            }
        }
        assertThat(sent).hasSize(TIMESTAMPS.length);
        assertThat(stats.measuredMessages()).isEqualTo(TIMESTAMPS.length - 2);
        final long first = sent.get(2);
        for (int i = 3; i < TIMESTAMPS.length; i++)
        {
            // Each goes once due, give or take a few reads of a clock that moves 10 us a read: no hold at these gaps.
            final long due = TIMESTAMPS[i] - TIMESTAMPS[2];
            assertThat(sent.get(i) - first).as("message " + i).isBetween(due - 100_000, due + 100_000);
        }
        assertThat(publisher.secondMessages(0)).isEqualTo(2);
        assertThat(publisher.secondMessages(1)).isEqualTo(3);
        assertThat(publisher.secondMessages(2)).isEqualTo(1);
        assertThat(publisher.peakSecondMessages()).isEqualTo(3);
        assertThat(stats.flowExhausted()).isTrue();
    }

    /** Add Orders on one instrument, each with the next of {@link #TIMESTAMPS}. */
    private static final class Timestamped implements MessageSource
    {
        private int next;

        @Override
        public int next(final MutableDirectBuffer buffer, final int offset)
        {
            if (next == TIMESTAMPS.length)
            {
                return 0;
            }
            final long timestamp = TIMESTAMPS[next++];
            return ItchWriter.addOrder(buffer, offset, 1, 0, timestamp, next, ItchMessages.BUY, 100,
                0x4142_4344_2020_2020L, 10_000);
        }

        @Override
        public int lastStockLocate()
        {
            return 1;
        }
    }
}
