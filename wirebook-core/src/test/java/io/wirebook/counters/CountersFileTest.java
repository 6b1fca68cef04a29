package io.wirebook.counters;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A handler's counters as another process sees them: through a second mapping of the file. */
class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void aSecondMappingSeesEveryCounterLiveWithItsLabelTypeAndChannel()
    {
        final Path file = dir.resolve("wirebook-1-1.counters");
        final HandlerCounters counters = HandlerCounters.inFile(file, "af-xdp", 64);
        final AtomicCounter packets = counters.channel(2, "packets");
        final AtomicCounter wrongSource = counters.path("rejected.wrong_source");
        packets.incrementRelease();
        packets.incrementRelease();
        wrongSource.incrementRelease();

        try (CountersFile reader = CountersFile.open(file).orElseThrow())
        {
            assertThat(reader.name()).isEqualTo("af-xdp");
            assertThat(reader.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(reader.ownerAlive()).isTrue();
            final Map<String, long[]> seen = read(reader.reader());
            assertThat(seen.get("ch.2.packets")).containsExactly(2, CounterTypes.CHANNEL, 2);
            assertThat(seen.get("path.rejected.wrong_source")).containsExactly(1, CounterTypes.PATH, -1);

            packets.incrementRelease();
            assertThat(read(reader.reader()).get("ch.2.packets")[0]).isEqualTo(3);
        }
        counters.close();
        assertThat(file).doesNotExist();
        assertThat(packets.get()).as("readable after close").isEqualTo(3);
    }

    @Test
    void aFileWhoseOwnerIsGoneIsStaleAndRemovedButALiveOneStays() throws IOException
    {
        final HandlerCounters live = HandlerCounters.inFile(dir.resolve("wirebook-1-1.counters"), "socket", 16);
        final Path dead = dir.resolve("wirebook-2-1.counters");
        HandlerCounters.inFile(dead, "dpdk", 16);
        try (RandomAccessFile raf = new RandomAccessFile(dead.toFile(), "rw"))
        {
            raf.seek(CountersFile.PID_OFFSET);
            raf.writeLong(Long.reverseBytes(Integer.MAX_VALUE - 7)); // no such process
        }
        final Path notCounters = dir.resolve("wirebook-3-1.counters");
        Files.writeString(notCounters, "not a counters file, but long enough to hold a header".repeat(4));

        assertThat(CountersFile.open(dead).orElseThrow().ownerAlive()).isFalse();
        assertThat(CountersFile.removeStale(dir)).isEqualTo(1);
        assertThat(dead).doesNotExist();
        assertThat(dir.resolve("wirebook-1-1.counters")).exists();
        assertThat(notCounters).as("what is not ours is left alone").exists();
        assertThat(CountersFile.open(notCounters)).isEmpty();
        live.close();
    }

    @Test
    void aMissingDirectoryHasNoFiles()
    {
        assertThat(CountersFile.list(dir.resolve("nope"))).isEmpty();
        assertThat(CountersFile.removeStale(dir.resolve("nope"))).isZero();
    }

    private static Map<String, long[]> read(final CountersReader reader)
    {
        final Map<String, long[]> seen = new LinkedHashMap<>();
        reader.forEach((id, typeId, key, label) ->
            seen.put(label, new long[] {reader.getCounterValue(id), typeId, key.getInt(0)}));
        return seen;
    }
}
