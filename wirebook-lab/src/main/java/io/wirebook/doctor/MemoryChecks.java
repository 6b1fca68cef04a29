package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.List;

import io.wirebook.sys.HugePages;
import io.wirebook.sys.Privileges;

/** Memory the paths pin or map: hugepages, transparent hugepages, and the locked-memory limit. */
record MemoryChecks(HostFacts host)
{
    /** af-xdp's UMEM with its defaults (xdp.frames 4096 × xdp.frame-size 4096), one per line (interface). */
    static final long UMEM_BYTES_PER_LINE = 4096L * 4096L;
    /** The lab receives lines A and B. */
    static final int LINES = 2;

    private static final String THP = "/sys/kernel/mm/transparent_hugepage";
    private static final String UNLIMITED = "unlimited";

    Check hugepages()
    {
        final HostFiles files = host.files();
        final HugePages.Pool pool = new HugePages(files::readTrimmed, files::list).pool(HugePages.SIZE_2M_KB);
        long total = pool.total();
        long free = pool.free();
        if (total < 0)
        {
            final String meminfo = files.read("/proc/meminfo");
            if (meminfo != null && "2048".equals(meminfoField(meminfo, "Hugepagesize:")))
            {
                total = number(meminfoField(meminfo, "HugePages_Total:"));
                free = number(meminfoField(meminfo, "HugePages_Free:"));
            }
        }
        final List<String> mounts = hugetlbfsMounts(files.read("/proc/mounts"));
        final String mounted = mounts.isEmpty() ? "no hugetlbfs mounted" : "hugetlbfs on " + String.join(", ", mounts);
        if (total <= 0)
        {
            return Check.fail("hugepages", "no 2 MiB hugepages reserved; " + mounted,
                "echo 512 > /proc/sys/vm/nr_hugepages (./wirebook setup does it): dpdk needs them, af-xdp's UMEM " +
                "sits on them");
        }
        final String pages = free + " of " + total + " 2 MiB pages free";
        if (free <= 0)
        {
            return Check.fail("hugepages", pages + "; " + mounted,
                "./wirebook cleanup frees what a crashed run holds; or reserve more: echo " + (total * 2) +
                " > /proc/sys/vm/nr_hugepages");
        }
        if (mounts.isEmpty())
        {
            return Check.fail("hugepages", pages + "; " + mounted,
                "mount -t hugetlbfs nodev /dev/hugepages (./wirebook setup does it): dpdk maps its pages there");
        }
        return Check.ok("hugepages", pages + "; " + mounted);
    }

    Check transparentHugepages()
    {
        final String enabled = selected(host.files().readTrimmed(THP + "/enabled"));
        final String defrag = selected(host.files().readTrimmed(THP + "/defrag"));
        if (enabled == null)
        {
            return Check.skip("thp", "no transparent hugepages (kernel without CONFIG_TRANSPARENT_HUGEPAGE)",
                "nothing needed; the JVM's -XX:+UseTransparentHugePages then gets small pages");
        }
        final String found = "enabled [" + enabled + "], defrag [" + (defrag == null ? "?" : defrag) + "]";
        final List<String> why = new ArrayList<>();
        final List<String> fixes = new ArrayList<>();
        if (enabled.equals("always"))
        {
            why.add("khugepaged collapses every process's memory, stalling it");
            fixes.add("echo madvise > " + THP + "/enabled");
        }
        else if (enabled.equals("never"))
        {
            why.add("the JVM's -XX:+UseTransparentHugePages gets no huge pages");
            fixes.add("echo madvise > " + THP + "/enabled");
        }
        if ("always".equals(defrag))
        {
            why.add("a page fault may stall in direct compaction");
            fixes.add("echo defer+madvise > " + THP + "/defrag");
        }
        if (why.isEmpty())
        {
            return Check.ok("thp", found);
        }
        return Check.warn("thp", found + ": " + String.join("; ", why), String.join("; ", fixes));
    }

    Check memlock()
    {
        final String limits = host.files().read("/proc/self/limits");
        final String[] lock = limits == null ? null : lockedMemoryLimit(limits);
        if (lock == null)
        {
            return Check.skip("memlock", "cannot read the locked-memory limit (/proc/self/limits)",
                "ulimit -l shows it; af-xdp needs " + mib(UMEM_BYTES_PER_LINE) + " per line, or CAP_IPC_LOCK");
        }
        final String soft = lock[0];
        final String shown = soft.equals(UNLIMITED) ? UNLIMITED : mib(Long.parseLong(soft));
        final long need = UMEM_BYTES_PER_LINE * LINES;
        if (host.capabilities().has(Privileges.CAP_IPC_LOCK))
        {
            return Check.ok("memlock", "limit " + shown + "; CAP_IPC_LOCK lifts it for af-xdp's UMEM");
        }
        if (soft.equals(UNLIMITED) || Long.parseLong(soft) >= need)
        {
            return Check.ok("memlock", "limit " + shown + " >= the " + mib(need) + " af-xdp pins for " + LINES +
                " lines");
        }
        return Check.fail("memlock", "limit " + shown + " and no CAP_IPC_LOCK: af-xdp cannot pin its UMEM (" +
            mib(UMEM_BYTES_PER_LINE) + " per line)",
            "ulimit -l unlimited before starting (LimitMEMLOCK=infinity in a unit, memlock in limits.conf)");
    }

    /** The soft and hard values of "Max locked memory", bytes or "unlimited"; null when absent. */
    static String[] lockedMemoryLimit(final String limits)
    {
        for (final String line : limits.split("\n"))
        {
            if (line.startsWith("Max locked memory"))
            {
                final String[] f = line.substring("Max locked memory".length()).strip().split("\\s+");
                if (f.length >= 2 && (f[0].equals(UNLIMITED) || f[0].matches("[0-9]+")))
                {
                    return new String[] {f[0], f[1]};
                }
            }
        }
        return null;
    }

    private static String mib(final long bytes)
    {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }

    private static List<String> hugetlbfsMounts(final String mounts)
    {
        final List<String> points = new ArrayList<>();
        if (mounts != null)
        {
            for (final String line : mounts.split("\n"))
            {
                final String[] f = line.strip().split("\\s+");
                if (f.length >= 3 && f[2].equals("hugetlbfs"))
                {
                    points.add(f[1]);
                }
            }
        }
        return points;
    }

    private static String meminfoField(final String meminfo, final String key)
    {
        for (final String line : meminfo.split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            if (f.length >= 2 && f[0].equals(key))
            {
                return f[1];
            }
        }
        return null;
    }

    /** The bracketed choice of a sysfs selector ("always [madvise] never"), or null. */
    static String selected(final String selector)
    {
        if (selector == null)
        {
            return null;
        }
        final int open = selector.indexOf('[');
        final int close = selector.indexOf(']', open + 1);
        return open < 0 || close < 0 ? null : selector.substring(open + 1, close);
    }

    private static long number(final String text)
    {
        return text != null && text.matches("[0-9]+") ? Long.parseLong(text) : -1;
    }
}
