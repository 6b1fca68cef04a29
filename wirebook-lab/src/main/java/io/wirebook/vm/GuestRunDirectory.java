package io.wirebook.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A guest's directory on the host, {@code $TMPDIR/wirebook-PID-vm-RANDOM}: the initramfs, the serial log, qemu's
 * stderr and the read-write share. The owner's pid in the name lets a later run (and the lab's cleanup watcher)
 * remove the directories of a JVM that was killed before it could.
 */
final class GuestRunDirectory
{
    static final String PREFIX = "wirebook-";
    static final String MARK = "-vm-";

    private GuestRunDirectory()
    {
    }

    /** A new directory owned by this process, with an empty {@code share} inside. */
    static Path create()
    {
        try
        {
            final Path dir = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + MARK);
            Files.createDirectory(dir.resolve("share"));
            return dir;
        }
        catch (final IOException ex)
        {
            throw new GuestException("cannot create the guest's run directory: " + ex.getMessage(), ex);
        }
    }

    /** Removes the directories whose owner is gone; returns how many. */
    static int removeDead()
    {
        int removed = 0;
        final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp, PREFIX + "*" + MARK + "*"))
        {
            for (final Path dir : stream)
            {
                final long pid = ownerPid(dir.getFileName().toString());
                if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    delete(dir);
                    removed++;
                }
            }
        }
        catch (final IOException | UncheckedIOException ignored)
        {
            // nothing readable, nothing to remove
        }
        return removed;
    }

    /** The pid in "wirebook-1234-vm-567", or -1. */
    static long ownerPid(final String name)
    {
        final int mark = name.indexOf(MARK);
        if (!name.startsWith(PREFIX) || mark <= PREFIX.length())
        {
            return -1;
        }
        try
        {
            return Long.parseLong(name, PREFIX.length(), mark, 10);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** Removes the tree; best effort, what cannot go stays (and a later run removes it). */
    static void delete(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir))
        {
            final List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (final Path path : paths)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException | UncheckedIOException ignored)
        {
            // best effort, as above
        }
    }
}
