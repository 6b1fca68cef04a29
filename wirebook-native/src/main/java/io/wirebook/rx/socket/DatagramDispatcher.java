package io.wirebook.rx.socket;

import io.wirebook.capture.PacketCapture;
import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.stats.HostClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Hands one received slot to the handler: reads its control data for the destination group (→ flow) and the
 * kernel's receive stamp (→ host clock), checks its source against the flow's ({@link SourceCheck}), and counts
 * what it has to skip. Shared by the recvmsg and recvmmsg paths. With a capture, every whole datagram goes to it as
 * received, whatever the destination and source checks made of it, so that what they refuse is in the file too. Runs
 * on the poll thread, the one writer of its counters: {@code path.datagrams}, {@code path.truncated},
 * {@code path.control_truncated}, {@code path.unknown_destination}, {@code path.no_stamp} and
 * {@code path.malformed_control}.
 */
public final class DatagramDispatcher
{
    private final ControlMessages controlMessages;
    private final long realtimeToHostOffset;
    private final SourceCheck sourceCheck;
    private final PacketCapture capture;
    private final AtomicCounter datagrams;
    private final AtomicCounter truncated;
    private final AtomicCounter controlTruncated;
    private final AtomicCounter unknownDestination;
    private final AtomicCounter noStamp;
    private final CurrentDatagram current = new CurrentDatagram();

    /**
     * @param realtimeToHostOffset add to a CLOCK_REALTIME stamp to get the host clock, measured at open.
     * @param sourceCheck          the sources the configured flows accept.
     * @param counters             where it makes its counters.
     * @param capture              where every datagram is captured, or null for none.
     */
    public DatagramDispatcher(final long realtimeToHostOffset, final SourceCheck sourceCheck,
        final HandlerCounters counters, final PacketCapture capture)
    {
        this.realtimeToHostOffset = realtimeToHostOffset;
        this.sourceCheck = sourceCheck;
        this.capture = capture;
        datagrams = counters.path("datagrams");
        truncated = counters.path("truncated");
        controlTruncated = counters.path("control_truncated");
        unknownDestination = counters.path("unknown_destination");
        noStamp = counters.path("no_stamp");
        controlMessages = new ControlMessages(counters.path("malformed_control"));
    }

    /**
     * @param length the datagram length the kernel returned for the slot.
     * @return 1 if handed to the handler, 0 if skipped (and counted).
     */
    public int dispatch(
        final ReceiveSlots slots, final int slot, final int length, final MulticastSocket socket,
        final DatagramHandler handler)
    {
        final int flags = slots.flags(slot);
        final int controlLength = slots.controlLength(slot);
        slots.resetControlLength(slot);
        if ((flags & SocketCalls.MSG_TRUNC) != 0)
        {
            // Bigger than a slot: the tail is gone, so the packet cannot be decoded.
            truncated.incrementRelease();
            return 0;
        }
        if ((flags & SocketCalls.MSG_CTRUNC) != 0)
        {
            controlTruncated.incrementRelease();
        }
        controlMessages.parse(slots.control(), slots.controlOffset(slot), controlLength);
        final long arrivalNanos = controlMessages.arrivalNanos(realtimeToHostOffset);
        final int handed = handOver(slots, slot, length, socket, arrivalNanos, handler);
        if (capture != null)
        {
            // After the books, so the capture adds nothing to this packet's latency; the slot is unchanged.
            capture.datagram(slots.sourceAddress(slot), slots.sourcePort(slot), controlMessages.destination(),
                socket.port(), slots.payload(), slots.payloadOffset(slot), length, arrivalNanos);
        }
        return handed;
    }

    private int handOver(final ReceiveSlots slots, final int slot, final int length, final MulticastSocket socket,
        final long arrivalNanos, final DatagramHandler handler)
    {
        final int flow = socket.flowOf(controlMessages.destination());
        if (flow < 0)
        {
            // Unicast to our port, or a group we did not configure.
            unknownDestination.incrementRelease();
            return 0;
        }
        if (!sourceCheck.accepts(flow, slots.sourceAddress(slot), slots.sourcePort(slot)))
        {
            return 0;
        }
        if (arrivalNanos == HostClock.NO_STAMP)
        {
            noStamp.incrementRelease();
        }
        datagrams.incrementRelease();
        current.set(socket, slots.sourceAddress(slot), slots.sourcePort(slot));
        handler.onDatagram(flow, slots.payload(), slots.payloadOffset(slot), length, arrivalNanos);
        return 1;
    }

    /** The datagram being handed to the handler, during its call: what a reply answers. */
    public CurrentDatagram current()
    {
        return current;
    }
}
