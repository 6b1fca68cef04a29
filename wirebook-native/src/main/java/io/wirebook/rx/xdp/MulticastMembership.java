package io.wirebook.rx.xdp;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.rx.Channel;
import io.wirebook.sys.Libc;

/**
 * Keeps the kernel a member of the feed's multicast groups, so it answers IGMP queries as a real switch needs,
 * although the frames themselves go to the AF_XDP socket. One plain UDP socket per group, never read.
 */
final class MulticastMembership implements AutoCloseable
{
    private final List<Integer> fds = new ArrayList<>();

    /** Joins each distinct group of {@code channels} on {@code ifindex} (in the calling thread's namespace). */
    static MulticastMembership join(final List<Channel> channels, final int interfaceAddress, final int ifindex)
    {
        final MulticastMembership membership = new MulticastMembership();
        try (Arena arena = Arena.ofConfined())
        {
            final List<Integer> joined = new ArrayList<>();
            for (final Channel channel : channels)
            {
                if (joined.contains(channel.group()))
                {
                    continue;
                }
                final int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
                membership.fds.add(fd);
                Libc.setsockopt(fd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP,
                    Libc.ipMreqn(arena, channel.group(), interfaceAddress, ifindex));
                joined.add(channel.group());
            }
            return membership;
        }
        catch (final RuntimeException ex)
        {
            membership.close();
            throw ex;
        }
    }

    int groups()
    {
        return fds.size();
    }

    /** Closing the sockets leaves the groups. */
    @Override
    public void close()
    {
        for (final int fd : fds)
        {
            Libc.close(fd);
        }
        fds.clear();
    }
}
