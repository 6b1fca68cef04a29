package io.wirebook.counters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Every counter of one feed handler, in one Agrona {@link CountersManager}: over a {@link CountersFile} in shared
 * memory, so that {@code wirebook stat} reads them live, or over plain memory where nobody watches (a unit test, a
 * benchmark of the books alone).
 *
 * <p>Each counter is labelled with a dotted name that says what it counts and where: {@code ch.0.packets},
 * {@code ch.0.recovery.gaps}, {@code ch.0.rejected.unknown_reference}, {@code path.rejected.wrong_source},
 * {@code capture.dropped}, {@code handler.errors}. Its type id is one of {@link CounterTypes}; a channel counter's
 * key holds its channel.
 * The poll thread is the only writer of each counter and writes with release semantics
 * ({@link AtomicCounter#incrementRelease()}): no lock, no allocation, no system call.
 */
public final class HandlerCounters implements AutoCloseable
{
    /** Enough for the handler, its path and a few dozen channels. */
    public static final int DEFAULT_MAX_COUNTERS = 2048;

    /** The key of a counter that belongs to no channel. */
    public static final int NO_CHANNEL = -1;

    private final CountersManager manager;
    private final CountersFile file;

    private HandlerCounters(final CountersManager manager, final CountersFile file)
    {
        this.manager = manager;
        this.file = file;
    }

    /** Counters nobody outside this process can see. */
    public static HandlerCounters inMemory()
    {
        return inMemory(DEFAULT_MAX_COUNTERS);
    }

    public static HandlerCounters inMemory(final int maxCounters)
    {
        final UnsafeBuffer metadata =
            new UnsafeBuffer(ByteBuffer.allocateDirect(maxCounters * CountersReader.METADATA_LENGTH));
        final UnsafeBuffer values =
            new UnsafeBuffer(ByteBuffer.allocateDirect(maxCounters * CountersReader.COUNTER_LENGTH));
        return new HandlerCounters(new CountersManager(metadata, values, StandardCharsets.US_ASCII), null);
    }

    /** Counters in a new file, removed again when these close or the JVM exits. */
    public static HandlerCounters inFile(final Path path, final String name, final int maxCounters)
    {
        final CountersFile file = CountersFile.create(path, name, maxCounters);
        return new HandlerCounters(
            new CountersManager(file.metadata(), file.values(), StandardCharsets.US_ASCII), file);
    }

    /** A counter of the handler as a whole, labelled {@code handler.NAME}. */
    public AtomicCounter handler(final String name)
    {
        return newCounter(CounterTypes.HANDLER, NO_CHANNEL, "handler." + name);
    }

    /** A counter of the receive path, labelled {@code path.NAME}. */
    public AtomicCounter path(final String name)
    {
        return newCounter(CounterTypes.PATH, NO_CHANNEL, "path." + name);
    }

    /** A counter of one channel, labelled {@code ch.CHANNEL.NAME}. */
    public AtomicCounter channel(final int channel, final String name)
    {
        return newCounter(CounterTypes.CHANNEL, channel, "ch." + channel + "." + name);
    }

    /** A counter of the packet capture, labelled {@code capture.NAME}. */
    public AtomicCounter capture(final String name)
    {
        return newCounter(CounterTypes.CAPTURE, NO_CHANNEL, "capture." + name);
    }

    /** A counter of the BinaryFILE recorder, labelled {@code record.NAME}. */
    public AtomicCounter record(final String name)
    {
        return newCounter(CounterTypes.RECORD, NO_CHANNEL, "record." + name);
    }

    private AtomicCounter newCounter(final int typeId, final int channel, final String label)
    {
        return manager.newCounter(label, typeId, key -> key.putInt(0, channel));
    }

    /** Every counter's label and value now, in the order they were made; allocates, so not for the poll thread. */
    public Map<String, Long> values()
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        manager.forEach((value, id, label) -> values.put(label, value));
        return values;
    }

    /** A counter's value by label, or 0 when there is no such counter. */
    public long value(final String label)
    {
        return values().getOrDefault(label, 0L);
    }

    public CountersReader reader()
    {
        return manager;
    }

    /** The file {@code stat} reads, when these counters are in one. */
    public Optional<Path> file()
    {
        return file == null ? Optional.empty() : Optional.of(file.path());
    }

    /** Removes the file, so no other process finds it; the counters stay readable here. */
    @Override
    public void close()
    {
        if (file != null)
        {
            file.close();
        }
    }
}
