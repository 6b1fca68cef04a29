package io.wirebook.counters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.wirebook.util.ExitHook;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * A handler's counters as a memory-mapped file, so that another process reads them live (as AeronStat reads a
 * media driver's CnC file). Layout: a header of {@link #HEADER_LENGTH} bytes naming the owner, then the
 * {@link CountersReader} metadata, then the values.
 *
 * <p>The owner is a process id and that process's start time: a file whose owner is gone, or whose pid now
 * belongs to another process, is stale. A handler removes its file when it closes and at JVM exit; a stale one,
 * left by a kill, is removed by the next handler that opens in the same directory.
 */
public final class CountersFile implements AutoCloseable
{
    /** Where handlers put their counters by default: shared memory, never the disk. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/dev/shm");

    public static final String PREFIX = "wirebook-";
    public static final String SUFFIX = ".counters";

    static final int MAGIC = 0x5742_434E; // "WBCN"
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int PID_OFFSET = 8;
    static final int PROCESS_START_MS_OFFSET = 16;
    static final int CREATED_MS_OFFSET = 24;
    static final int METADATA_LENGTH_OFFSET = 32;
    static final int VALUES_LENGTH_OFFSET = 36;
    static final int NAME_LENGTH_OFFSET = 40;
    static final int NAME_OFFSET = 44;
    static final int MAX_NAME_LENGTH = 80;
    /** A multiple of the counters' 128-byte records, so every value stays aligned for atomic access. */
    public static final int HEADER_LENGTH = 128;

    /** The files this process made and has not closed yet: removed at JVM exit (a Ctrl-C, say). */
    private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

    static
    {
        ExitHook.register("wirebook-counters-cleanup", () -> OWNED.forEach(CountersFile::deleteQuietly));
    }

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;
    private final boolean owner;

    private CountersFile(final Path file, final MappedByteBuffer mapped, final boolean owner)
    {
        this.file = file;
        this.mapped = mapped;
        this.owner = owner;
        header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength);
        values = new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength);
    }

    /**
     * Creates and maps a new counters file for up to {@code maxCounters} counters, owned by this process.
     *
     * @param name what the handler calls itself (its receive path, say), shown by {@code stat}.
     */
    public static CountersFile create(final Path file, final String name, final int maxCounters)
    {
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final MappedByteBuffer mapped;
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            mapped = IoUtil.mapNewFile(file.toFile(), (long)HEADER_LENGTH + metadataLength + valuesLength, true);
        }
        catch (final IOException | IllegalStateException ex)
        {
            throw new UncheckedIOException("cannot create counters file " + file + ": " + ex.getMessage(),
                ex instanceof IOException io ? io : new IOException(ex));
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final ProcessHandle self = ProcessHandle.current();
        header.putLong(PID_OFFSET, self.pid());
        header.putLong(PROCESS_START_MS_OFFSET, startMillis(self));
        header.putLong(CREATED_MS_OFFSET, System.currentTimeMillis());
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        final int length = Math.min(bytes.length, MAX_NAME_LENGTH);
        header.putInt(NAME_LENGTH_OFFSET, length);
        header.putBytes(NAME_OFFSET, bytes, 0, length);
        header.putInt(VERSION_OFFSET, VERSION);
        // Last, with release semantics: a reader that sees the magic sees a whole header.
        header.putIntRelease(MAGIC_OFFSET, MAGIC);
        OWNED.add(file);
        return new CountersFile(file, mapped, true);
    }

    /** Maps an existing counters file to read it; empty when it is not one (or not whole yet). */
    public static Optional<CountersFile> open(final Path file)
    {
        final MappedByteBuffer mapped;
        try
        {
            if (Files.size(file) < HEADER_LENGTH)
            {
                return Optional.empty();
            }
            mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_ONLY, "counters");
        }
        catch (final IOException | IllegalStateException ex)
        {
            return Optional.empty();
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final long needed = (long)HEADER_LENGTH + header.getInt(METADATA_LENGTH_OFFSET) +
            header.getInt(VALUES_LENGTH_OFFSET);
        if (header.getIntAcquire(MAGIC_OFFSET) != MAGIC || header.getInt(VERSION_OFFSET) != VERSION ||
            needed > mapped.capacity())
        {
            IoUtil.unmap(mapped);
            return Optional.empty();
        }
        return Optional.of(new CountersFile(file, mapped, false));
    }

    /** The counters files in a directory, oldest first by name; a missing directory has none. */
    public static List<Path> list(final Path directory)
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            stream.forEach(files::add);
        }
        catch (final IOException ex)
        {
            return files;
        }
        files.sort(null);
        return files;
    }

    /** Removes the directory's counters files whose owner is gone; returns how many it removed. */
    public static int removeStale(final Path directory)
    {
        int removed = 0;
        for (final Path path : list(directory))
        {
            final Optional<CountersFile> file = open(path);
            final boolean stale = file.map(f -> !f.ownerAlive()).orElse(false);
            file.ifPresent(CountersFile::close);
            if (stale && deleteQuietly(path))
            {
                removed++;
            }
        }
        return removed;
    }

    /** A file name for this process's {@code n}th handler. */
    public static Path defaultFile(final Path directory, final long n)
    {
        return directory.resolve(PREFIX + ProcessHandle.current().pid() + "-" + n + SUFFIX);
    }

    public Path path()
    {
        return file;
    }

    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /** What the handler calls itself (its receive path). */
    public String name()
    {
        return header.getStringWithoutLengthAscii(NAME_OFFSET, header.getInt(NAME_LENGTH_OFFSET));
    }

    /** When the handler created the file, in epoch milliseconds. */
    public long createdMillis()
    {
        return header.getLong(CREATED_MS_OFFSET);
    }

    /** Whether the process that made this file still runs: the same pid, started at the same time. */
    public boolean ownerAlive()
    {
        final Optional<ProcessHandle> process = ProcessHandle.of(pid());
        return process.isPresent() && process.get().isAlive() &&
            Math.abs(startMillis(process.get()) - header.getLong(PROCESS_START_MS_OFFSET)) < 1_000;
    }

    /** Whether the file is still where it was: a handler that closes removes it. */
    public boolean exists()
    {
        return Files.exists(file);
    }

    UnsafeBuffer metadata()
    {
        return metadata;
    }

    UnsafeBuffer values()
    {
        return values;
    }

    /** A reader of the counters, for another thread or process. */
    public CountersReader reader()
    {
        return new CountersReader(metadata, values, StandardCharsets.US_ASCII);
    }

    /**
     * A reader unmaps the file. The owner removes it but keeps its mapping: the handler's counters stay readable
     * after it closes, and the memory goes back when the last reference to them does.
     */
    @Override
    public void close()
    {
        if (owner)
        {
            deleteQuietly(file);
            OWNED.remove(file);
        }
        else
        {
            IoUtil.unmap(mapped);
        }
    }

    private static long startMillis(final ProcessHandle process)
    {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static boolean deleteQuietly(final Path path)
    {
        try
        {
            return Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
