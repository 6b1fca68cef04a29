package io.wirebook.rx.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What the inline {@code rte_eth_rx_burst(port, queue, pkts, n)} of rte_ethdev.h does, taken apart so Java can
 * do it: read the PMD's receive function and the queue's private data from the exported
 * {@code rte_eth_fp_ops[port]}, then call the function directly.
 *
 * <pre>
 * struct rte_eth_fp_ops {            // 128 bytes, cache-line aligned (22.11, 64-bit)
 *     eth_rx_burst_t rx_pkt_burst;   // 0
 *     eth_rx_queue_count_t ...;      // 8
 *     eth_rx_descriptor_status_t ..; // 16
 *     struct rte_ethdev_qdata rxq;   // 24: void **data; void **clbk;
 *     ...                            // Tx half from 64
 * };
 * </pre>
 *
 * The entries are filled by rte_eth_dev_start and reset by rte_eth_dev_stop, so read them after start. The inline
 * also runs Rx callbacks (rxq.clbk); wirebook registers none.
 */
final class FastPathOps
{
    static final long SIZE = 128;
    static final long RX_PKT_BURST = 0;
    static final long RXQ_DATA = 24;

    /** uint16_t (*eth_rx_burst_t)(void *rxq, struct rte_mbuf **rx_pkts, uint16_t nb_pkts) */
    static final FunctionDescriptor RX_BURST = FunctionDescriptor.of(JAVA_SHORT, ADDRESS, ADDRESS, JAVA_SHORT);

    private FastPathOps()
    {
    }

    /** The PMD's receive function of a started port. */
    static MemorySegment rxBurstFunction(final MemorySegment table, final int port)
    {
        return table.get(ADDRESS, port * SIZE + RX_PKT_BURST);
    }

    /** rxq.data[queue] of a started port: the first argument of its receive function. */
    static MemorySegment rxQueueData(final MemorySegment table, final int port, final int queue)
    {
        final MemorySegment data = table.get(ADDRESS, port * SIZE + RXQ_DATA).reinterpret((queue + 1) * 8L);
        return data.getAtIndex(ADDRESS, queue);
    }

    /**
     * A handle on the receive function. Critical: the PMD call is short and never calls back into Java, so it
     * skips the thread-state transition of a normal downcall.
     */
    static MethodHandle rxBurstHandle(final MemorySegment function)
    {
        return Linker.nativeLinker().downcallHandle(function, RX_BURST, Linker.Option.critical(false));
    }
}
