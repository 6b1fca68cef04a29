package io.wirebook.rx.socket;

import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;

/**
 * The options of the kernel-socket paths ({@code socket}, {@code socket-spin}, {@code recvmmsg}; io-uring reads
 * {@link #RECEIVE_BUFFER} and {@link #SOURCE_SPECIFIC} as well), with their defaults and their help.
 */
public final class SocketPathOptions
{
    /** Enough for a burst of the full feed while the poll thread is off its CPU for a few milliseconds. */
    public static final int DEFAULT_RECEIVE_BUFFER = 8 << 20;
    /** A MoldUDP64 packet fits an Ethernet MTU. */
    public static final int DEFAULT_MAX_DATAGRAM = 2048;

    public static final PathOption<Integer> RECEIVE_BUFFER = PathOption.integer("socket.rcvbuf",
        DEFAULT_RECEIVE_BUFFER, 4096, 1 << 30,
        "receive buffer bytes asked for (SO_RCVBUFFORCE, else SO_RCVBUF capped by net.core.rmem_max)");
    public static final PathOption<Integer> MAX_DATAGRAM = PathOption.integer("socket.maxDatagram",
        DEFAULT_MAX_DATAGRAM, 64, 65536,
        "largest datagram taken whole; a longer one is counted as truncated (io-uring: uring.buffer.size)");
    /**
     * Source-specific joins (IP_ADD_SOURCE_MEMBERSHIP) for each flow that names its source, so the kernel drops
     * datagrams from any other address before the path sees them; those are then not counted as
     * {@code rejected.wrong_source}, so the count no longer shows forgeries. The path checks source address and
     * port itself either way (the kernel does not filter ports).
     */
    public static final PathOption<Boolean> SOURCE_SPECIFIC = PathOption.flag("socket.ssm", false,
        "source-specific joins: the kernel drops other sources (then not counted as rejected.wrong_source)");

    public static final PathOptions OPTIONS = new PathOptions("socket, socket-spin, recvmmsg, io-uring", "socket.",
        RECEIVE_BUFFER, MAX_DATAGRAM, SOURCE_SPECIFIC);

    private SocketPathOptions()
    {
    }
}
