package io.wirebook.rx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wirebook.capture.PacketCapture;
import io.wirebook.counters.HandlerCounters;

/**
 * What a receive path needs to open: the flows it takes in (each a channel's group and port on one line, with the
 * interface it arrives on and the source it must come from), the CPU the poll thread is pinned to (-1: not
 * pinned), and options: the path's own (for example {@code dpdk.vdev}, {@code xdp.mode}, {@code uring.sqpoll}),
 * which it reads and checks through its {@link PathOption}s, and the handler's ({@code recovery.*},
 * {@code counters.dir}), which no path reads or refuses.
 *
 * <p>A path hands each datagram over with the index of its flow in {@link #flows()}; the feed handler maps that
 * index to the channel and line. It makes its own counters in {@link #counters()} when it opens
 * ({@link HandlerCounters#path(String)}): the handler's counters file, which {@code wirebook stat} reads live.
 *
 * <p>{@code capture}, when not null, gets every packet as the path received it, before any filter: a raw-frame path
 * calls {@link PacketCapture#frame}, a socket path {@link PacketCapture#datagram} with the datagram's source and its
 * flow's group and port. Null (the default) means no capture, and costs a path one predictable branch per packet.
 */
public record RxConfig(List<Flow> flows, int cpu, Map<String, String> options, HandlerCounters counters,
    PacketCapture capture)
{
    public RxConfig
    {
        flows = List.copyOf(flows);
        options = Map.copyOf(options);
        if (flows.isEmpty())
        {
            throw new IllegalArgumentException("at least one channel is needed");
        }
        if (counters == null)
        {
            throw new IllegalArgumentException("no counters: pass HandlerCounters.inMemory()");
        }
    }

    /** With counters nobody outside this process sees, and no capture. */
    public RxConfig(final List<Flow> flows, final int cpu, final Map<String, String> options)
    {
        this(flows, cpu, options, HandlerCounters.inMemory(), null);
    }

    /** One line per channel, every channel on one interface, from any source. */
    public RxConfig(final List<Channel> channels, final String interfaceName, final int interfaceAddress,
        final int cpu, final Map<String, String> options)
    {
        this(lineAOnly(channels, interfaceName, interfaceAddress), cpu, options);
    }

    private static List<Flow> lineAOnly(final List<Channel> channels, final String interfaceName,
        final int interfaceAddress)
    {
        final List<Flow> flows = new ArrayList<>(channels.size());
        for (int i = 0; i < channels.size(); i++)
        {
            flows.add(Flow.lineA(i, channels.get(i), interfaceName, interfaceAddress));
        }
        return flows;
    }

    /** The same configuration with {@code capture} (null: none). */
    public RxConfig withCapture(final PacketCapture capture)
    {
        return new RxConfig(flows, cpu, options, counters, capture);
    }

    /** The raw text of an option; a path reads its typed options with {@link PathOption#from(RxConfig)}. */
    public String option(final String key, final String defaultValue)
    {
        return options.getOrDefault(key, defaultValue);
    }

    /** Each flow's group and port, index for index with {@link #flows()}. */
    public List<Channel> channels()
    {
        final List<Channel> channels = new ArrayList<>(flows.size());
        for (final Flow flow : flows)
        {
            channels.add(flow.address());
        }
        return channels;
    }

    /** The number of flows (not channels: a channel on two lines is two flows). */
    public int channelCount()
    {
        return flows.size();
    }

    /** The interface of the first flow: where a path with one interface receives. */
    public String interfaceName()
    {
        return flows.get(0).interfaceName();
    }

    /** The address of the first flow's interface. */
    public int interfaceAddress()
    {
        return flows.get(0).interfaceAddress();
    }

    /** The distinct interfaces of the flows, in the order they first appear. */
    public List<String> interfaces()
    {
        final List<String> names = new ArrayList<>();
        for (final Flow flow : flows)
        {
            if (!names.contains(flow.interfaceName()))
            {
                names.add(flow.interfaceName());
            }
        }
        return names;
    }

    /** Whether any flow is on line B. */
    public boolean hasLineB()
    {
        for (final Flow flow : flows)
        {
            if (flow.line() == Flow.LINE_B)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * For a path that receives on one interface only: fails with the reason and the fix when the flows span more.
     */
    public void requireOneInterface(final String path) throws RxUnavailableException
    {
        if (interfaces().size() > 1)
        {
            throw new RxUnavailableException(path + " receives on one interface, but the flows arrive on " +
                interfaces() + "; fix: run line B on another path, or give both lines one interface");
        }
    }
}
