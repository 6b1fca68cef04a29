package io.wirebook.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.wirebook.feed.ChannelStatus;
import io.wirebook.feed.FeedHandler;
import io.wirebook.lab.BookDigest;
import io.wirebook.mold.MoldPacketizer;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.RxPaths;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The kring path end to end, run in the guest by {@code WbringGuestTest}: a feed handler on {@code kring} (the wbring
 * module's ring on INTERFACE) builds its books from a deterministic session that SENDER sends, from SOURCE_ADDRESS
 * out of another interface (the other end of a veth pair in the guest, or the lab side of the guest's NIC), and
 * the books are compared with those built from every message sent. Prints one line, {@code KRING ...} with the
 * figures, or {@code SKIPPED reason}, and exits 0 when the books match with nothing lost.
 *
 * <p>Usage: {@code KringGuestFeed INTERFACE INTERFACE_ADDRESS SOURCE_ADDRESS send|listen [READY_FILE]}; with
 * {@code listen} it creates READY_FILE once the path is open and waits for another host to {@link #send} the
 * {@link #packets}.
 */
public final class KringGuestFeed
{
    public static final String GROUP = "239.9.1.1";
    public static final int PORT = 12345;
    public static final int SOURCE_PORT = 12344;
    public static final int MESSAGES = 10_000;
    private static final byte[] SESSION = MoldUDP64.session("WBKRING01");
    private static final int END_OF_SESSION_REPEATS = 3;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Under emulation the receiver runs slower than the wire: packets are paced to stay inside the rings. */
    public static final long PACKET_GAP_NANOS = 200_000;

    private KringGuestFeed()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String interfaceName = args[0];
        final String interfaceAddress = args[1];
        final String source = args[2];
        final boolean sends = "send".equals(args[3]);
        final MessageStore store = store();
        final FeedHandler feed = FeedHandler.builder()
            .interfaceName(interfaceName).interfaceAddress(interfaceAddress).source(source, SOURCE_PORT)
            .channel(GROUP, PORT)
            .path(RxPaths.create("kring"))
            // The guest's JVM starts in the interpreter, under emulation: a ring that holds the whole session lets
            // a slow start drop nothing (wbring_check counts the overflow of a full ring).
            .option("kring.slots", "4096")
            .maxStockLocate(SnapshotServerTest.INSTRUMENTS)
            .expectedOrders(1 << 15)
            .countersInMemory()
            .build();
        try
        {
            feed.open();
        }
        catch (final RxUnavailableException ex)
        {
            System.out.println("SKIPPED " + ex.getMessage());
            System.exit(3);
        }
        System.out.println("READY");
        if (!sends)
        {
            Files.createFile(Path.of(args[4]));
        }
        final Thread sender = sends ?
            Thread.ofPlatform().start(() -> send(packets(store), source, PACKET_GAP_NANOS)) : null;
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline && !feed.allEnded())
        {
            if (feed.doWork() == 0)
            {
                Thread.onSpinWait();
            }
        }
        if (sender != null)
        {
            sender.join();
        }
        feed.path().refreshCounters();
        final String books = BookDigest.of(feed.books(), SnapshotServerTest.INSTRUMENTS);
        final String expected =
            BookDigest.of(SnapshotServerTest.replay(store, MESSAGES), SnapshotServerTest.INSTRUMENTS);
        final Map<String, Long> counters = feed.counters().values();
        final long messages = feed.channel(0).counters().messages();
        final long lost = feed.channel(0).recovery().lost();
        final long stamped = feed.channel(0).latency().arrivalToBook().getTotalCount();
        final boolean match = books.equals(expected);
        System.out.printf("KRING books_match=%b ended=%b status=%s messages=%d lost=%d arrival_stamped=%d "
            + "ring_received=%d ring_overflow=%d frames_accepted=%d bad_slots=%d%n", match, feed.allEnded(),
            feed.channel(0).status(), messages, lost, stamped, counters.get("path.ring_received"),
            counters.get("path.ring_overflow"), counters.get("path.frames_accepted"),
            counters.get("path.rejected.bad_slot"));
        feed.close();
        System.exit(match && lost == 0 && feed.channel(0).status() == ChannelStatus.SYNCED ? 0 : 1);
    }

    /** The session's messages, the same on every host that calls it. */
    public static MessageStore store()
    {
        final MessageStore store = new MessageStore();
        SnapshotServerTest.append(store, new OrderFlow(7, SnapshotServerTest.INSTRUMENTS), MESSAGES);
        return store;
    }

    /** The session as MoldUDP64 packets of up to 8 messages, then End of Session, repeated. */
    public static List<byte[]> packets(final MessageStore store)
    {
        final List<byte[]> packets = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        final MoldPacketizer packetizer = new MoldPacketizer(SESSION, buffer, 1400);
        packetizer.reset(1);
        for (long sequence = 1; sequence <= MESSAGES; sequence++)
        {
            final int length = store.copy(sequence, message, 0);
            if (!packetizer.fits(length) || packetizer.messageCount() == 8)
            {
                packets.add(copy(buffer, packetizer.length()));
                packetizer.reset(packetizer.nextSequenceNumber());
            }
            final int at = packetizer.beginMessage();
            buffer.putBytes(at, message, 0, length);
            packetizer.commitMessage(length);
        }
        packets.add(copy(buffer, packetizer.length()));
        final UnsafeBuffer end = new UnsafeBuffer(new byte[MoldUDP64.HEADER_LENGTH]);
        MoldUDP64.endOfSession(end, 0, SESSION, MESSAGES + 1);
        for (int i = 0; i < END_OF_SESSION_REPEATS; i++)
        {
            packets.add(end.byteArray().clone());
        }
        return packets;
    }

    /**
     * Sends {@code packets} to the group from {@code source}:{@link #SOURCE_PORT}, out of the interface it is on, one
     * each {@code gapNanos} at most.
     */
    public static void send(final List<byte[]> packets, final String source, final long gapNanos)
    {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET))
        {
            final InetAddress from = InetAddress.getByName(source);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByInetAddress(from));
            channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            channel.bind(new InetSocketAddress(from, SOURCE_PORT));
            final InetSocketAddress to = new InetSocketAddress(GROUP, PORT);
            for (final byte[] packet : packets)
            {
                channel.send(ByteBuffer.wrap(packet), to);
                LockSupport.parkNanos(gapNanos);
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("sending the session from " + source + ": " + ex.getMessage(), ex);
        }
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
