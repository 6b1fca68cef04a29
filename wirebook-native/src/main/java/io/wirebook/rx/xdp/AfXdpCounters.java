package io.wirebook.rx.xdp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.FilterCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The af-xdp path's counters, made once when it opens and shared by its interfaces (they are polled on the one
 * poll thread). The sockets count their own work as it happens ({@code path.rx_descriptors}, {@code path.wakeups},
 * {@code path.tx_wakeups} (TX kicks the kernel asked for),
 * {@code path.stamped}, {@code path.unstamped}, {@code path.rejected.bad_descriptor}) and the filters theirs
 * ({@link FilterCounters}). What the kernel keeps, each socket's {@code XDP_STATISTICS} ({@code path.rx_dropped},
 * {@code path.rx_invalid_descs}, {@code path.rx_ring_full}, {@code path.fill_ring_empty}) and each program's
 * wb_counters ({@code path.prog_redirected}, {@code path.prog_passed}, {@code path.prog_no_socket},
 * {@code path.prog_no_stamp}, {@code path.rejected.xdp_wrong_source}), is summed over the interfaces by
 * {@link #refresh}. How the interfaces were set up is set once ({@link #recordSetup}): {@code path.mode_native},
 * {@code path.mode_zerocopy}, {@code path.umem_hugepages} and {@code path.napi_deferred} (how many interfaces
 * are so; the last with {@code xdp.busy-poll}, whose empty polls count as {@code path.busy_polls}),
 * {@code path.interfaces},
 * and {@code path.note_OPTION_refused_errno} for a busy-poll option the kernel refused.
 */
final class AfXdpCounters
{
    /** The path counter of each XDP_STATISTICS field it reports, by the field's index (its offset / 8). */
    private static final String[] SOCKET_STATISTICS =
        new String[(int)(XskSocket.STATISTICS.byteSize() / Long.BYTES)];
    /** The path counter of each of the program's wb_counters, by index. */
    private static final String[] PROGRAM_COUNTERS = new String[XdpProgram.WRONG_SOURCE + 1];

    static
    {
        SOCKET_STATISTICS[(int)(XskSocket.STAT_RX_DROPPED / Long.BYTES)] = "rx_dropped";
        SOCKET_STATISTICS[(int)(XskSocket.STAT_RX_INVALID_DESCS / Long.BYTES)] = "rx_invalid_descs";
        SOCKET_STATISTICS[(int)(XskSocket.STAT_RX_RING_FULL / Long.BYTES)] = "rx_ring_full";
        SOCKET_STATISTICS[(int)(XskSocket.STAT_FILL_RING_EMPTY / Long.BYTES)] = "fill_ring_empty";
        PROGRAM_COUNTERS[XdpProgram.REDIRECTED] = "prog_redirected";
        PROGRAM_COUNTERS[XdpProgram.PASSED] = "prog_passed";
        PROGRAM_COUNTERS[XdpProgram.NO_SOCKET] = "prog_no_socket";
        PROGRAM_COUNTERS[XdpProgram.NO_STAMP] = "prog_no_stamp";
        PROGRAM_COUNTERS[XdpProgram.WRONG_SOURCE] = "rejected.xdp_wrong_source";
    }

    final AtomicCounter rxDescriptors;
    final AtomicCounter wakeups;
    final AtomicCounter txWakeups;
    final AtomicCounter busyPolls;
    final AtomicCounter stamped;
    final AtomicCounter unstamped;
    final AtomicCounter badDescriptors;
    final FilterCounters filter;

    private final HandlerCounters counters;
    /** By index as the names; null where a field is not reported. */
    private final AtomicCounter[] socketStatistics = new AtomicCounter[SOCKET_STATISTICS.length];
    private final long[] socketSums = new long[SOCKET_STATISTICS.length];
    private final AtomicCounter[] programCounters = new AtomicCounter[PROGRAM_COUNTERS.length];

    AfXdpCounters(final HandlerCounters counters)
    {
        this.counters = counters;
        rxDescriptors = counters.path("rx_descriptors");
        for (int i = 0; i < SOCKET_STATISTICS.length; i++)
        {
            socketStatistics[i] = SOCKET_STATISTICS[i] == null ? null : counters.path(SOCKET_STATISTICS[i]);
        }
        wakeups = counters.path("wakeups");
        txWakeups = counters.path("tx_wakeups");
        busyPolls = counters.path("busy_polls");
        stamped = counters.path("stamped");
        unstamped = counters.path("unstamped");
        filter = new FilterCounters(counters);
        badDescriptors = counters.path("rejected.bad_descriptor");
        for (int i = 0; i < PROGRAM_COUNTERS.length; i++)
        {
            programCounters[i] = counters.path(PROGRAM_COUNTERS[i]);
        }
    }

    /** Sets, once the interfaces are open, what they run: counts of interfaces in each mode, and the notes. */
    void recordSetup(final XdpInterface[] interfaces)
    {
        int nativeMode = 0;
        int zeroCopy = 0;
        int hugePages = 0;
        int napiDeferred = 0;
        for (final XdpInterface line : interfaces)
        {
            nativeMode += "native".equals(line.program().mode()) ? 1 : 0;
            zeroCopy += "zerocopy".equals(line.socket().bindMode()) ? 1 : 0;
            hugePages += line.socket().hugePages() ? 1 : 0;
            napiDeferred += line.napiDeferred() ? 1 : 0;
        }
        counters.path("napi_deferred").setRelease(napiDeferred);
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
     * not read leaves its counters as they were. Allocates nothing.
     */
    void refresh(final XdpInterface[] interfaces)
    {
        refreshSocketStatistics(interfaces);
        for (int i = 0; i < programCounters.length; i++)
        {
            refreshProgramCounter(interfaces, i, programCounters[i]);
        }
    }

    private void refreshSocketStatistics(final XdpInterface[] interfaces)
    {
        Arrays.fill(socketSums, 0);
        for (final XdpInterface line : interfaces)
        {
            final XskSocket socket = line.socket();
            if (!socket.readStatistics())
            {
                return;
            }
            for (int i = 0; i < socketSums.length; i++)
            {
                socketSums[i] += socket.statistic((long)i * Long.BYTES);
            }
        }
        for (int i = 0; i < socketSums.length; i++)
        {
            if (socketStatistics[i] != null)
            {
                socketStatistics[i].setRelease(socketSums[i]);
            }
        }
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
