package io.wirebook.rx.mmsg;

import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;

/** The options of the {@code recvmmsg} path (besides the socket paths' {@code socket.*}), with defaults and help. */
public final class RecvmmsgOptions
{
    /** Datagrams one call can take: at most UIO_MAXIOV. */
    public static final PathOption<Integer> BATCH = PathOption.integer("mmsg.batch", 32, 1, 1024,
        "datagrams one recvmmsg takes at most");
    public static final PathOption<Integer> BUSY_POLL_MICROS = PathOption.integer("mmsg.busyPollMicros", 50, 0,
        1_000_000, "SO_BUSY_POLL: how long the kernel polls the device queue in a receive (0: off)");

    public static final PathOptions OPTIONS = new PathOptions("recvmmsg", "mmsg.", BATCH, BUSY_POLL_MICROS);

    private RecvmmsgOptions()
    {
    }
}
