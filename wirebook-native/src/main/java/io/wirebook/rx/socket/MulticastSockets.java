package io.wirebook.rx.socket;

import java.util.List;
import java.util.Map;

import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;

/**
 * The sockets a kernel-socket path (recvmsg, recvmmsg) polls, one {@link MulticastSocket} per port of the
 * configuration, and what they report about themselves.
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

    /** @see MulticastSocket#openAll(RxConfig, boolean) */
    public static MulticastSockets open(final RxConfig config, final boolean receiveTimeout)
        throws RxUnavailableException
    {
        return new MulticastSockets(MulticastSocket.openAll(config, receiveTimeout));
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

    /** Adds the sockets' counters: how many, the receive buffer (all are set alike), whether stamped. */
    public Map<String, Long> counters(final Map<String, Long> counters)
    {
        counters.put("sockets", (long)sockets.length);
        counters.put("rcvbuf_bytes", (long)sockets[0].receiveBufferBytes());
        counters.put("rcvbuf_forced", sockets[0].receiveBufferForced() ? 1L : 0L);
        counters.put("timestamps", timestamps ? 1L : 0L);
        return counters;
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
