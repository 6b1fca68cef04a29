package io.wirebook.doctor;

import java.util.HashMap;
import java.util.Map;

/** The kernel's boot parameters from /proc/cmdline; what follows "--" goes to init and is left out. */
final class KernelCmdline
{
    private final Map<String, String> params = new HashMap<>();

    private KernelCmdline()
    {
    }

    static KernelCmdline parse(final String cmdline)
    {
        final KernelCmdline parsed = new KernelCmdline();
        if (cmdline == null)
        {
            return parsed;
        }
        for (final String token : cmdline.strip().split("\\s+"))
        {
            if (token.equals("--"))
            {
                break;
            }
            if (token.isEmpty())
            {
                continue;
            }
            final int eq = token.indexOf('=');
            // The kernel takes the last of repeated parameters.
            if (eq < 0)
            {
                parsed.params.put(token, "");
            }
            else
            {
                parsed.params.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return parsed;
    }

    /** The parameter's value: "" for a bare flag, null when absent. */
    String value(final String name)
    {
        return params.get(name);
    }

    boolean has(final String name)
    {
        return params.containsKey(name);
    }
}
