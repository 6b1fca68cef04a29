package io.wirebook.sim;

import java.nio.file.Path;

import io.wirebook.itch.ItchMessages;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulated day replayed from its file: the flow's own messages, in order, without the file's System Events. */
class FileMessageSourceTest
{
    private static final int TIMESTAMP_LENGTH = 6;

    @Test
    void replaysTheFlowsMessagesWithoutTheFilesSystemEvents(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("day.itch.gz");
        SimulatedDay.writeLab(file, 9, 30, 20_000, 50_000);
        final OrderFlow flow = new OrderFlow(9, 30);
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer replayed = new UnsafeBuffer(new byte[128]);
        try (FileMessageSource source = FileMessageSource.open(file))
        {
            for (int i = 0; i < 20_000; i++)
            {
                final int length = flow.next(expected, 0);
                assertThat(source.next(replayed, 64)).as("message %d", i).isEqualTo(length);
                // The file's messages carry the day's timestamps; the flow's carry none until the publisher stamps.
                for (int at = 0; at < length; at++)
                {
                    final boolean timestamp =
                        at >= ItchMessages.TIMESTAMP_OFFSET && at < ItchMessages.TIMESTAMP_OFFSET + TIMESTAMP_LENGTH;
                    if (!timestamp)
                    {
                        assertThat(replayed.getByte(64 + at)).as("message %d byte %d", i, at)
                            .isEqualTo(expected.getByte(at));
                    }
                }
                assertThat(source.lastStockLocate()).isEqualTo(flow.lastStockLocate());
            }
            assertThat(source.next(replayed, 64)).as("after the last message").isZero();
            assertThat(source.skippedEvents()).isEqualTo(6);
        }
    }
}
