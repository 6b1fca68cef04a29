package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.List;

/** This process's user and effective capabilities, from /proc/self/status. */
final class Capabilities
{
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;
    static final int CAP_IPC_LOCK = 14;
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_BPF = 39;

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
        long effective = 0;
        long uid = -1;
        final List<Long> groups = new ArrayList<>();
        boolean known = false;
        for (final String line : status.split("\n"))
        {
            final String[] f = line.strip().split("\\s+");
            try
            {
                switch (f[0])
                {
                    case "CapEff:" ->
                    {
                        effective = Long.parseUnsignedLong(f[1], 16);
                        known = true;
                    }
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
        return new Capabilities(effective, uid, groups, known);
    }

    boolean known()
    {
        return known;
    }

    boolean has(final int capability)
    {
        return (effective & (1L << capability)) != 0;
    }

    /** CAP_SYS_ADMIN also grants what CAP_BPF does (and is all there is before Linux 5.8). */
    boolean canBpf()
    {
        return has(CAP_BPF) || has(CAP_SYS_ADMIN);
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
