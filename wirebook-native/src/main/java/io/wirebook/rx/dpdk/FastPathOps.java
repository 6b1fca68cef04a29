package io.wirebook.rx.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What the inline {@code rte_eth_rx_burst(port, queue, pkts, n)} and {@code rte_eth_tx_burst} of rte_ethdev.h do,
 * taken apart so Java can do it: read the PMD's receive (transmit) function and the queue's private data from the
 * exported {@code rte_eth_fp_ops[port]}, then call the function directly.
 *
 * <p>{@link #LAYOUT} is {@code struct rte_eth_fp_ops} of rte_ethdev_core.h (22.11, 64-bit: 128 bytes, an Rx and a
 * Tx cache line). The entries are filled by rte_eth_dev_start and reset by rte_eth_dev_stop, so read them after
 * start. The inline also runs Rx callbacks (rxq.clbk); wirebook registers none.
 */
final class FastPathOps
{
    /** struct rte_ethdev_qdata: the queues' private data and their callbacks, each indexed by queue. */
    static final StructLayout QUEUE_DATA = MemoryLayout.structLayout(
        ADDRESS.withName("data"),
        ADDRESS.withName("clbk"));
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ADDRESS.withName("rx_pkt_burst"),
        ADDRESS.withName("rx_queue_count"),
        ADDRESS.withName("rx_descriptor_status"),
        QUEUE_DATA.withName("rxq"),
        MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("reserved1"),
        ADDRESS.withName("tx_pkt_burst"),
        ADDRESS.withName("tx_pkt_prepare"),
        ADDRESS.withName("tx_descriptor_status"),
        QUEUE_DATA.withName("txq"),
        MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("reserved2"));
    static final long SIZE = LAYOUT.byteSize();
    static final long RX_PKT_BURST = LAYOUT.byteOffset(PathElement.groupElement("rx_pkt_burst"));
    static final long RXQ_DATA = LAYOUT.byteOffset(PathElement.groupElement("rxq"), PathElement.groupElement("data"));
    static final long TX_PKT_BURST = LAYOUT.byteOffset(PathElement.groupElement("tx_pkt_burst"));
    static final long TXQ_DATA = LAYOUT.byteOffset(PathElement.groupElement("txq"), PathElement.groupElement("data"));

    /** uint16_t (*eth_rx_burst_t)(void *rxq, struct rte_mbuf **rx_pkts, uint16_t nb_pkts) */
    static final FunctionDescriptor RX_BURST = FunctionDescriptor.of(JAVA_SHORT, ADDRESS, ADDRESS, JAVA_SHORT);
    /** uint16_t (*eth_tx_burst_t)(void *txq, struct rte_mbuf **tx_pkts, uint16_t nb_pkts): the same shape. */
    static final FunctionDescriptor TX_BURST = RX_BURST;

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
        final MemorySegment data =
            table.get(ADDRESS, port * SIZE + RXQ_DATA).reinterpret((queue + 1) * ADDRESS.byteSize());
        return data.getAtIndex(ADDRESS, queue);
    }

    /** The PMD's transmit function of a started port. */
    static MemorySegment txBurstFunction(final MemorySegment table, final int port)
    {
        return table.get(ADDRESS, port * SIZE + TX_PKT_BURST);
    }

    /** txq.data[queue] of a started port: the first argument of its transmit function. */
    static MemorySegment txQueueData(final MemorySegment table, final int port, final int queue)
    {
        final MemorySegment data =
            table.get(ADDRESS, port * SIZE + TXQ_DATA).reinterpret((queue + 1) * ADDRESS.byteSize());
        return data.getAtIndex(ADDRESS, queue);
    }

    /**
     * A handle on the transmit function, critical as the receive one: the PMD takes the mbufs and returns at once
     * (the inline rte_eth_tx_burst also runs Tx callbacks; wirebook registers none).
     */
    static MethodHandle txBurstHandle(final MemorySegment function)
    {
        return Linker.nativeLinker().downcallHandle(function, TX_BURST, Linker.Option.critical(false));
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
