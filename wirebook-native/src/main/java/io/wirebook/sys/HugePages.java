package io.wirebook.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The kernel's hugepage pools, one directory per page size under {@value #SYSFS} ({@code hugepages-2048kB},
 * {@code hugepages-1048576kB}), each with the pages reserved ({@code nr_hugepages}) and still free
 * ({@code free_hugepages}). Read through two functions so that the doctor reads its own tree of host files and a
 * test a temporary one; {@link #system()} reads this host's.
 */
public final class HugePages
{
    public static final String SYSFS = "/sys/kernel/mm/hugepages";
    /** The page size DPDK and af-xdp's UMEM use by default. */
    public static final long SIZE_2M_KB = 2048;

    private static final String POOL_PREFIX = "hugepages-";
    private static final String POOL_SUFFIX = "kB";

    private final Function<String, String> readTrimmed;
    private final Function<String, List<String>> list;

    /**
     * @param readTrimmed a file's text without surrounding white space, or null when it cannot be read.
     * @param list        the names in a directory, empty when it cannot be read.
     */
    public HugePages(final Function<String, String> readTrimmed, final Function<String, List<String>> list)
    {
        this.readTrimmed = readTrimmed;
        this.list = list;
    }

    /** This host's pools. */
    public static HugePages system()
    {
        return new HugePages(HugePages::readTrimmed, HugePages::names);
    }

    /**
     * One page size's pool.
     *
     * @param total reserved pages, -1 when the kernel has no such pool or it cannot be read.
     * @param free  of which not in use, -1 likewise.
     */
    public record Pool(long sizeKb, long total, long free)
    {
    }

    /** The pool of pages of {@code sizeKb} KiB. */
    public Pool pool(final long sizeKb)
    {
        final String directory = SYSFS + "/" + POOL_PREFIX + sizeKb + POOL_SUFFIX;
        return new Pool(sizeKb, number(readTrimmed.apply(directory + "/nr_hugepages")),
            number(readTrimmed.apply(directory + "/free_hugepages")));
    }

    /** Free pages over every page size: what an EAL that may take any size can map. */
    public long freeOfAnySize()
    {
        long free = 0;
        for (final String name : list.apply(SYSFS))
        {
            if (name.startsWith(POOL_PREFIX) && name.endsWith(POOL_SUFFIX))
            {
                final String size = name.substring(POOL_PREFIX.length(), name.length() - POOL_SUFFIX.length());
                final long pages = size.matches("[0-9]+") ? pool(Long.parseLong(size)).free() : -1;
                free += Math.max(0, pages);
            }
        }
        return free;
    }

    private static long number(final String text)
    {
        return text != null && text.matches("[0-9]+") ? Long.parseLong(text) : -1;
    }

    /** From the first byte on, in chunks: sysfs and procfs files show a size that is not their length. */
    private static String readTrimmed(final String path)
    {
        try (InputStream in = Files.newInputStream(Path.of(path)))
        {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static List<String> names(final String directory)
    {
        final List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of(directory)))
        {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        }
        catch (final IOException ex)
        {
            return List.of();
        }
        return names;
    }
}
