package io.wirebook.rx.dpdk;

import java.lang.foreign.MemorySegment;

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
    final AtomicCounter framesReceived;
    final AtomicCounter badDescriptors;
    final FilterCounters filter;

    private final AtomicCounter rxPackets;
    private final AtomicCounter rxBytes;
    private final AtomicCounter imissed;
    private final AtomicCounter ierrors;
    private final AtomicCounter rxNombuf;
    private final AtomicCounter ports;

    DpdkCounters(final HandlerCounters counters)
    {
        rxPackets = counters.path("rx_packets");
        rxBytes = counters.path("rx_bytes");
        imissed = counters.path("imissed");
        ierrors = counters.path("ierrors");
        rxNombuf = counters.path("rx_nombuf");
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
        long packets = 0;
        long bytes = 0;
        long missed = 0;
        long errors = 0;
        long noMbuf = 0;
        for (final DpdkPort port : ports)
        {
            if (!port.readStats(stats))
            {
                return;
            }
            packets += stats.get(JAVA_LONG, Dpdk.STATS_IPACKETS);
            bytes += stats.get(JAVA_LONG, Dpdk.STATS_IBYTES);
            missed += stats.get(JAVA_LONG, Dpdk.STATS_IMISSED);
            errors += stats.get(JAVA_LONG, Dpdk.STATS_IERRORS);
            noMbuf += stats.get(JAVA_LONG, Dpdk.STATS_RX_NOMBUF);
        }
        rxPackets.setRelease(packets);
        rxBytes.setRelease(bytes);
        imissed.setRelease(missed);
        ierrors.setRelease(errors);
        rxNombuf.setRelease(noMbuf);
    }
}
