package io.wirebook.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lab network of a prefix at a time on this machine. A second run with the same prefix would remove the first
 * one's namespaces as leftovers ({@link LabLeftovers}) in the middle of its measurement, so it waits here instead,
 * saying for whom. The lock is an advisory lock on {@code /run/lock/wirebook-lab-PREFIX.lock}: the kernel drops it
 * when the holder dies, even by SIGKILL, and the holder deletes the file on release so that nothing is left behind.
 * Because the file is deleted, a waiter that got the lock writes a token into what it locked and reads it back from
 * the path: if the path now holds another file, it locked a deleted one and tries again.
 */
public final class LabLock implements AutoCloseable
{
    static final Path DIRECTORY = Path.of("/run/lock");

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private LabLock(final Path path, final FileChannel channel, final FileLock lock)
    {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of this prefix, waiting (and saying so on stderr, once) while another process holds it. */
    public static LabLock acquire(final String prefix)
    {
        return acquire(DIRECTORY, prefix);
    }

    static LabLock acquire(final Path directory, final String prefix)
    {
        final Path path = directory.resolve("wirebook-lab-" + prefix + ".lock");
        boolean told = false;
        try
        {
            Files.createDirectories(directory);
            while (true)
            {
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
                if (lock == null)
                {
                    if (!told)
                    {
                        System.err.println("wirebook: another lab run holds the " + prefix + " network (" +
                            holder(channel) + "); waiting for it to end");
                        told = true;
                    }
                    lock = channel.lock();
                }
                final String token = "pid " + ProcessHandle.current().pid() + " " + System.nanoTime() + "\n";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)), 0);
                if (token.equals(contentAt(path)))
                {
                    return new LabLock(path, channel, lock);
                }
                // The holder deleted the file as we waited on it, and we hold a lock on nothing: lock the one at
                // the path now.
                channel.close();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot take the lab lock " + path + ": " + ex.getMessage(), ex);
        }
    }

    private static String contentAt(final Path path) throws IOException
    {
        try
        {
            return Files.readString(path, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            return "";
        }
    }

    private static String holder(final FileChannel channel)
    {
        try
        {
            final ByteBuffer buffer = ByteBuffer.allocate(64);
            final int read = channel.read(buffer, 0);
            return read <= 0 ? "pid unknown" : new String(buffer.array(), 0, read, StandardCharsets.US_ASCII)
                .strip().replaceFirst(" [0-9]+$", "");
        }
        catch (final IOException ex)
        {
            return "pid unknown";
        }
    }

    /** Deletes the file, then drops the lock. Safe to call more than once. */
    public synchronized void close()
    {
        if (!channel.isOpen())
        {
            return;
        }
        try
        {
            Files.deleteIfExists(path);
            lock.release();
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot release the lab lock " + path + ": " + ex.getMessage(), ex);
        }
    }
}
