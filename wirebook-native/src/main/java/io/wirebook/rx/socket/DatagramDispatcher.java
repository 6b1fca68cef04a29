package io.wirebook.rx.socket;

import java.util.Map;
import java.util.TreeMap;

import io.wirebook.capture.PacketCapture;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.stats.HostClock;

/**
 * Hands one received slot to the handler: reads its control data for the destination group (→ flow) and the
 * kernel's receive stamp (→ host clock), checks its source against the flow's ({@link SourceCheck}), and counts
 * what it has to skip. Shared by the recvmsg and recvmmsg paths. With a capture, every whole datagram goes to it
 * first, as received: before the destination and source checks, so that what they refuse is in the file too.
 * Single-threaded: the counters are plain fields of the poll thread, read for the report after the run.
 */
public final class DatagramDispatcher
{
    private final ControlMessages controlMessages = new ControlMessages();
    private final long realtimeToHostOffset;
    private final SourceCheck sourceCheck;
    private final PacketCapture capture;

    private long datagrams;
    private long truncated;
    private long controlTruncated;
    private long unknownDestination;
    private long noStamp;

    /**
     * @param realtimeToHostOffset add to a CLOCK_REALTIME stamp to get the host clock, measured at open.
     * @param sourceCheck          the sources the configured flows accept.
     * @param capture              where every datagram is captured, or null for none.
     */
    public DatagramDispatcher(
        final long realtimeToHostOffset, final SourceCheck sourceCheck, final PacketCapture capture)
    {
        this.realtimeToHostOffset = realtimeToHostOffset;
        this.sourceCheck = sourceCheck;
        this.capture = capture;
    }

    public DatagramDispatcher(final long realtimeToHostOffset, final SourceCheck sourceCheck)
    {
        this(realtimeToHostOffset, sourceCheck, null);
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
            truncated++;
            return 0;
        }
        if ((flags & SocketCalls.MSG_CTRUNC) != 0)
        {
            controlTruncated++;
        }
        controlMessages.parse(slots.control(), slots.controlOffset(slot), controlLength);
        final long arrivalNanos = controlMessages.arrivalNanos(realtimeToHostOffset);
        if (capture != null)
        {
            capture.datagram(slots.sourceAddress(slot), slots.sourcePort(slot), controlMessages.destination(),
                socket.port(), slots.payload(), slots.payloadOffset(slot), length, arrivalNanos);
        }
        final int flow = socket.flowOf(controlMessages.destination());
        if (flow < 0)
        {
            // Unicast to our port, or a group we did not configure.
            unknownDestination++;
            return 0;
        }
        if (!sourceCheck.accepts(flow, slots.sourceAddress(slot), slots.sourcePort(slot)))
        {
            return 0;
        }
        if (arrivalNanos == HostClock.NO_STAMP)
        {
            noStamp++;
        }
        datagrams++;
        handler.onDatagram(flow, slots.payload(), slots.payloadOffset(slot), length, arrivalNanos);
        return 1;
    }

    /** Adds this dispatcher's counters to {@code counters}. */
    public Map<String, Long> counters(final Map<String, Long> counters)
    {
        counters.put("datagrams", datagrams);
        counters.put("truncated", truncated);
        counters.put("control_truncated", controlTruncated);
        counters.put("unknown_destination", unknownDestination);
        counters.put("no_stamp", noStamp);
        counters.put("malformed_control", (long)controlMessages.malformed());
        sourceCheck.counters(counters);
        return counters;
    }

    public static Map<String, Long> newCounters()
    {
        return new TreeMap<>();
    }
}
