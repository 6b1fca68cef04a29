package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.wirebook.sys.Privileges;

import static io.wirebook.sys.Privileges.CAP_BPF;
import static io.wirebook.sys.Privileges.CAP_IPC_LOCK;
import static io.wirebook.sys.Privileges.CAP_NET_ADMIN;
import static io.wirebook.sys.Privileges.CAP_NET_RAW;
import static io.wirebook.sys.Privileges.CAP_SYS_ADMIN;

/** This process's user and effective capabilities, from /proc/self/status (CapEff read by {@link Privileges}). */
final class Capabilities
{
    /** What the receive paths ask for, by bit: af-xdp and dpdk need most of them. */
    static final int[] WANTED = {CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_BPF};

    private final long effective;
    private final long uid;
    private final List<Long> groups;
    private final boolean known;

    private Capabilities(final long effective, final long uid, final List<Long> groups, final boolean known)
    {
        this.effective = effective;
        this.uid = uid;
        this.groups = groups;
        this.known = known;
    }

    static Capabilities parse(final String status)
    {
        if (status == null)
        {
            return new Capabilities(0, -1, List.of(), false);
        }
        final OptionalLong effective = Privileges.effectiveCapabilities(status);
        long uid = -1;
        final List<Long> groups = new ArrayList<>();
        for (final String line : status.split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            try
            {
                switch (f[0])
                {
                    // Uid: real effective saved filesystem
                    case "Uid:" -> uid = Long.parseLong(f[2]);
                    case "Gid:" -> groups.add(Long.parseLong(f[2]));
                    case "Groups:" ->
                    {
                        for (int i = 1; i < f.length; i++)
                        {
                            groups.add(Long.parseLong(f[i]));
                        }
                    }
                    default ->
                    {
                    }
                }
            }
            catch (final NumberFormatException | ArrayIndexOutOfBoundsException ex)
            {
                // A line we do not read.
            }
        }
        return new Capabilities(effective.orElse(0), uid, groups, effective.isPresent());
    }

    boolean known()
    {
        return known;
    }

    boolean has(final int capability)
    {
        return Privileges.hasAll(effective, capability);
    }

    /** CAP_SYS_ADMIN also grants what CAP_BPF does. */
    boolean canBpf()
    {
        return Privileges.canBpf(effective);
    }

    long effective()
    {
        return effective;
    }

    long uid()
    {
        return uid;
    }

    boolean inGroup(final long gid)
    {
        return groups.contains(gid);
    }

    static String name(final int capability)
    {
        return Privileges.name(capability);
    }
}
