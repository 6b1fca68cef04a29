package io.wirebook.doctor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The running kernel's build options, from /boot/config-$(uname -r) or /proc/config.gz. */
final class KernelConfig
{
    private final Map<String, String> options = new HashMap<>();
    private final String source;

    private KernelConfig(final String text, final String source)
    {
        this.source = source;
        if (text != null)
        {
            for (final String line : text.split("\n"))
            {
                final int eq = line.indexOf('=');
                if (line.startsWith("CONFIG_") && eq > 0)
                {
                    options.put(line.substring(0, eq), unquote(line.substring(eq + 1).strip()));
                }
            }
        }
    }

    static KernelConfig load(final HostFiles files)
    {
        final String release = files.readTrimmed("/proc/sys/kernel/osrelease");
        if (release != null)
        {
            final String boot = "/boot/config-" + release;
            final String text = files.read(boot);
            if (text != null)
            {
                return new KernelConfig(text, boot);
            }
        }
        final byte[] gz = files.readBytes("/proc/config.gz");
        if (gz != null)
        {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz)))
            {
                return new KernelConfig(new String(in.readAllBytes(), StandardCharsets.UTF_8), "/proc/config.gz");
            }
            catch (final IOException ex)
            {
                return new KernelConfig(null, null);
            }
        }
        return new KernelConfig(null, null);
    }

    /** Whether the config could be read at all; when not, {@link #value} knows nothing. */
    boolean known()
    {
        return source != null;
    }

    /** Where it was read from, or null. */
    String source()
    {
        return source;
    }

    /** The option's value ("y", "m", "250"); null when it is not set (or the config is unknown). */
    String value(final String option)
    {
        return options.get(option);
    }

    boolean enabled(final String option)
    {
        final String v = options.get(option);
        return "y".equals(v) || "m".equals(v);
    }

    private static String unquote(final String value)
    {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ?
            value.substring(1, value.length() - 1) : value;
    }
}
