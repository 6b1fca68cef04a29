package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.sys.Libc;

/**
 * Keeps the kernel a member of the feed's multicast groups on an interface, so it answers IGMP queries and a
 * switch or router keeps forwarding the groups, for paths whose packets bypass the kernel (AF_XDP, DPDK, wbring). One
 * plain UDP socket per group, never bound or read. Closing the sockets leaves the groups.
 */
public final class GroupMembership implements AutoCloseable
{
    private final int[] fds;

    private GroupMembership(final int[] fds)
    {
        this.fds = fds;
    }

    /** Joins each distinct group of {@code channels} on {@code ifindex} (in the calling thread's namespace). */
    public static GroupMembership join(final Iterable<Channel> channels, final int interfaceAddress, final int ifindex)
    {
        final int[] groups = distinctGroups(channels);
        final GroupMembership membership = new GroupMembership(new int[groups.length]);
        Arrays.fill(membership.fds, -1);
        try (Arena arena = Arena.ofConfined())
        {
            for (int i = 0; i < groups.length; i++)
            {
                membership.fds[i] = MulticastSocket.openUdpSocket(0);
                MulticastSocket.joinGroup(membership.fds[i], groups[i], interfaceAddress, ifindex, arena);
            }
            return membership;
        }
        catch (final RuntimeException ex)
        {
            membership.close();
            throw ex;
        }
    }

    /**
     * Joins the groups of the flows that arrive on {@code interfaceName} (index {@code ifindex}), on that
     * interface's address as the flows name it.
     */
    public static GroupMembership joinOn(final List<Flow> flows, final String interfaceName, final int ifindex)
    {
        final List<Channel> groups = new ArrayList<>();
        int interfaceAddress = 0;
        for (final Flow flow : flows)
        {
            if (flow.interfaceName().equals(interfaceName))
            {
                groups.add(flow.address());
                interfaceAddress = flow.interfaceAddress();
            }
        }
        return join(groups, interfaceAddress, ifindex);
    }

    /** The multicast groups of {@code channels} (a flow sent to this host has none), each once, in order. */
    static int[] distinctGroups(final Iterable<Channel> channels)
    {
        int[] groups = new int[0];
        for (final Channel channel : channels)
        {
            if (channel.isMulticast() && Arrays.stream(groups).noneMatch(g -> g == channel.group()))
            {
                groups = Arrays.copyOf(groups, groups.length + 1);
                groups[groups.length - 1] = channel.group();
            }
        }
        return groups;
    }

    public int groups()
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
}
