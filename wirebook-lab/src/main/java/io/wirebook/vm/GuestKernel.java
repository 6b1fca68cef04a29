package io.wirebook.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Debian kernel the guest boots: its version lives in one place, the resource {@code io/wirebook/vm/guest-kernel}
 * (scripts/setup.sh installs {@code linux-image-VERSION} and {@code linux-headers-VERSION} from the same file), and
 * its image and modules are the ones that package installs on the host.
 */
public record GuestKernel(String version, Path image, Path modules)
{
    /** The file, beside this class, that names the version; scripts/setup.sh reads it too. */
    public static final String VERSION_RESOURCE = "guest-kernel";

    /** The kernel of {@link #VERSION_RESOURCE}. */
    public static GuestKernel standard()
    {
        return of(standardVersion());
    }

    /** The kernel of this version as Debian installs it: /boot/vmlinuz-VERSION and /lib/modules/VERSION. */
    public static GuestKernel of(final String version)
    {
        return new GuestKernel(version, Path.of("/boot/vmlinuz-" + version), Path.of("/lib/modules", version));
    }

    /** The version named by {@link #VERSION_RESOURCE}, e.g. "6.1.0-57-amd64". */
    public static String standardVersion()
    {
        try (InputStream in = GuestKernel.class.getResourceAsStream(VERSION_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("resource " + VERSION_RESOURCE + " missing beside GuestKernel");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The Debian packages that provide this kernel's image and its headers. */
    public String packages()
    {
        return "linux-image-" + version + " linux-headers-" + version;
    }
}
