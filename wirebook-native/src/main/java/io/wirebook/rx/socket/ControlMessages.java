package io.wirebook.rx.socket;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

import io.wirebook.stats.HostClock;
import io.wirebook.sys.Libc;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Walks the ancillary data (cmsg buffer) of one received datagram, 64-bit Linux layout, and keeps the two things
 * the socket paths want from it: the destination address from IP_PKTINFO (which group, hence which channel) and
 * the kernel's software receive stamp from SCM_TIMESTAMPING (CLOCK_REALTIME).
 *
 * <p>Layout: each {@link #CMSGHDR} is followed by its data; the next header starts at the current one plus
 * CMSG_ALIGN(cmsg_len), aligned to 8.
 * A flyweight: {@link #parse} overwrites the fields, nothing is allocated.
 */
public final class ControlMessages
{
    /** struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
        JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));
    /** struct in_pktinfo { int ipi_ifindex; struct in_addr ipi_spec_dst; struct in_addr ipi_addr; } */
    public static final StructLayout IN_PKTINFO = MemoryLayout.structLayout(
        JAVA_INT.withName("ipi_ifindex"), JAVA_INT.withName("ipi_spec_dst"), JAVA_INT.withName("ipi_addr"));
    /** struct scm_timestamping { struct timespec ts[3]; }: [0] software, [2] raw hardware. */
    public static final StructLayout SCM_TIMESTAMPING_LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(3, Libc.TIMESPEC).withName("ts"));

    public static final int CMSG_HEADER = (int)CMSGHDR.byteSize();
    public static final int SOL_SOCKET = 1;
    public static final int IPPROTO_IP = 0;
    public static final int IP_PKTINFO = 8;
    /** SCM_TIMESTAMPING == SO_TIMESTAMPING_OLD on 64-bit, where time_t is the kernel long. */
    public static final int SCM_TIMESTAMPING = 37;
    public static final int IN_PKTINFO_LENGTH = (int)IN_PKTINFO.byteSize();
    public static final int IPI_ADDR_OFFSET = (int)IN_PKTINFO.byteOffset(groupElement("ipi_addr"));
    public static final int SCM_TIMESTAMPING_LENGTH = (int)SCM_TIMESTAMPING_LAYOUT.byteSize();

    private static final int CMSG_LEN = (int)CMSGHDR.byteOffset(groupElement("cmsg_len"));
    private static final int CMSG_LEVEL = (int)CMSGHDR.byteOffset(groupElement("cmsg_level"));
    private static final int CMSG_TYPE = (int)CMSGHDR.byteOffset(groupElement("cmsg_type"));
    private static final int SOFTWARE_SECONDS = (int)SCM_TIMESTAMPING_LAYOUT.byteOffset(
        groupElement("ts"), sequenceElement(0), groupElement("tv_sec"));
    private static final int SOFTWARE_NANOS = (int)SCM_TIMESTAMPING_LAYOUT.byteOffset(
        groupElement("ts"), sequenceElement(0), groupElement("tv_nsec"));
    /** CMSG_ALIGN rounds to sizeof(size_t). */
    private static final int CMSG_ALIGNMENT = Long.BYTES;

    /** Marks "no IP_PKTINFO in this datagram's control data". 0.0.0.0 is never a destination. */
    public static final int NO_DESTINATION = 0;

    private final AtomicCounter malformed;
    private int destination;
    private long realtimeNanos;

    /** @param malformed counts control buffers whose headers contradict their length. */
    public ControlMessages(final AtomicCounter malformed)
    {
        this.malformed = malformed;
    }

    /** CMSG_ALIGN for 64-bit: round up to a multiple of sizeof(size_t). */
    public static int align(final long length)
    {
        return (int)((length + CMSG_ALIGNMENT - 1) & -(long)CMSG_ALIGNMENT);
    }

    /** CMSG_SPACE: room one cmsg with {@code dataLength} bytes of data takes in the buffer. */
    public static int space(final int dataLength)
    {
        return CMSG_HEADER + align(dataLength);
    }

    /**
     * Parses {@code length} bytes of control data (the msg_controllen the kernel wrote back).
     *
     * @return true if a destination was found.
     */
    public boolean parse(final DirectBuffer buffer, final int offset, final int length)
    {
        destination = NO_DESTINATION;
        realtimeNanos = HostClock.NO_STAMP;
        final int end = offset + length;
        int header = offset;
        while (header + CMSG_HEADER <= end)
        {
            final long cmsgLength = buffer.getLong(header + CMSG_LEN);
            if (cmsgLength < CMSG_HEADER || cmsgLength > end - header)
            {
                // A header that claims more than the buffer holds ends the walk, as CMSG_NXTHDR would.
                malformed.incrementRelease();
                break;
            }
            final int level = buffer.getInt(header + CMSG_LEVEL);
            final int type = buffer.getInt(header + CMSG_TYPE);
            final int data = header + CMSG_HEADER;
            final int dataLength = (int)cmsgLength - CMSG_HEADER;
            if (level == IPPROTO_IP && type == IP_PKTINFO && dataLength >= IN_PKTINFO_LENGTH)
            {
                destination = buffer.getInt(data + IPI_ADDR_OFFSET, ByteOrder.BIG_ENDIAN);
            }
            else if (level == SOL_SOCKET && type == SCM_TIMESTAMPING && dataLength >= SCM_TIMESTAMPING_LENGTH)
            {
                final long seconds = buffer.getLong(data + SOFTWARE_SECONDS);
                final long nanos = buffer.getLong(data + SOFTWARE_NANOS);
                // An all-zero software slot means the kernel had no software stamp for this skb.
                if (seconds != 0 || nanos != 0)
                {
                    realtimeNanos = seconds * 1_000_000_000L + nanos;
                }
            }
            header += align(cmsgLength);
        }
        return destination != NO_DESTINATION;
    }

    /** IP_PKTINFO's ipi_addr, host byte order, or {@link #NO_DESTINATION}. */
    public int destination()
    {
        return destination;
    }

    /** SCM_TIMESTAMPING's software stamp in CLOCK_REALTIME nanoseconds, or {@link HostClock#NO_STAMP}. */
    public long realtimeNanos()
    {
        return realtimeNanos;
    }

    /** The software stamp on the host clock, or {@link HostClock#NO_STAMP}. */
    public long arrivalNanos(final long realtimeToHostOffset)
    {
        return realtimeNanos == HostClock.NO_STAMP ? HostClock.NO_STAMP : realtimeNanos + realtimeToHostOffset;
    }

    /** Control buffers whose headers contradicted their length, since creation. */
    public long malformed()
    {
        return malformed.get();
    }
}
