package io.wirebook.rx;

import java.util.Map;

import io.wirebook.tx.TxPath;

/**
 * One way of taking packets off the wire. Every path, from the blocking kernel socket to DPDK, has this shape:
 * open, poll, close (the shape of the function table of Aeron's C media driver transports).
 *
 * <p>{@link #poll(DatagramHandler)} is called in a loop on one pinned thread. It hands every UDP payload it
 * finds to the handler, without copying, and returns how many it handed over (0 when there was no work, which
 * lets the caller's idle strategy decide what to do). Paths that read raw frames run them through a
 * {@link FrameFilter} first. A blocking path may block, but returns within about 100 ms so the loop can stop.
 *
 * <p>Poll and close never overlap: close runs on the poll thread, or after the poll loop has stopped (the feed
 * handler defers a close asked for from a listener until the poll returns). A closed path holds no ring, socket
 * or mapping any more, so poll refuses, rather than read memory given back; the check costs poll one predictable
 * branch.
 */
public interface RxPath extends AutoCloseable
{
    /** The path's name as the CLI and results.json spell it: socket, ..., kring, af-xdp, dpdk. */
    String name();

    /**
     * Opens the path on this host.
     *
     * @throws RxUnavailableException when this host cannot run the path; its message says why and what fixes it.
     */
    void open(RxConfig config) throws RxUnavailableException;

    /**
     * Hands what has arrived to the handler; returns the number of datagrams handed over.
     *
     * @throws IllegalStateException before {@link #open} ("socket is not open") and after {@link #close}
     *                               ("af-xdp is closed"): the path has nothing to read from.
     */
    int poll(DatagramHandler handler);

    /** Whether this path stamps arrival (kernel RX timestamp, XDP hook...) rather than passing NO_STAMP. */
    boolean hasArrivalStamp();

    /** Whether the poll thread should busy-spin when idle, rather than block or back off. */
    default boolean spins()
    {
        return true;
    }

    /**
     * Brings the counters that the kernel or the NIC keeps (XDP socket statistics, DPDK port statistics) up to date
     * in {@link RxConfig#counters()}. The counters the path keeps itself are always current; these cost a system
     * or driver call to read, so the feed handler calls this on the poll thread about once a second, and once more
     * before the path closes.
     */
    default void refreshCounters()
    {
    }

    /**
     * The path's transmitter: datagrams leave through the same socket, XDP socket or DPDK port this path receives
     * on. Valid from {@link #open} until {@link #close}, on the poll thread only; the same object every call.
     *
     * @throws UnsupportedOperationException "P cannot transmit" for a path without TX, or before open.
     */
    default TxPath transmitter()
    {
        throw new UnsupportedOperationException(name() + " cannot transmit");
    }

    /**
     * What the path found at open that a result should name, as key and value: the dpdk path's {@code pmd}, the
     * PMD's own name for its port. Empty by default and before open; results.json adds each key to the path's entry.
     */
    default Map<String, String> describe()
    {
        return Map.of();
    }

    /**
     * Releases everything the path holds: sockets, rings, UMEM, XDP programs, DPDK ports. Idempotent: closing a
     * closed path does nothing. {@link #poll} on a closed path throws.
     */
    @Override
    void close();
}
