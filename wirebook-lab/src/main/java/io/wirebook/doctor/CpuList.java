package io.wirebook.doctor;

import java.util.BitSet;

/** The kernel's CPU list format ("0-3,8,10-11"), as in isolcpus=, nohz_full= and .../cpu/online. */
final class CpuList
{
    private CpuList()
    {
    }

    /**
     * The CPUs named in a list. Tokens that are not numbers or ranges (isolcpus' flags such as "domain",
     * "managed_irq", or "(null)" from an empty sysfs list) name no CPU.
     */
    static BitSet parse(final String list)
    {
        final BitSet cpus = new BitSet();
        if (list == null)
        {
            return cpus;
        }
        for (final String token : list.strip().split(","))
        {
            final String t = token.strip();
            final int dash = t.indexOf('-');
            try
            {
                if (dash > 0)
                {
                    final int from = Integer.parseInt(t.substring(0, dash));
                    final int to = Integer.parseInt(t.substring(dash + 1));
                    if (from >= 0 && to >= from && to < 65536)
                    {
                        cpus.set(from, to + 1);
                    }
                }
                else if (!t.isEmpty())
                {
                    final int cpu = Integer.parseInt(t);
                    if (cpu >= 0 && cpu < 65536)
                    {
                        cpus.set(cpu);
                    }
                }
            }
            catch (final NumberFormatException ex)
            {
                // A flag, not a CPU.
            }
        }
        return cpus;
    }

    /** The CPUs in the kernel's format, "none" when there are none. */
    static String format(final BitSet cpus)
    {
        if (cpus.isEmpty())
        {
            return "none";
        }
        final StringBuilder out = new StringBuilder();
        int from = cpus.nextSetBit(0);
        while (from >= 0)
        {
            final int to = cpus.nextClearBit(from) - 1;
            if (!out.isEmpty())
            {
                out.append(',');
            }
            out.append(from);
            if (to > from)
            {
                out.append('-').append(to);
            }
            from = cpus.nextSetBit(to + 1);
        }
        return out.toString();
    }
}
