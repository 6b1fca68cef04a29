package io.wirebook.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One lab network of a prefix at a time on this machine. A second run with the same prefix would remove the first
 * one's namespaces as leftovers ({@link LabLeftovers}) in the middle of its measurement, so it waits here instead,
 * saying for whom.
 *
 * <p>Every prefix locks one byte of a single file, {@code /run/lock/wirebook-lab.lock} (the place Linux keeps for
 * lock files, a tmpfs): the byte at the prefix read as a base-37 number, so two prefixes never share a byte and the
 * file is all there is to leave behind, however many prefixes the tests make up. The kernel drops a POSIX lock when
 * its process dies, even by SIGKILL, and {@code /proc/locks} names the process that holds it. A POSIX lock is also
 * lost when its process closes any descriptor of the file, so a JVM opens the file once and keeps that channel.
 */
public final class LabLock implements AutoCloseable
{
    static final Path FILE = Path.of("/run/lock/wirebook-lab.lock");
    private static final int RADIX = 37;
    private static final Map<Path, FileChannel> CHANNELS = new HashMap<>();

    private final FileLock lock;

    private LabLock(final FileLock lock)
    {
        this.lock = lock;
    }

    /** Takes the lock of this prefix, waiting (and saying so on stderr, once) while another process holds it. */
    public static LabLock acquire(final String prefix)
    {
        return take(FILE, prefix, true);
    }

    /**
     * Takes the lock of this prefix if no other process holds it.
     *
     * @return the lock, or null while another process's run holds it ({@link #holderOf} says whose).
     */
    public static LabLock tryAcquire(final String prefix)
    {
        return take(FILE, prefix, false);
    }

    /** Who holds the lock of this prefix, e.g. "pid 4242"; "pid unknown" when {@code /proc/locks} does not say. */
    public static String holderOf(final String prefix)
    {
        return holderOf(FILE, prefix);
    }

    static String holderOf(final Path file, final String prefix)
    {
        try
        {
            // stat, not open: opening and closing the file here would drop this process's own locks on it.
            final long inode = ((Number)Files.getAttribute(file, "unix:ino")).longValue();
            final String at = ":" + inode + " " + position(prefix) + " ";
            for (final String line : Files.readAllLines(Path.of("/proc/locks")))
            {
                // "1: POSIX  ADVISORY  WRITE 4242 fe:00:123 77 77"
                final String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[1].equals("POSIX") && (":" + f[5].substring(f[5].lastIndexOf(':') + 1) + " " +
                    f[6] + " ").equals(at))
                {
                    return "pid " + f[4];
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // fall through
        }
        return "pid unknown";
    }

    /** The byte a prefix locks: its characters (a-z, 0-9) as a base-37 number, at most 10 of them. */
    static long position(final String prefix)
    {
        long position = 0;
        for (int i = 0; i < prefix.length(); i++)
        {
            final char c = prefix.charAt(i);
            final int digit = c >= 'a' && c <= 'z' ? c - 'a' + 1 : c >= '0' && c <= '9' ? c - '0' + 27 : -1;
            if (digit < 0 || i >= 10)
            {
                throw new IllegalArgumentException("lab prefix '" + prefix + "': 1-10 of a-z and 0-9");
            }
            position = position * RADIX + digit;
        }
        return position;
    }

    static LabLock take(final Path file, final String prefix, final boolean wait)
    {
        final long position = position(prefix);
        try
        {
            final FileChannel channel = channel(file);
            FileLock lock;
            try
            {
                lock = channel.tryLock(position, 1, false);
            }
            catch (final OverlappingFileLockException ex)
            {
                throw new IllegalStateException("this process already has a lab network " + prefix +
                    "; close it before building another", ex);
            }
            if (lock == null && !wait)
            {
                return null;
            }
            if (lock == null)
            {
                System.err.println("wirebook: another lab run holds the " + prefix + " network (" +
                    holderOf(file, prefix) + "); waiting for it to end");
                lock = channel.lock(position, 1, false);
            }
            return new LabLock(lock);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot take the lab lock " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** The JVM's one channel on the file, opened on first use and kept open: see the class comment. */
    private static synchronized FileChannel channel(final Path file) throws IOException
    {
        FileChannel channel = CHANNELS.get(file);
        if (channel == null)
        {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
            CHANNELS.put(file, channel);
        }
        return channel;
    }

    /** Drops the lock. Safe to call more than once. */
    public synchronized void close()
    {
        if (!lock.isValid())
        {
            return;
        }
        try
        {
            lock.release();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot release the lab lock: " + ex.getMessage(), ex);
        }
    }
}
