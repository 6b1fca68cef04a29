package io.wirebook.rx.dpdk;

import java.lang.foreign.Arena;
import java.util.Arrays;

import io.wirebook.rx.Channel;
import io.wirebook.sys.Libc;

/**
 * Keeps the kernel a member of the feed's multicast groups on the interface, so it answers IGMP queries and a
 * switch or router keeps forwarding the groups. DPDK owns the packets; these sockets are never bound or read.
 * (With net_af_xdp the PMD's XDP program redirects the whole queue, IGMP queries included, away from the
 * kernel: on a real network with IGMP snooping the membership then ages out, which is why production set-ups
 * steer only the feed's packets to the XSK.)
 */
final class MulticastJoins implements AutoCloseable
{
    private final int[] fds;

    MulticastJoins(final Iterable<Channel> channels, final String interfaceName, final int interfaceAddress)
    {
        final int ifindex = Libc.ifNameToIndex(interfaceName);
        final int[] groups = distinctGroups(channels);
        fds = new int[groups.length];
        Arrays.fill(fds, -1);
        try (Arena arena = Arena.ofConfined())
        {
            for (int i = 0; i < groups.length; i++)
            {
                fds[i] = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
                Libc.setsockopt(fds[i], Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP,
                    Libc.ipMreqn(arena, groups[i], interfaceAddress, ifindex));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    int groupCount()
    {
        return fds.length;
    }

    @Override
    public void close()
    {
        for (int i = 0; i < fds.length; i++)
        {
            Libc.close(fds[i]);
            fds[i] = -1;
        }
    }

    private static int[] distinctGroups(final Iterable<Channel> channels)
    {
        int[] groups = new int[0];
        for (final Channel channel : channels)
        {
            if (Arrays.stream(groups).noneMatch(g -> g == channel.group()))
            {
                groups = Arrays.copyOf(groups, groups.length + 1);
                groups[groups.length - 1] = channel.group();
            }
        }
        return groups;
    }
}
