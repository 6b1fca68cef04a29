package io.wirebook.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lab network of a prefix at a time on this machine. A second run with the same prefix would remove the first
 * one's namespaces as leftovers ({@link LabLeftovers}) in the middle of its measurement, so it waits here instead,
 * saying for whom. The lock is an advisory lock on {@code /run/lock/wirebook-lab-PREFIX.lock}, the place Linux keeps
 * for lock files (a tmpfs, empty after boot): the kernel drops it when the holder dies, even by SIGKILL. The file
 * stays: deleting it on release would let a waiter lock the deleted file while a newcomer locks a new one. It is a
 * POSIX lock, which the holder loses if it opens and closes the file by another descriptor: only this class
 * touches the file, through the one channel it locked.
 */
public final class LabLock implements AutoCloseable
{
    static final Path DIRECTORY = Path.of("/run/lock");

    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of this prefix, waiting (and saying so on stderr, once) while another process holds it. */
    public static LabLock acquire(final String prefix)
    {
        return acquire(DIRECTORY, prefix);
    }

    /**
     * Takes the lock of this prefix if no other process holds it.
     *
     * @return the lock, or null while another process's run holds it ({@link #holderOf} says whose).
     */
    public static LabLock tryAcquire(final String prefix)
    {
        return tryAcquire(DIRECTORY, prefix);
    }

    static LabLock tryAcquire(final Path directory, final String prefix)
    {
        return take(directory, prefix, false);
    }

    /** Who holds the lock of this prefix, e.g. "pid 4242", as it wrote it; "pid unknown" if it cannot be read. */
    public static String holderOf(final String prefix)
    {
        final Path path = DIRECTORY.resolve("wirebook-lab-" + prefix + ".lock");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            return holder(channel);
        }
        catch (final IOException ex)
        {
            return "pid unknown";
        }
    }

    static LabLock acquire(final Path directory, final String prefix)
    {
        return take(directory, prefix, true);
    }

    private static LabLock take(final Path directory, final String prefix, final boolean wait)
    {
        final Path path = directory.resolve("wirebook-lab-" + prefix + ".lock");
        try
        {
            Files.createDirectories(directory);
            final FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                channel.close();
                throw new IllegalStateException("this process already has a lab network " + prefix +
                    "; close it before building another", ex);
            }
            if (lock == null && !wait)
            {
                channel.close();
                return null;
            }
            if (lock == null)
            {
                System.err.println("wirebook: another lab run holds the " + prefix + " network (" +
                    holder(channel) + "); waiting for it to end");
                lock = channel.lock();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.US_ASCII)), 0);
            return new LabLock(channel, lock);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot take the lab lock " + path + ": " + ex.getMessage(), ex);
        }
    }

    private static String holder(final FileChannel channel)
    {
        try
        {
            final ByteBuffer buffer = ByteBuffer.allocate(64);
            final int read = channel.read(buffer, 0);
            return read <= 0 ? "pid unknown" : new String(buffer.array(), 0, read, StandardCharsets.US_ASCII)
                .strip();
        }
        catch (final IOException ex)
        {
            return "pid unknown";
        }
    }

    /** Drops the lock. Safe to call more than once. */
    public synchronized void close()
    {
        if (!channel.isOpen())
        {
            return;
        }
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot release the lab lock: " + ex.getMessage(), ex);
        }
    }
}
