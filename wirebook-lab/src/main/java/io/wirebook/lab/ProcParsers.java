package io.wirebook.lab;

/**
 * Parsers for the procfs tables that {@link HostNoise} samples. They take the file's text so tests can feed
 * fixtures; procfs is shared by every network namespace, so the figures are the host's wherever the caller runs.
 */
final class ProcParsers
{
    /** Jiffies of one CPU line of /proc/stat: all time (user..steal; guest is already inside user) and steal. */
    record CpuTimes(long total, long steal)
    {
    }

    private ProcParsers()
    {
    }

    /**
     * The "cpu" (cpu &lt; 0) or "cpuN" line of /proc/stat.
     *
     * @return null when the line is absent (offline or non-existent CPU).
     */
    static CpuTimes cpuTimes(final String stat, final int cpu)
    {
        final String label = cpu < 0 ? "cpu" : "cpu" + cpu;
        for (final String line : stat.split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            if (f.length >= 5 && f[0].equals(label))
            {
                long total = 0;
                // user nice system idle iowait irq softirq steal: older kernels stop after 4..7 of them.
                for (int i = 1; i < Math.min(f.length, 9); i++)
                {
                    total += Long.parseLong(f[i]);
                }
                final long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
                return new CpuTimes(total, steal);
            }
        }
        return null;
    }

    /** The "ctxt" line of /proc/stat: context switches since boot, all CPUs; -1 when absent. */
    static long contextSwitches(final String stat)
    {
        return longField(stat, "ctxt");
    }

    /**
     * The sum of one CPU's column of /proc/interrupts or /proc/softirqs (both have a "CPU0 CPU1 ..." header over
     * rows "LABEL: n0 n1 ... description"). Rows with fewer counters than CPUs (ERR, MIS) are not per CPU and are
     * left out.
     *
     * @return -1 when the CPU has no column (offline CPUs have none).
     */
    static long columnSum(final String table, final int cpu)
    {
        return sumRows(table, cpu, null);
    }

    /** One row's counter ("NET_RX" in /proc/softirqs) for one CPU; -1 when the row or the column is absent. */
    static long rowValue(final String table, final String rowLabel, final int cpu)
    {
        return sumRows(table, cpu, rowLabel);
    }

    private static long sumRows(final String table, final int cpu, final String onlyRow)
    {
        final String[] lines = table.split("\n");
        if (lines.length == 0)
        {
            return -1;
        }
        final String[] header = lines[0].strip().split("\\s+");
        final int columns = header.length;
        int column = -1;
        for (int i = 0; i < header.length; i++)
        {
            if (header[i].equals("CPU" + cpu))
            {
                column = i;
            }
        }
        if (column < 0)
        {
            return -1;
        }

        long sum = 0;
        boolean found = onlyRow == null;
        for (int l = 1; l < lines.length; l++)
        {
            final String line = lines[l].strip();
            final int colon = line.indexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            final String label = line.substring(0, colon);
            if (onlyRow != null && !onlyRow.equals(label))
            {
                continue;
            }
            final String[] counters = line.substring(colon + 1).strip().split("\\s+");
            if (counters.length < columns || !allDigits(counters, columns))
            {
                continue;
            }
            sum += Long.parseLong(counters[column]);
            found = true;
        }
        return found ? sum : -1;
    }

    private static boolean allDigits(final String[] tokens, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final String t = tokens[i];
            if (t.isEmpty())
            {
                return false;
            }
            for (int c = 0; c < t.length(); c++)
            {
                if (!Character.isDigit(t.charAt(c)))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /** voluntary_ctxt_switches of /proc/PID/task/TID/status; -1 when absent. */
    static long voluntarySwitches(final String status)
    {
        return longField(status, "voluntary_ctxt_switches:");
    }

    /** nonvoluntary_ctxt_switches of /proc/PID/task/TID/status; -1 when absent. */
    static long nonvoluntarySwitches(final String status)
    {
        return longField(status, "nonvoluntary_ctxt_switches:");
    }

    private static long longField(final String text, final String key)
    {
        for (final String line : text.split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            if (f.length >= 2 && f[0].equals(key))
            {
                return Long.parseLong(f[1]);
            }
        }
        return -1;
    }
}
