package io.wirebook.rx;

import java.util.List;
import java.util.Map;

/**
 * What a receive path needs to open: the channels, the interface they arrive on and its IPv4 address (for the
 * multicast joins), the CPU the poll thread is pinned to (-1: not pinned), and path-specific options
 * (for example {@code dpdk.vdev}, {@code xdp.mode}, {@code uring.sqpoll}).
 */
public record RxConfig(List<Channel> channels, String interfaceName, int interfaceAddress, int cpu,
    Map<String, String> options)
{
    public RxConfig
    {
        channels = List.copyOf(channels);
        options = Map.copyOf(options);
        if (channels.isEmpty())
        {
            throw new IllegalArgumentException("at least one channel is needed");
        }
    }

    public String option(final String key, final String defaultValue)
    {
        return options.getOrDefault(key, defaultValue);
    }

    public int channelCount()
    {
        return channels.size();
    }
}
