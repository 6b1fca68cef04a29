package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes the hugepage files and runtime directories of DPDK runs that died. By convention the DPDK path uses
 * {@code --file-prefix wirebook-<pid>}, so DPDK names its hugepage files {@code /dev/hugepages/wirebook-<pid>map_N}
 * and its runtime directory {@code /var/run/dpdk/wirebook-<pid>}; an entry whose pid is no longer alive is garbage.
 */
public final class DpdkLeftovers
{
    public static final String FILE_PREFIX = "wirebook-";

    private static final Path HUGEPAGES = Path.of("/dev/hugepages");
    private static final Path RUNTIME = Path.of("/var/run/dpdk");

    private DpdkLeftovers()
    {
    }

    /** The --file-prefix for a DPDK EAL started in this JVM. */
    public static String filePrefixForThisProcess()
    {
        return FILE_PREFIX + ProcessHandle.current().pid();
    }

    /** Removes every leftover of a dead pid; returns how many entries went. */
    public static int sweep()
    {
        return sweep(HUGEPAGES) + sweep(RUNTIME);
    }

    static int sweep(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, FILE_PREFIX + "*"))
        {
            for (final Path entry : entries)
            {
                final long pid = ownerPid(entry.getFileName().toString());
                if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    deleteRecursively(entry);
                    removed++;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new LabNetworkException("cannot clean DPDK leftovers in " + dir + ": " + ex.getMessage(), ex);
        }
        return removed;
    }

    /** The pid in "wirebook-1234map_0" or "wirebook-1234", or -1 when the name carries none. */
    static long ownerPid(final String name)
    {
        if (!name.startsWith(FILE_PREFIX))
        {
            return -1;
        }
        int end = FILE_PREFIX.length();
        while (end < name.length() && Character.isDigit(name.charAt(end)) && end < FILE_PREFIX.length() + 18)
        {
            end++;
        }
        return end == FILE_PREFIX.length() ? -1 : Long.parseLong(name, FILE_PREFIX.length(), end, 10);
    }

    private static void deleteRecursively(final Path root) throws IOException
    {
        if (Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            try (Stream<Path> walk = Files.walk(root))
            {
                for (final Path p : walk.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(p);
                }
            }
        }
        else
        {
            Files.deleteIfExists(root);
        }
    }
}
