package io.wirebook.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.stats.HostClock;
import io.wirebook.util.RingDrain;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Captures the packets a receive path takes in to a nanosecond pcap file ({@link PcapFormat}), off the poll
 * thread. The poll thread copies each packet into a bounded single-producer ring ({@link #frame} for a raw
 * Ethernet frame, {@link #datagram} for a socket's datagram, whose headers it rebuilds); a writer thread of the
 * capture's own drains the ring into a {@link PcapWriter}. The poll thread never blocks, allocates or locks for
 * it: when the ring is full the packet is not captured and counts as a capture drop, never as a feed drop.
 *
 * <p>Each record is stamped with the path's arrival stamp (the host clock, CLOCK_MONOTONIC) where it gave one,
 * else with the host clock when the packet was captured, and turned into epoch time with the offset between
 * CLOCK_REALTIME and CLOCK_MONOTONIC measured once when the capture opened.
 *
 * <p>One poll thread calls {@link #frame} and {@link #datagram}; any thread reads the counters; {@link #close()}
 * comes after the last of those calls.
 */
public final class PacketCapture implements AutoCloseable
{
    /** 8 MiB of ring: about 0.3 s of the lab's four-feed scenario while the disk stalls. */
    public static final int DEFAULT_RING_BYTES = 8 << 20;

    /** Ring slot: the stamp on the host clock, the packet's length on the wire, then the captured bytes. */
    static final int SLOT_STAMP = 0;
    static final int SLOT_ORIGINAL_LENGTH = SLOT_STAMP + Long.BYTES;
    static final int SLOT_FRAME = SLOT_ORIGINAL_LENGTH + Integer.BYTES;
    private static final int PACKET_MESSAGE = 1;

    private final Path file;
    private final RingBuffer ring;
    private final MutableDirectBuffer slots;
    private final int maxFrame;
    private final long epochOffsetNanos;
    private final CaptureCounters counters;
    private final RingDrain drain;

    private PacketCapture(final Path file, final FileChannel channel, final int ringBytes,
        final HandlerCounters handlerCounters)
    {
        this.file = file;
        this.counters = new CaptureCounters(handlerCounters);
        final PcapWriter writer = new PcapWriter(channel, PcapWriter.DEFAULT_BUFFER_BYTES);
        epochOffsetNanos = epochOffset();
        drain = new RingDrain(ringBytes, "wirebook-capture", "packet capture to " + file, new RingDrain.Sink()
        {
            public void write(final MutableDirectBuffer buffer, final int index, final int length) throws IOException
            {
                writer.write(buffer.getLong(index + SLOT_STAMP) + epochOffsetNanos, buffer, index + SLOT_FRAME,
                    length - SLOT_FRAME, buffer.getInt(index + SLOT_ORIGINAL_LENGTH));
            }

            public boolean hasPending()
            {
                return writer.pending() > 0;
            }

            public void flush() throws IOException
            {
                writer.flush();
            }

            public void afterWrite()
            {
                counters.bytesWritten(writer.bytesWritten());
            }

            public void close() throws IOException
            {
                writer.close();
            }
        });
        ring = drain.ring();
        slots = ring.buffer();
        maxFrame = Math.min(ring.maxMsgLength() - SLOT_FRAME, PcapFormat.SNAPLEN);
    }

    /** Opens (and truncates) {@code file} with a ring of {@link #DEFAULT_RING_BYTES}, and starts the writer. */
    public static PacketCapture open(final Path file) throws IOException
    {
        return open(file, DEFAULT_RING_BYTES, HandlerCounters.inMemory(3));
    }

    /**
     * Opens (and truncates) {@code file} and starts the writer thread, which inherits the calling thread's CPU
     * affinity: open it before pinning the poll thread.
     *
     * @param ringBytes the ring's size, rounded down to a power of two (at least 4096).
     * @param counters  where it counts, as {@code capture.*}.
     */
    public static PacketCapture open(final Path file, final int ringBytes, final HandlerCounters counters)
        throws IOException
    {
        final PacketCapture capture = openUnstarted(file, ringBytes, counters);
        capture.drain.start();
        return capture;
    }

    /** A capture whose writer has not started, so nothing drains its ring until {@link #startWriter()}. */
    static PacketCapture openUnstarted(final Path file, final int ringBytes, final HandlerCounters counters)
        throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        return new PacketCapture(file, channel, ringBytes, counters);
    }

    void startWriter()
    {
        drain.start();
    }

    /**
     * Captures one raw Ethernet frame, as received (af-xdp, dpdk). Poll thread only.
     *
     * @param stampNanos the path's arrival stamp on the host clock, or {@link HostClock#NO_STAMP}.
     * @return false when it was not captured (ring full: counted as a capture drop).
     */
    public boolean frame(final DirectBuffer buffer, final int offset, final int length, final long stampNanos)
    {
        final int captured = Math.min(length, maxFrame);
        final int index = ring.tryClaim(PACKET_MESSAGE, SLOT_FRAME + captured);
        if (index < 0)
        {
            counters.onDropped();
            return false;
        }
        slots.putLong(index + SLOT_STAMP, stampNanos == HostClock.NO_STAMP ? HostClock.nanos() : stampNanos);
        slots.putInt(index + SLOT_ORIGINAL_LENGTH, length);
        slots.putBytes(index + SLOT_FRAME, buffer, offset, captured);
        ring.commit(index);
        counters.onCaptured();
        return true;
    }

    /**
     * Captures one UDP datagram a kernel socket received, under Ethernet, IPv4 and UDP headers rebuilt from its
     * addresses ({@link UdpFrameHeaders}). Poll thread only. A datagram longer than a ring slot is cut, keeping
     * its length on the wire, as a snap length would.
     *
     * @param sourceAddress      the datagram's IPv4 source (msg_name), host order.
     * @param destinationAddress the group it was sent to, host order.
     * @param stampNanos         the path's arrival stamp on the host clock, or {@link HostClock#NO_STAMP}.
     * @return false when it was not captured (ring full: counted as a capture drop).
     */
    public boolean datagram(
        final int sourceAddress, final int sourcePort, final int destinationAddress, final int destinationPort,
        final DirectBuffer payload, final int offset, final int length, final long stampNanos)
    {
        if (length > UdpFrameHeaders.MAX_PAYLOAD)
        {
            // No IPv4 header can describe it, so no frame can hold it; a socket never hands one over.
            counters.onDropped();
            return false;
        }
        final int frameLength = UdpFrameHeaders.HEADERS_LENGTH + length;
        final int payloadCaptured = Math.min(frameLength, maxFrame) - UdpFrameHeaders.HEADERS_LENGTH;
        final int index = ring.tryClaim(PACKET_MESSAGE, SLOT_FRAME + UdpFrameHeaders.HEADERS_LENGTH + payloadCaptured);
        if (index < 0)
        {
            counters.onDropped();
            return false;
        }
        slots.putLong(index + SLOT_STAMP, stampNanos == HostClock.NO_STAMP ? HostClock.nanos() : stampNanos);
        slots.putInt(index + SLOT_ORIGINAL_LENGTH, frameLength);
        UdpFrameHeaders.write(slots, index + SLOT_FRAME, sourceAddress, sourcePort, destinationAddress,
            destinationPort, length);
        slots.putBytes(index + SLOT_FRAME + UdpFrameHeaders.HEADERS_LENGTH, payload, offset, payloadCaptured);
        ring.commit(index);
        counters.onCaptured();
        return true;
    }

    /** The file this capture writes. */
    public Path file()
    {
        return file;
    }

    public CaptureCounters counters()
    {
        return counters;
    }

    /** Packets put in the ring for the file; after {@link #close()} all of them are in the file. */
    public long capturedPackets()
    {
        return counters.capturedPackets();
    }

    /** Packets not captured for want of room in the ring. */
    public long droppedPackets()
    {
        return counters.droppedPackets();
    }

    /** Bytes written to the file so far. */
    public long bytesWritten()
    {
        return counters.bytesWritten();
    }

    /** Add to a host clock reading to get nanoseconds since the epoch. */
    public long epochOffsetNanos()
    {
        return epochOffsetNanos;
    }

    /**
     * Stops the writer once it has drained the ring, flushes and closes the file, and waits for the thread.
     * Idempotent.
     *
     * <p>Throws an {@code UncheckedIOException} when writing the file failed at some point (the capture stopped
     * there).
     */
    @Override
    public void close()
    {
        drain.close();
    }

    /** CLOCK_REALTIME - CLOCK_MONOTONIC, from a realtime reading between two host clock readings. */
    private static long epochOffset()
    {
        final long before = HostClock.nanos();
        final Instant now = Instant.now();
        final long after = HostClock.nanos();
        final long realtime = now.getEpochSecond() * PcapFormat.NANOS_PER_SECOND + now.getNano();
        return realtime - (before + (after - before) / 2);
    }
}
