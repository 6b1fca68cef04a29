package io.wirebook.rx.socket;

import java.util.List;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;

/**
 * The sockets a kernel-socket path (recvmsg, recvmmsg, io-uring) reads, one {@link MulticastSocket} per port of
 * the configuration, and what they report about themselves.
 */
public final class MulticastSockets implements AutoCloseable
{
    private final MulticastSocket[] sockets;
    private final boolean timestamps;

    private MulticastSockets(final List<MulticastSocket> sockets)
    {
        this.sockets = sockets.toArray(new MulticastSocket[0]);
        this.timestamps = sockets.stream().allMatch(MulticastSocket::timestamps);
    }

    /** @see MulticastSocket#openAll(RxConfig, MulticastSocket.Waiting, boolean) */
    public static MulticastSockets open(
        final RxConfig config, final MulticastSocket.Waiting waiting, final boolean timestamps)
        throws RxUnavailableException
    {
        return new MulticastSockets(MulticastSocket.openAll(config, waiting, timestamps));
    }

    /** The sockets in the order their ports first appear; the array itself, for poll loops: do not change it. */
    public MulticastSocket[] all()
    {
        return sockets;
    }

    public int count()
    {
        return sockets.length;
    }

    /** Whether every socket gets kernel receive stamps. */
    public boolean timestamps()
    {
        return timestamps;
    }

    /**
     * Makes the counters that say how the sockets are set, once: {@code path.sockets} (how many),
     * {@code path.rcvbuf_bytes} and {@code path.rcvbuf_forced} (the receive buffer, all set alike) and
     * {@code path.timestamps} (1 when every socket is stamped).
     */
    public void recordSettings(final HandlerCounters counters)
    {
        counters.path("sockets").setRelease(sockets.length);
        counters.path("rcvbuf_bytes").setRelease(sockets[0].receiveBufferBytes());
        counters.path("rcvbuf_forced").setRelease(sockets[0].receiveBufferForced() ? 1 : 0);
        counters.path("timestamps").setRelease(timestamps ? 1 : 0);
    }

    @Override
    public void close()
    {
        for (final MulticastSocket socket : sockets)
        {
            socket.close();
        }
    }
}
