package io.wirebook.sys;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * What this process may do: whether it runs as root, and its effective capabilities (the {@code CapEff} line of
 * {@code /proc/self/status}, a bit per {@code CAP_*} of linux/capability.h). The one place the receive paths, the
 * lab and the doctor ask.
 */
public final class Privileges
{
    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_NET_RAW = 13;
    public static final int CAP_IPC_LOCK = 14;
    public static final int CAP_SYS_ADMIN = 21;
    public static final int CAP_BPF = 39;

    static final Path PROCESS_STATUS = Path.of("/proc/self/status");
    static final String EFFECTIVE = "CapEff:";

    private static final MethodHandle GETEUID = Libc.plain("geteuid", FunctionDescriptor.of(JAVA_INT));

    private Privileges()
    {
    }

    /** Whether the effective user is root (uid 0). */
    public static boolean isRoot()
    {
        try
        {
            return (int)GETEUID.invokeExact() == 0;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("geteuid", t);
        }
    }

    /** This process's effective capabilities; none when /proc/self/status cannot be read. */
    public static long effectiveCapabilities()
    {
        try
        {
            return effectiveCapabilities(Files.readString(PROCESS_STATUS)).orElse(0);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    /** The {@code CapEff} of a {@code /proc/PID/status} text; empty when it has none that reads. */
    public static OptionalLong effectiveCapabilities(final String status)
    {
        for (final String line : status.split("\n"))
        {
            final String stripped = line.strip();
            if (stripped.startsWith(EFFECTIVE))
            {
                try
                {
                    return OptionalLong.of(Long.parseUnsignedLong(stripped.substring(EFFECTIVE.length()).strip(), 16));
                }
                catch (final NumberFormatException ex)
                {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** Whether this process has every one of {@code capabilities}. */
    public static boolean hasAll(final int... capabilities)
    {
        return hasAll(effectiveCapabilities(), capabilities);
    }

    /** Whether the capability set {@code effective} holds every one of {@code capabilities}. */
    public static boolean hasAll(final long effective, final int... capabilities)
    {
        for (final int capability : capabilities)
        {
            if ((effective & (1L << capability)) == 0)
            {
                return false;
            }
        }
        return true;
    }

    /** CAP_SYS_ADMIN also grants what CAP_BPF does (and is all there is before Linux 5.8). */
    public static boolean canBpf(final long effective)
    {
        return hasAll(effective, CAP_BPF) || hasAll(effective, CAP_SYS_ADMIN);
    }

    /** "CAP_NET_ADMIN" for 12, and so on; "CAP_N" for one not named here. */
    public static String name(final int capability)
    {
        return switch (capability)
        {
            case CAP_NET_ADMIN -> "CAP_NET_ADMIN";
            case CAP_NET_RAW -> "CAP_NET_RAW";
            case CAP_IPC_LOCK -> "CAP_IPC_LOCK";
            case CAP_SYS_ADMIN -> "CAP_SYS_ADMIN";
            case CAP_BPF -> "CAP_BPF";
            default -> "CAP_" + capability;
        };
    }
}
