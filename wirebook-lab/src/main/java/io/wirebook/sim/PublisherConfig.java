package io.wirebook.sim;

import java.util.List;

import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;

/**
 * What the exchange simulator publishes and how.
 *
 * @param channels        the multicast channels; instruments are partitioned over them by {@link ChannelPartition}.
 * @param sourceAddress   the IPv4 address of the exchange's interface (e.g. 198.18.0.1): multicast leaves by it.
 * @param rateMsgs        messages per second, summed over all channels, during warm-up and measurement.
 * @param warmupSeconds   seconds of flow before the Start of Market Hours event; receivers do not count them.
 * @param durationSeconds seconds of measured flow after it.
 * @param minPacketBytes  smallest target UDP payload of a packet (MoldUDP64 header included).
 * @param maxPacketBytes  largest UDP payload of a packet; never exceeded.
 * @param seed            seeds the packet target sizes, so a run is repeatable.
 * @param cpu             the CPU the sending thread is pinned to, or -1 for not pinned.
 * @param session         the MoldUDP64 session, 10 ASCII bytes.
 * @param ttl             multicast TTL.
 */
public record PublisherConfig(
    List<Channel> channels,
    int sourceAddress,
    long rateMsgs,
    double warmupSeconds,
    double durationSeconds,
    int minPacketBytes,
    int maxPacketBytes,
    long seed,
    int cpu,
    byte[] session,
    int ttl)
{
    public static final int DEFAULT_MIN_PACKET_BYTES = 100;
    public static final int DEFAULT_MAX_PACKET_BYTES = 500;
    public static final int DEFAULT_TTL = 8;
    /** Largest packet the publisher will build: one Ethernet MTU of UDP payload. */
    public static final int MAX_UDP_PAYLOAD = 1472;

    public PublisherConfig
    {
        channels = List.copyOf(channels);
        if (channels.isEmpty())
        {
            throw new IllegalArgumentException("need at least one channel");
        }
        if (rateMsgs <= 0)
        {
            throw new IllegalArgumentException("rate must be positive, got " + rateMsgs);
        }
        if (warmupSeconds < 0 || durationSeconds < 0)
        {
            throw new IllegalArgumentException("warm-up and duration must not be negative");
        }
        if (minPacketBytes < 72 || maxPacketBytes < minPacketBytes || maxPacketBytes > MAX_UDP_PAYLOAD)
        {
            // 72 = header + the longest ITCH message (50) with its prefix: every message must fit one packet.
            throw new IllegalArgumentException(
                "packet sizes must satisfy 72 <= min <= max <= 1472, got " + minPacketBytes + ".." + maxPacketBytes);
        }
        if (session.length != 10)
        {
            throw new IllegalArgumentException("MoldUDP64 session must be 10 bytes, got " + session.length);
        }
        session = session.clone();
        if (ttl < 0 || ttl > 255)
        {
            throw new IllegalArgumentException("TTL out of range: " + ttl);
        }
    }

    /** A config with the defaults of the lab: 100-500 byte packets, not pinned, TTL 8. */
    public static PublisherConfig of(
        final List<Channel> channels, final int sourceAddress, final long rateMsgs, final double warmupSeconds,
        final double durationSeconds)
    {
        return new PublisherConfig(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds,
            DEFAULT_MIN_PACKET_BYTES, DEFAULT_MAX_PACKET_BYTES, 42, -1, MoldUDP64.session("WIREBOOK"), DEFAULT_TTL);
    }

    public long warmupMessages()
    {
        return Math.round(rateMsgs * warmupSeconds);
    }

    public long measuredMessages()
    {
        return Math.round(rateMsgs * durationSeconds);
    }

    @Override
    public byte[] session()
    {
        return session.clone();
    }
}
