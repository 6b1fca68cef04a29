package io.wirebook.rx.mmsg;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.socket.MulticastSocket;
import io.wirebook.rx.socket.MulticastSocketPath;
import io.wirebook.rx.socket.SocketCalls;
import io.wirebook.sys.Libc;
import io.wirebook.sys.NativeException;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * {@code recvmmsg}: up to {@code mmsg.batch} datagrams per system call, non-blocking and busy-polled, with
 * SO_BUSY_POLL ({@code mmsg.busyPollMicros}) and SO_PREFER_BUSY_POLL asking the kernel to poll the device queue
 * itself where the driver allows (NAPI); options in {@link RecvmmsgOptions}. The batch of mmsghdr/iovec/cmsg/payload
 * slots is allocated once; each datagram's arrival stamp comes from its own control data. Shares socket set-up and
 * dispatch with the {@code socket} paths.
 *
 * <p>Open, poll and close on one thread, in the network namespace where the interface lives.
 */
public final class RecvmmsgRxPath extends MulticastSocketPath
{
    public static final String NAME = "recvmmsg";

    private long headers;
    private int batch;
    private AtomicCounter busyPollRefused;
    private AtomicCounter preferBusyPollRefused;
    private AtomicCounter calls;
    private AtomicCounter fullBatches;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open(final RxConfig config) throws RxUnavailableException
    {
        openSockets(config, MulticastSocket.Waiting.BLOCKING, RecvmmsgOptions.OPTIONS);
        final int busyPollMicros = RecvmmsgOptions.BUSY_POLL_MICROS.from(config);
        for (final MulticastSocket socket : sockets.all())
        {
            busyPollRefused.getAndAddRelease(trySetInt(socket, Libc.SO_BUSY_POLL, busyPollMicros));
            preferBusyPollRefused.getAndAddRelease(trySetInt(socket, Libc.SO_PREFER_BUSY_POLL, 1));
        }
        headers = slots.headerAddress(0);
        // Links the errno call sites now (vlen 0 receives nothing): linking a handle's call site allocates
        // megabytes, which should not happen on the poll thread.
        SocketCalls.recvmmsg(errnoState, sockets.all()[0].fd(), headers, 0, Libc.MSG_DONTWAIT);
        Libc.errno(errnoState);
        SocketCalls.errno();
    }

    @Override
    protected int slotCount(final RxConfig config)
    {
        batch = RecvmmsgOptions.BATCH.from(config);
        return batch;
    }

    /** Busy polling is a hint: a refusal (EPERM without CAP_NET_ADMIN, old kernel) is counted, not fatal. */
    private static int trySetInt(final MulticastSocket socket, final int option, final int value)
    {
        try
        {
            Libc.setsockoptInt(socket.fd(), Libc.SOL_SOCKET, option, value);
            return 0;
        }
        catch (final NativeException ex)
        {
            return 1;
        }
    }

    @Override
    public int poll(final DatagramHandler handler)
    {
        if (!isOpen)
        {
            throw notOpen();
        }
        int delivered = 0;
        for (final MulticastSocket socket : sockets.all())
        {
            delivered += receive(socket, handler);
        }
        return delivered;
    }

    private int receive(final MulticastSocket socket, final DatagramHandler handler)
    {
        calls.incrementRelease();
        int count = SocketCalls.recvmmsgNoWait(socket.fd(), headers, batch);
        if (count < 0)
        {
            emptyReceives.incrementRelease();
            if (SocketCalls.errno() == Libc.EAGAIN)
            {
                return 0;
            }
            errnoConfirms.incrementRelease();
            count = SocketCalls.recvmmsg(errnoState, socket.fd(), headers, batch, Libc.MSG_DONTWAIT);
            if (count < 0)
            {
                requireNoData("recvmmsg", socket);
                return 0;
            }
        }
        if (count == batch)
        {
            fullBatches.incrementRelease();
        }
        int delivered = 0;
        for (int i = 0; i < count; i++)
        {
            delivered += dispatcher.dispatch(slots, i, slots.receivedLength(i), socket, handler);
        }
        return delivered;
    }

    /**
     * {@code busy_poll_refused} and {@code prefer_busy_poll_refused} (sockets that refused the option, set at
     * open), {@code recvmmsg_calls}, {@code full_batches}.
     */
    @Override
    protected void openCounters(final HandlerCounters counters)
    {
        busyPollRefused = counters.path("busy_poll_refused");
        preferBusyPollRefused = counters.path("prefer_busy_poll_refused");
        calls = counters.path("recvmmsg_calls");
        fullBatches = counters.path("full_batches");
    }
}
