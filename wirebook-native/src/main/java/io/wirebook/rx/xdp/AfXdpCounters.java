package io.wirebook.rx.xdp;

import java.util.LinkedHashMap;
import java.util.Map;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.FilterCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The af-xdp path's counters, made once when it opens and shared by its interfaces (they are polled on the one
 * poll thread). The sockets count their own work as it happens ({@code path.rx_descriptors}, {@code path.wakeups},
 * {@code path.stamped}, {@code path.unstamped}, {@code path.rejected.bad_descriptor}) and the filters theirs
 * ({@link FilterCounters}). What the kernel keeps, each socket's {@code XDP_STATISTICS} ({@code path.rx_dropped},
 * {@code path.rx_invalid_descs}, {@code path.rx_ring_full}, {@code path.fill_ring_empty}) and each program's
 * wb_counters ({@code path.prog_redirected}, {@code path.prog_passed}, {@code path.prog_no_socket},
 * {@code path.prog_no_stamp}, {@code path.rejected.xdp_wrong_source}), is summed over the interfaces by
 * {@link #refresh}. How the interfaces were set up is set once ({@link #recordSetup}): {@code path.mode_native},
 * {@code path.mode_zerocopy} and {@code path.umem_hugepages} (how many interfaces are so), {@code path.interfaces},
 * and {@code path.note_OPTION_refused_errno} for a busy-poll option the kernel refused.
 */
final class AfXdpCounters
{
    final AtomicCounter rxDescriptors;
    final AtomicCounter wakeups;
    final AtomicCounter stamped;
    final AtomicCounter unstamped;
    final AtomicCounter badDescriptors;
    final FilterCounters filter;

    private final HandlerCounters counters;
    private final AtomicCounter rxDropped;
    private final AtomicCounter rxInvalidDescs;
    private final AtomicCounter rxRingFull;
    private final AtomicCounter fillRingEmpty;
    private final AtomicCounter xdpWrongSource;
    private final AtomicCounter progRedirected;
    private final AtomicCounter progPassed;
    private final AtomicCounter progNoSocket;
    private final AtomicCounter progNoStamp;

    AfXdpCounters(final HandlerCounters counters)
    {
        this.counters = counters;
        rxDescriptors = counters.path("rx_descriptors");
        rxDropped = counters.path("rx_dropped");
        rxInvalidDescs = counters.path("rx_invalid_descs");
        rxRingFull = counters.path("rx_ring_full");
        fillRingEmpty = counters.path("fill_ring_empty");
        wakeups = counters.path("wakeups");
        stamped = counters.path("stamped");
        unstamped = counters.path("unstamped");
        filter = new FilterCounters(counters);
        xdpWrongSource = counters.path("rejected.xdp_wrong_source");
        badDescriptors = counters.path("rejected.bad_descriptor");
        progRedirected = counters.path("prog_redirected");
        progPassed = counters.path("prog_passed");
        progNoSocket = counters.path("prog_no_socket");
        progNoStamp = counters.path("prog_no_stamp");
    }

    /** Sets, once the interfaces are open, what they run: counts of interfaces in each mode, and the notes. */
    void recordSetup(final XdpInterface[] interfaces)
    {
        int nativeMode = 0;
        int zeroCopy = 0;
        int hugePages = 0;
        for (final XdpInterface line : interfaces)
        {
            nativeMode += "native".equals(line.program().mode()) ? 1 : 0;
            zeroCopy += "zerocopy".equals(line.socket().bindMode()) ? 1 : 0;
            hugePages += line.socket().hugePages() ? 1 : 0;
        }
        counters.path("mode_native").setRelease(nativeMode);
        counters.path("mode_zerocopy").setRelease(zeroCopy);
        counters.path("umem_hugepages").setRelease(hugePages);
        counters.path("interfaces").setRelease(interfaces.length);
        final Map<String, Integer> notes = new LinkedHashMap<>();
        for (final XdpInterface line : interfaces)
        {
            notes.putAll(line.socket().refusedOptions());
        }
        notes.forEach((option, errno) -> counters.path("note_" + option + "_refused_errno").setRelease(errno));
    }

    /**
     * Reads what the kernel keeps, summed over the interfaces, into the counters: one getsockopt per socket and
     * one map lookup per program counter, into memory each made when it opened. A socket or map the kernel will
     * not read leaves its counters as they were.
     */
    void refresh(final XdpInterface[] interfaces)
    {
        long dropped = 0;
        long invalid = 0;
        long ringFull = 0;
        long fillEmpty = 0;
        boolean statistics = true;
        for (final XdpInterface line : interfaces)
        {
            final XskSocket socket = line.socket();
            if (!socket.readStatistics())
            {
                statistics = false;
                break;
            }
            dropped += socket.statistic(XskSocket.STAT_RX_DROPPED);
            invalid += socket.statistic(XskSocket.STAT_RX_INVALID_DESCS);
            ringFull += socket.statistic(XskSocket.STAT_RX_RING_FULL);
            fillEmpty += socket.statistic(XskSocket.STAT_FILL_RING_EMPTY);
        }
        if (statistics)
        {
            rxDropped.setRelease(dropped);
            rxInvalidDescs.setRelease(invalid);
            rxRingFull.setRelease(ringFull);
            fillRingEmpty.setRelease(fillEmpty);
        }
        refreshProgramCounter(interfaces, XdpProgram.WRONG_SOURCE, xdpWrongSource);
        refreshProgramCounter(interfaces, XdpProgram.REDIRECTED, progRedirected);
        refreshProgramCounter(interfaces, XdpProgram.PASSED, progPassed);
        refreshProgramCounter(interfaces, XdpProgram.NO_SOCKET, progNoSocket);
        refreshProgramCounter(interfaces, XdpProgram.NO_STAMP, progNoStamp);
    }

    private static void refreshProgramCounter(
        final XdpInterface[] interfaces, final int index, final AtomicCounter counter)
    {
        long sum = 0;
        for (final XdpInterface line : interfaces)
        {
            final long value = line.program().counter(index);
            if (value < 0)
            {
                return;
            }
            sum += value;
        }
        counter.setRelease(sum);
    }
}
