package io.wirebook.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.wirebook.sim.MessageStore;
import io.wirebook.sim.RequestServer;
import io.wirebook.sim.SentMessageListener;
import io.wirebook.sim.SnapshotServer;
import org.agrona.DirectBuffer;

/**
 * The exchange's recovery side for one publisher run: per channel c a {@link MessageStore}, a {@link RequestServer}
 * on {@code address:(requestBasePort + c)} and a {@link SnapshotServer} on {@code address:(snapshotBasePort + c)}.
 * As the publisher's {@link SentMessageListener} it appends every message sent to its channel's store.
 *
 * <p>Each store is made up front for the messages the run is expected to send, so the publisher's appends allocate
 * nothing. A store stops taking messages at its share of the byte limit (a flood run asks for more than a heap can
 * hold): what is past it is counted in {@value #STORE_FULL_MESSAGES}, and requests for it get nothing.
 */
public final class RecoveryServers implements SentMessageListener, AutoCloseable
{
    /** A generous mean ITCH message length for the up-front sizing (the order flow's are 19 to 40 bytes). */
    public static final int EXPECTED_MESSAGE_BYTES = 40;
    /** Room above the expected count: the channels' shares of the flow are not exactly even. */
    public static final double SIZING_MARGIN = 1.25;
    public static final String STORE_FULL_MESSAGES = "store_full_messages";

    private final MessageStore[] stores;
    private final long[] storedBytes;
    private final long maxBytesPerChannel;
    private final List<RequestServer> requestServers = new ArrayList<>();
    private final List<SnapshotServer> snapshotServers = new ArrayList<>();
    private long storeFullMessages;
    private boolean closed;

    private RecoveryServers(final int channels, final long expectedMessagesPerChannel, final long maxBytesPerChannel)
    {
        this.stores = new MessageStore[channels];
        this.storedBytes = new long[channels];
        this.maxBytesPerChannel = maxBytesPerChannel;
        final long expectedBytes = Math.min(maxBytesPerChannel, expectedMessagesPerChannel * EXPECTED_MESSAGE_BYTES);
        final long expectedMessages = Math.min(expectedMessagesPerChannel, expectedBytes / EXPECTED_MESSAGE_BYTES + 1);
        for (int c = 0; c < channels; c++)
        {
            stores[c] = new MessageStore(expectedMessages, expectedBytes);
        }
    }

    /**
     * Messages one channel is expected to store: its share of {@code rate} over the whole session, with
     * {@link #SIZING_MARGIN}.
     */
    public static long expectedMessagesPerChannel(final long rate, final double seconds, final int channels)
    {
        return (long)Math.ceil(rate * seconds * SIZING_MARGIN / channels) + 1_000;
    }

    /**
     * Binds both servers of every channel and starts them; closes what it opened if one cannot bind.
     *
     * @param maxBytes all stores' bytes together, at most; each channel gets an equal share.
     * @throws IOException naming the address that could not be bound.
     */
    public static RecoveryServers start(
        final String address, final int requestBasePort, final int snapshotBasePort, final byte[] session,
        final int channels, final long expectedMessagesPerChannel, final long maxBytes) throws IOException
    {
        final RecoveryServers servers = new RecoveryServers(channels, expectedMessagesPerChannel, maxBytes / channels);
        try
        {
            for (int c = 0; c < channels; c++)
            {
                final RequestServer request = new RequestServer(
                    new InetSocketAddress(address, requestBasePort + c), session, servers.stores[c]);
                servers.requestServers.add(request);
                final SnapshotServer snapshot = new SnapshotServer(
                    new InetSocketAddress(address, snapshotBasePort + c), session, servers.stores[c]);
                servers.snapshotServers.add(snapshot);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            servers.close();
            throw ex;
        }
        servers.requestServers.forEach(RequestServer::start);
        servers.snapshotServers.forEach(SnapshotServer::start);
        return servers;
    }

    @Override
    public void onSent(
        final int channel, final long sequenceNumber, final DirectBuffer buffer, final int offset, final int length)
    {
        if (storedBytes[channel] + length > maxBytesPerChannel)
        {
            storeFullMessages++;
            return;
        }
        stores[channel].append(buffer, offset, length);
        storedBytes[channel] += length;
    }

    /** The store of channel {@code channel} (0-based). */
    public MessageStore store(final int channel)
    {
        return stores[channel];
    }

    /** Where channel {@code channel}'s request server listens (the kernel's port, if asked for 0). */
    public InetSocketAddress requestServerAddress(final int channel) throws IOException
    {
        return requestServers.get(channel).localAddress();
    }

    /** Where channel {@code channel}'s snapshot server listens. */
    public InetSocketAddress snapshotServerAddress(final int channel) throws IOException
    {
        return snapshotServers.get(channel).localAddress();
    }

    /**
     * The servers' counters summed over channels, for publisher.properties. Read after the publisher's thread has
     * stopped appending (the store counts are its own).
     */
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("request_server_requests", sum(requestServers, RequestServer::requests));
        counters.put("request_server_messages_sent", sum(requestServers, RequestServer::messagesSent));
        counters.put("request_server_packets_sent", sum(requestServers, RequestServer::packetsSent));
        counters.put("request_server_bad_requests", sum(requestServers, RequestServer::badRequests));
        counters.put("snapshot_server_logins", sum(snapshotServers, SnapshotServer::logins));
        counters.put("snapshot_server_rejected_logins", sum(snapshotServers, SnapshotServer::rejectedLogins));
        counters.put("snapshot_server_snapshots_sent", sum(snapshotServers, SnapshotServer::snapshotsSent));
        counters.put("snapshot_server_messages_sent", sum(snapshotServers, SnapshotServer::messagesSent));
        counters.put("store_messages", sum(List.of(stores), MessageStore::size));
        counters.put(STORE_FULL_MESSAGES, storeFullMessages);
        return counters;
    }

    private static <T> long sum(final List<T> items, final ToLongFunction<T> counter)
    {
        long total = 0;
        for (final T item : items)
        {
            total += counter.applyAsLong(item);
        }
        return total;
    }

    /** Closes every server; safe to call more than once. */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        IOException failure = null;
        for (final AutoCloseable server : allServers())
        {
            try
            {
                server.close();
            }
            catch (final Exception ex)
            {
                if (failure == null)
                {
                    failure = ex instanceof IOException io ? io : new IOException(ex);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    private List<AutoCloseable> allServers()
    {
        final List<AutoCloseable> all = new ArrayList<>(requestServers);
        all.addAll(snapshotServers);
        return all;
    }
}
