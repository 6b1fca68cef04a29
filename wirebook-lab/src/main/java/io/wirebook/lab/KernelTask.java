package io.wirebook.lab;

/**
 * What a task's {@code /proc/PID/stat} line says about where it may be placed: whether it is a kernel thread, and
 * whether the kernel keeps its affinity to itself. Read by {@link CpuShield}, which moves threads, and by
 * {@code doctor}, which names those that could be moved.
 */
public final class KernelTask
{
    private static final long PF_KTHREAD = 0x00200000L;
    /** Set on kernel threads whose affinity only the kernel sets: per-CPU threads, workqueue workers. */
    private static final long PF_NO_SETAFFINITY = 0x04000000L;
    /** kthreadd, whose affinity every new kernel thread starts with: left where it is. */
    public static final int KTHREADD = 2;

    private KernelTask()
    {
    }

    /** The task's flags, field 9 of its stat line; -1 if the line cannot be read. */
    public static long flags(final String stat)
    {
        final int end = stat.lastIndexOf(')');
        if (end < 0)
        {
            return -1;
        }
        final String[] fields = stat.substring(end + 1).strip().split(" ");
        try
        {
            return fields.length > 6 ? Long.parseLong(fields[6]) : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** The command name between the stat line's parentheses. */
    public static String name(final String stat)
    {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    public static boolean isKernelThread(final long flags)
    {
        return flags >= 0 && (flags & PF_KTHREAD) != 0;
    }

    /** A kernel thread whose affinity only the kernel sets; any other task may be given one. */
    public static boolean keepsItsAffinity(final long flags)
    {
        return isKernelThread(flags) && (flags & PF_NO_SETAFFINITY) != 0;
    }
}
