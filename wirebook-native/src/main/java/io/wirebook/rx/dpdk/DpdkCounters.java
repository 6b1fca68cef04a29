package io.wirebook.rx.dpdk;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.FilterCounters;
import org.agrona.concurrent.status.AtomicCounter;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The dpdk path's counters, made once when it opens and shared by its ports (polled on the one poll thread). The
 * ports count what they take as they take it ({@code path.frames_received}, {@code path.rejected.bad_descriptor})
 * and their filters theirs ({@link FilterCounters}). What the NIC and its driver keep, {@code rte_eth_stats_get}
 * ({@code path.rx_packets}, {@code path.rx_bytes}, {@code path.imissed}, {@code path.ierrors},
 * {@code path.rx_nombuf}), is summed over the started ports by {@link #refresh}. {@code path.ports} is set at open.
 */
final class DpdkCounters
{
    /** Each path counter that {@link #refresh} sets, and the {@link Dpdk#ETH_STATS} field it sums. */
    private static final String[][] PORT_STATISTICS =
    {
        {"rx_packets", "ipackets"},
        {"rx_bytes", "ibytes"},
        {"imissed", "imissed"},
        {"ierrors", "ierrors"},
        {"rx_nombuf", "rx_nombuf"},
    };
    private static final long[] PORT_STATISTIC_OFFSETS = Arrays.stream(PORT_STATISTICS)
        .mapToLong(statistic -> Dpdk.ETH_STATS.byteOffset(PathElement.groupElement(statistic[1])))
        .toArray();

    final AtomicCounter framesReceived;
    final AtomicCounter badDescriptors;
    final FilterCounters filter;

    private final AtomicCounter[] portStatistics = new AtomicCounter[PORT_STATISTICS.length];
    private final long[] sums = new long[PORT_STATISTICS.length];
    private final AtomicCounter ports;

    DpdkCounters(final HandlerCounters counters)
    {
        for (int i = 0; i < portStatistics.length; i++)
        {
            portStatistics[i] = counters.path(PORT_STATISTICS[i][0]);
        }
        framesReceived = counters.path("frames_received");
        filter = new FilterCounters(counters);
        badDescriptors = counters.path("rejected.bad_descriptor");
        ports = counters.path("ports");
    }

    void recordPorts(final int count)
    {
        ports.setRelease(count);
    }

    /**
     * Reads each started port's {@code rte_eth_stats} into {@code stats} (made once at open) and sets the sums; a
     * port whose driver refuses leaves the counters as they were. Allocates nothing.
     */
    void refresh(final DpdkPort[] ports, final MemorySegment stats)
    {
        Arrays.fill(sums, 0);
        for (final DpdkPort port : ports)
        {
            if (!port.readStats(stats))
            {
                return;
            }
            for (int i = 0; i < sums.length; i++)
            {
                sums[i] += stats.get(JAVA_LONG, PORT_STATISTIC_OFFSETS[i]);
            }
        }
        for (int i = 0; i < sums.length; i++)
        {
            portStatistics[i].setRelease(sums[i]);
        }
    }
}
