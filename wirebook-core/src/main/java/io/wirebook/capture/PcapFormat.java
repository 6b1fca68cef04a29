package io.wirebook.capture;

import java.nio.ByteOrder;

/**
 * The classic pcap file layout with nanosecond stamps, as libpcap, tcpdump and tshark read it: a 24-byte global
 * header, then per packet a 16-byte record header followed by the captured bytes. Written little-endian; readers
 * tell the byte order from the magic number.
 */
public final class PcapFormat
{
    /** The nanosecond-resolution magic: the record header's second field holds nanoseconds, not microseconds. */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    public static final short VERSION_MAJOR = 2;
    public static final short VERSION_MINOR = 4;
    /** LINKTYPE_ETHERNET: every record starts with an Ethernet II header. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** The most bytes of one packet kept; longer packets are cut and keep their original length. */
    public static final int SNAPLEN = 65_535;
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Global header: magic, version, this zone (0: UTC), sigfigs (0), snaplen, link type. */
    public static final int GLOBAL_MAGIC = 0;
    public static final int GLOBAL_VERSION_MAJOR = 4;
    public static final int GLOBAL_VERSION_MINOR = 6;
    public static final int GLOBAL_THIS_ZONE = 8;
    public static final int GLOBAL_SIGFIGS = 12;
    public static final int GLOBAL_SNAPLEN = 16;
    public static final int GLOBAL_LINKTYPE = 20;
    public static final int GLOBAL_HEADER_LENGTH = 24;

    /** Record header: seconds and nanoseconds since the epoch, bytes captured, bytes on the wire. */
    public static final int RECORD_SECONDS = 0;
    public static final int RECORD_NANOSECONDS = 4;
    public static final int RECORD_CAPTURED_LENGTH = 8;
    public static final int RECORD_ORIGINAL_LENGTH = 12;
    public static final int RECORD_HEADER_LENGTH = 16;

    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PcapFormat()
    {
    }
}
