package io.wirebook.sim;

import java.util.List;

import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;

/**
 * What the exchange simulator publishes and how.
 *
 * @param channels        the multicast channels on line A; instruments are partitioned over them by
 *                        {@link ChannelPartition}.
 * @param sourceAddress   the IPv4 address of the exchange's line-A interface (e.g. 198.18.0.1): multicast leaves by
 *                        it.
 * @param rateMsgs        messages per second, summed over all channels, during warm-up and measurement.
 * @param warmupSeconds   seconds of flow before the Start of Market Hours event; receivers do not count them.
 * @param durationSeconds seconds of measured flow after it.
 * @param minPacketBytes  smallest target UDP payload of a packet (MoldUDP64 header included).
 * @param maxPacketBytes  largest UDP payload of a packet; never exceeded.
 * @param seed            seeds the packet target sizes, so a run is repeatable.
 * @param cpu             the CPU the sending thread is pinned to, or -1 for not pinned.
 * @param session         the MoldUDP64 session, 10 ASCII bytes.
 * @param ttl             multicast TTL.
 * @param sourcePort      the UDP port every line sends from ({@link #DEFAULT_SOURCE_PORT}), so receivers can check
 *                        it; 0 for any.
 * @param lineBChannels   each channel's group on line B, index for index with {@code channels}; empty: no line B.
 * @param sourceAddressB  the IPv4 address of the exchange's line-B interface (e.g. 198.18.1.1); unused without
 *                        line B.
 * @param faultsA         reorder and duplicates made on line A ({@link PacketFaults#NONE} by default).
 * @param faultsB         the same on line B.
 * @param warmupCount     the warm-up's messages, sent at the rate however long they take, then only heartbeats
 *                        until {@code warmupSeconds} have passed; -1 for {@code rateMsgs * warmupSeconds}, within
 *                        the warm-up's seconds.
 * @param replaySpeed     0 to pace the measured phase evenly at the rate; above 0 to pace it by the messages' own
 *                        ITCH timestamps at this many times their pace ({@link Pacer#startTimed}), until the flow
 *                        ends. The warm-up stays even.
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
    int ttl,
    int sourcePort,
    List<Channel> lineBChannels,
    int sourceAddressB,
    PacketFaults faultsA,
    PacketFaults faultsB,
    long warmupCount,
    double replaySpeed)
{
    /** The exchange's fixed UDP source port, on both lines. */
    public static final int DEFAULT_SOURCE_PORT = 12344;
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
        if (sourcePort < 0 || sourcePort > 65_535)
        {
            throw new IllegalArgumentException("source port out of range: " + sourcePort);
        }
        lineBChannels = List.copyOf(lineBChannels);
        if (!lineBChannels.isEmpty() && lineBChannels.size() != channels.size())
        {
            throw new IllegalArgumentException("line B needs one group per channel: " + channels.size() +
                " channels, " + lineBChannels.size() + " line-B groups");
        }
        if (null == faultsA || null == faultsB)
        {
            throw new IllegalArgumentException("faults must not be null; use PacketFaults.NONE");
        }
        if (warmupCount < -1 || replaySpeed < 0 || Double.isNaN(replaySpeed) || Double.isInfinite(replaySpeed))
        {
            throw new IllegalArgumentException("warm-up count must be >= 0 (or -1) and replay speed >= 0 and finite");
        }
    }

    /** The full form as it was before explicit warm-up counts and timed replays: both from the rate. */
    public PublisherConfig(
        final List<Channel> channels, final int sourceAddress, final long rateMsgs, final double warmupSeconds,
        final double durationSeconds, final int minPacketBytes, final int maxPacketBytes, final long seed,
        final int cpu, final byte[] session, final int ttl, final int sourcePort, final List<Channel> lineBChannels,
        final int sourceAddressB, final PacketFaults faultsA, final PacketFaults faultsB)
    {
        this(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, minPacketBytes, maxPacketBytes, seed,
            cpu, session, ttl, sourcePort, lineBChannels, sourceAddressB, faultsA, faultsB, -1, 0);
    }

    /** A config on line A only, from {@link #DEFAULT_SOURCE_PORT}, without faults: the shape before line B. */
    public PublisherConfig(
        final List<Channel> channels, final int sourceAddress, final long rateMsgs, final double warmupSeconds,
        final double durationSeconds, final int minPacketBytes, final int maxPacketBytes, final long seed,
        final int cpu, final byte[] session, final int ttl)
    {
        this(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, minPacketBytes, maxPacketBytes, seed,
            cpu, session, ttl, DEFAULT_SOURCE_PORT, List.of(), 0, PacketFaults.NONE, PacketFaults.NONE);
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
        return warmupCount >= 0 ? warmupCount : Math.round(rateMsgs * warmupSeconds);
    }

    /** Whether the measured phase is paced by the messages' timestamps rather than evenly. */
    public boolean timedReplay()
    {
        return replaySpeed > 0;
    }

    /**
     * The same config with a warm-up of {@code count} messages (-1: from the rate) and the measured phase paced by
     * timestamps at {@code speed} (0: evenly).
     */
    public PublisherConfig withPacing(final long count, final double speed)
    {
        return new PublisherConfig(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, minPacketBytes,
            maxPacketBytes, seed, cpu, session, ttl, sourcePort, lineBChannels, sourceAddressB, faultsA, faultsB, count,
            speed);
    }

    /** The same config with packets of {@code min} to {@code max} bytes of UDP payload. */
    public PublisherConfig withPacketBytes(final int min, final int max)
    {
        return new PublisherConfig(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, min, max, seed,
            cpu, session, ttl, sourcePort, lineBChannels, sourceAddressB, faultsA, faultsB, warmupCount, replaySpeed);
    }

    public long measuredMessages()
    {
        return Math.round(rateMsgs * durationSeconds);
    }

    /** The same config, also sending on line B, to {@code groups} (one per channel) from {@code source}. */
    public PublisherConfig withLineB(final List<Channel> groups, final int source)
    {
        return new PublisherConfig(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, minPacketBytes,
            maxPacketBytes, seed, cpu, session, ttl, sourcePort, groups, source, faultsA, faultsB, warmupCount,
            replaySpeed);
    }

    /** The same config on line A only. */
    public PublisherConfig withoutLineB()
    {
        return new PublisherConfig(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, minPacketBytes,
            maxPacketBytes, seed, cpu, session, ttl, sourcePort, List.of(), 0, faultsA, faultsB, warmupCount,
            replaySpeed);
    }

    public PublisherConfig withSourcePort(final int port)
    {
        return new PublisherConfig(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, minPacketBytes,
            maxPacketBytes, seed, cpu, session, ttl, port, lineBChannels, sourceAddressB, faultsA, faultsB, warmupCount,
            replaySpeed);
    }

    public PublisherConfig withFaults(final PacketFaults lineA, final PacketFaults lineB)
    {
        return new PublisherConfig(channels, sourceAddress, rateMsgs, warmupSeconds, durationSeconds, minPacketBytes,
            maxPacketBytes, seed, cpu, session, ttl, sourcePort, lineBChannels, sourceAddressB, lineA, lineB,
            warmupCount, replaySpeed);
    }

    public boolean hasLineB()
    {
        return !lineBChannels.isEmpty();
    }

    /** 1, or 2 with line B. */
    public int lineCount()
    {
        return hasLineB() ? 2 : 1;
    }

    /** The channels' groups on a line, {@link Flow#LINE_A} or {@link Flow#LINE_B}. */
    public List<Channel> lineChannels(final int line)
    {
        return line == Flow.LINE_A ? channels : lineBChannels;
    }

    public int lineSourceAddress(final int line)
    {
        return line == Flow.LINE_A ? sourceAddress : sourceAddressB;
    }

    public PacketFaults lineFaults(final int line)
    {
        return line == Flow.LINE_A ? faultsA : faultsB;
    }

    @Override
    public byte[] session()
    {
        return session.clone();
    }
}
