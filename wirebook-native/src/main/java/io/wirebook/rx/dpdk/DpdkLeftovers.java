package io.wirebook.rx.dpdk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what an EAL with {@code --file-prefix=wirebook-<pid>} may leave behind: its runtime directory
 * /var/run/dpdk/wirebook-&lt;pid&gt; (and /var/run/dpdk itself once empty) and hugepage files
 * /dev/hugepages/wirebook-&lt;pid&gt;*. The path runs EAL {@code --in-memory}, which creates no hugepage files (the
 * kernel frees its hugepages when the process dies, even by SIGKILL), but EAL still makes the empty runtime
 * directory, so whoever starts a receiver process should call {@link #removeFor(long)} after it ends.
 *
 * <p>A net_af_xdp receiver killed with SIGKILL also leaves its XDP program attached to the interface (harmless
 * to a later socket reader: with no XSK in its map it passes frames on); {@link #resetInterface} detaches it.
 */
public final class DpdkLeftovers
{
    static final Path RUNTIME_ROOT = Paths.get("/var/run/dpdk");
    static final Path HUGEPAGES = Paths.get("/dev/hugepages");

    private DpdkLeftovers()
    {
    }

    /** Removes the leftovers of the EAL of process {@code pid}; returns what it removed. */
    public static List<Path> removeFor(final long pid)
    {
        return removePrefix(EalArguments.FILE_PREFIX + pid);
    }

    /** Removes the leftovers for a file prefix such as {@code wirebook-testpmd-1234}; returns what it removed. */
    public static List<Path> removePrefix(final String prefix)
    {
        return removePrefix(prefix, RUNTIME_ROOT, HUGEPAGES);
    }

    static List<Path> removePrefix(final String prefix, final Path runtimeRoot, final Path hugepages)
    {
        final List<Path> removed = new ArrayList<>();
        deleteTree(runtimeRoot.resolve(prefix), removed);
        for (final Path file : list(hugepages, prefix))
        {
            if (isOfPrefix(file, prefix))
            {
                deleteTree(file, removed);
            }
        }
        try
        {
            // Fails, as it should, while any other EAL has its directory there.
            if (Files.isDirectory(runtimeRoot) && Files.deleteIfExists(runtimeRoot))
            {
                removed.add(runtimeRoot);
            }
        }
        catch (final IOException ignored)
        {
            // not empty, or gone already
        }
        return removed;
    }

    /**
     * Removes every leftover whose owner is dead: a crashed run's receiver or testpmd. Names carry the owner's pid
     * ({@code wirebook-1234}, {@code wirebook-1234map_0}, {@code wirebook-testpmd-1234}); live owners keep theirs.
     *
     * @return how many entries went.
     */
    public static int removeDead()
    {
        return removeDead(RUNTIME_ROOT) + removeDead(HUGEPAGES);
    }

    static int removeDead(final Path dir)
    {
        int entries = 0;
        for (final Path entry : list(dir, "wirebook-"))
        {
            final long pid = ownerPid(entry.getFileName().toString());
            if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                deleteTree(entry, new ArrayList<>());
                entries++;
            }
        }
        return entries;
    }

    /** The pid in "wirebook-1234map_0", "wirebook-1234" or "wirebook-testpmd-1234", or -1 when there is none. */
    static long ownerPid(final String name)
    {
        int start = "wirebook-".length();
        if (!name.startsWith("wirebook-"))
        {
            return -1;
        }
        if (name.startsWith("testpmd-", start))
        {
            start += "testpmd-".length();
        }
        int end = start;
        while (end < name.length() && end < start + 18 && Character.isDigit(name.charAt(end)))
        {
            end++;
        }
        return end == start ? -1 : Long.parseLong(name, start, end, 10);
    }

    /**
     * Detaches any XDP program from an interface and clears the all-multicast and promiscuous flags a DPDK
     * receiver killed before its close may have left; {@code netns} may be null for the current namespace.
     *
     * @return true if every {@code ip} command succeeded.
     */
    public static boolean resetInterface(final String netns, final String interfaceName)
    {
        final boolean xdp = ip(netns, "link", "set", "dev", interfaceName, "xdp", "off");
        final boolean allMulticast = ip(netns, "link", "set", "dev", interfaceName, "allmulticast", "off");
        final boolean promiscuous = ip(netns, "link", "set", "dev", interfaceName, "promisc", "off");
        return xdp && allMulticast && promiscuous;
    }

    private static boolean ip(final String netns, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add("ip");
        if (netns != null)
        {
            command.add("-n");
            command.add(netns);
        }
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What exists now for a prefix: runtime directory and hugepage files. */
    public static List<Path> find(final String prefix)
    {
        return find(prefix, RUNTIME_ROOT, HUGEPAGES);
    }

    static List<Path> find(final String prefix, final Path runtimeRoot, final Path hugepages)
    {
        final List<Path> found = new ArrayList<>();
        final Path runtime = runtimeRoot.resolve(prefix);
        if (Files.exists(runtime))
        {
            found.add(runtime);
        }
        for (final Path file : list(hugepages, prefix))
        {
            if (isOfPrefix(file, prefix))
            {
                found.add(file);
            }
        }
        return found;
    }

    /** "wirebook-12" must not take the files of "wirebook-123": hugepage files are the prefix then "map_N". */
    private static boolean isOfPrefix(final Path file, final String prefix)
    {
        final String rest = file.getFileName().toString().substring(prefix.length());
        return rest.isEmpty() || !Character.isDigit(rest.charAt(0));
    }

    private static List<Path> list(final Path directory, final String prefix)
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, prefix + "*"))
        {
            stream.forEach(files::add);
        }
        catch (final IOException ignored)
        {
            // nothing readable, nothing to remove
        }
        return files;
    }

    private static void deleteTree(final Path root, final List<Path> removed)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
                removed.add(path);
            }
        }
        catch (final IOException ignored)
        {
            // best effort: the caller can list what is left with find()
        }
    }
}
