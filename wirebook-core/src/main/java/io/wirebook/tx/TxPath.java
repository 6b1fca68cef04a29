package io.wirebook.tx;

import org.agrona.DirectBuffer;

/**
 * The transmit side of a receive path: datagrams leave through the same socket, io_uring, XDP socket or DPDK port
 * the path receives on ({@link io.wirebook.rx.RxPath#transmitter()}), from the path's own address and
 * {@link #localPort()}. A raw-frame path writes the whole frame: Ethernet (its interface's MAC to the endpoint's
 * next-hop MAC), IPv4 and UDP, both checksums computed ({@link UdpFrameBuilder}).
 *
 * <p>Sending is in two steps, as on every bypass ring: {@link #send} and {@link #reply} queue (copying the payload
 * into the path's own preallocated TX memory, so the caller's buffer is free again on return), {@link #flush} hands
 * the queue to the kernel or the NIC in one call (sendmmsg, io_uring_enter, an XDP wakeup when the kernel asks for
 * one, rte_eth_tx_burst) and takes back the buffers whose transmission completed. A datagram is on its way only
 * after the flush: call it after each poll (or after the sends of one decision).
 *
 * <p>A queue or ring that is full refuses: send returns false, nothing is queued, and it is counted
 * ({@code path.tx.ring_full}); so is a payload longer than {@link #maxPayload()} ({@code path.tx.too_long}) and a
 * raw-frame send to an endpoint without a MAC ({@code path.tx.no_mac}). Nothing here allocates or locks. Use it on
 * the poll thread only, after the path opened and before it closes.
 */
public interface TxPath
{
    /** The path's name, as {@link io.wirebook.rx.RxPath#name()}. */
    String name();

    /**
     * Queues one datagram to {@code to}.
     *
     * @return false when it was refused (ring full, too long, no MAC): counted, nothing queued.
     */
    boolean send(UdpEndpoint to, DirectBuffer payload, int offset, int length);

    /**
     * Queues a reply to the datagram being handed over, to its source (address, port and, on a raw-frame path, the
     * MAC it came from) from the address and port it was sent to. Valid only inside the path's
     * {@link io.wirebook.rx.DatagramHandler#onDatagram} call. The payload may be the received one, changed in
     * place: a path that can turns the received frame itself around (af-xdp), without a copy.
     *
     * @return false when it was refused, as {@link #send}.
     */
    boolean reply(DirectBuffer payload, int offset, int length);

    /**
     * Writes the source of the datagram being handed over into {@code into}: its address and port and, on a
     * raw-frame path, the MAC it came from (on a socket path, {@link UdpEndpoint#NO_MAC}). Valid only inside the
     * path's {@link io.wirebook.rx.DatagramHandler#onDatagram} call.
     */
    void source(UdpEndpoint into);

    /**
     * Hands every queued datagram to the kernel or the NIC and takes back completed buffers.
     *
     * @return the number of datagrams handed over (0 when nothing was queued).
     */
    int flush();

    /** The longest payload {@link #send} takes. */
    int maxPayload();

    /** The UDP port datagrams leave from: the port of the path's first flow. */
    int localPort();
}
