package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The plain kernel socket, one recvmsg per datagram, in two flavours:
 * <ul>
 *   <li>{@code socket}: blocking recvmsg, the kernel path's baseline. SO_RCVTIMEO (100 ms) makes an idle
 *   poll return 0 so the loop can stop. Channels on several ports (one socket per port) wait in poll(2) instead,
 *   with the same 100 ms timeout, then read each readable socket without blocking.</li>
 *   <li>{@code socket-spin}: recvmsg with MSG_DONTWAIT, busy-polled by the caller's pinned thread.</li>
 * </ul>
 * Either way one socket serves every flow of a port, each joined on its own interface (lines A and B on theirs),
 * IP_PKTINFO names the group (→ flow), the datagram's source address and port (msg_name) must be the flow's, and
 * SO_TIMESTAMPING's software stamp, converted to the host clock, is the arrival stamp. Options and counters: see
 * {@link MulticastSocketPath}. Create by name with
 * {@link BlockingSocketRxPath} / {@link SpinningSocketRxPath}, or {@link #blocking()} / {@link #spinning()}.
 *
 * <p>Open, poll and close on one thread, in the network namespace where the interface lives.
 */
public class KernelSocketRxPath extends MulticastSocketPath
{
    public static final String SOCKET = "socket";
    public static final String SOCKET_SPIN = "socket-spin";

    private static final int MSG_PEEK = 0x2;

    private final boolean spin;
    private long header;
    private UnsafeBuffer pollFds;
    private AtomicCounter idleTimeouts;

    public KernelSocketRxPath(final boolean spin)
    {
        this.spin = spin;
    }

    public static KernelSocketRxPath blocking()
    {
        return new KernelSocketRxPath(false);
    }

    public static KernelSocketRxPath spinning()
    {
        return new KernelSocketRxPath(true);
    }

    @Override
    public String name()
    {
        return spin ? SOCKET_SPIN : SOCKET;
    }

    @Override
    public void open(final RxConfig config) throws RxUnavailableException
    {
        final long ports = config.channels().stream().mapToInt(Channel::port).distinct().count();
        openSockets(config, !spin && ports == 1 ? MulticastSocket.Waiting.BLOCKING_WITH_TIMEOUT :
            MulticastSocket.Waiting.BLOCKING);
        header = slots.headerAddress(0);
        // Links the errno call sites now (MSG_PEEK consumes nothing): linking a handle's call site allocates
        // megabytes, which should not happen on the poll thread.
        SocketCalls.recvmsg(errnoState, sockets.all()[0].fd(), header, Libc.MSG_DONTWAIT | MSG_PEEK);
        Libc.errno(errnoState);
        SocketCalls.poll(errnoState, pollFds.addressOffset(), 0, 0);
        SocketCalls.poll(pollFds.addressOffset(), 0, 0);
        SocketCalls.errno();
        slots.resetControlLength(0);
    }

    @Override
    protected int slotCount(final RxConfig config)
    {
        return 1;
    }

    /** The pollfd array for waiting on several ports' sockets at once. */
    @Override
    protected void allocate(final Arena memory, final MulticastSockets opened)
    {
        final MemorySegment fds = memory.allocate(MemoryLayout.sequenceLayout(opened.count(), SocketCalls.POLLFD));
        pollFds = new UnsafeBuffer(fds.address(), (int)fds.byteSize());
        for (int i = 0; i < opened.count(); i++)
        {
            pollFds.putInt(i * SocketCalls.POLLFD_SIZE + SocketCalls.POLLFD_FD, opened.all()[i].fd());
            pollFds.putShort(i * SocketCalls.POLLFD_SIZE + SocketCalls.POLLFD_EVENTS, (short)SocketCalls.POLLIN);
        }
    }

    @Override
    public int poll(final DatagramHandler handler)
    {
        if (!isOpen)
        {
            throw notOpen();
        }
        if (spin)
        {
            int received = 0;
            for (final MulticastSocket socket : sockets.all())
            {
                received += receiveNoWait(socket, handler);
            }
            return received;
        }
        return sockets.count() == 1 ? receiveBlocking(sockets.all()[0], handler) : pollThenReceive(handler);
    }

    private int receiveNoWait(final MulticastSocket socket, final DatagramHandler handler)
    {
        final long length = SocketCalls.recvmsgNoWait(socket.fd(), header);
        if (length >= 0)
        {
            return dispatcher.dispatch(slots, 0, (int)length, socket, handler);
        }
        emptyReceives.incrementRelease();
        if (SocketCalls.errno() == Libc.EAGAIN)
        {
            return 0;
        }
        return receiveChecked(socket, handler);
    }

    private int receiveBlocking(final MulticastSocket socket, final DatagramHandler handler)
    {
        final long length = SocketCalls.recvmsgBlocking(socket.fd(), header);
        if (length >= 0)
        {
            return dispatcher.dispatch(slots, 0, (int)length, socket, handler);
        }
        if (SocketCalls.errno() == Libc.EAGAIN)
        {
            idleTimeouts.incrementRelease();
            return 0;
        }
        return receiveChecked(socket, handler);
    }

    /**
     * The slow path: recvmsg (non-blocking) with errno captured. EAGAIN and EINTR are "nothing", anything else
     * means the socket is unusable and is thrown.
     */
    private int receiveChecked(final MulticastSocket socket, final DatagramHandler handler)
    {
        errnoConfirms.incrementRelease();
        final long length = SocketCalls.recvmsg(errnoState, socket.fd(), header, Libc.MSG_DONTWAIT);
        if (length >= 0)
        {
            return dispatcher.dispatch(slots, 0, (int)length, socket, handler);
        }
        requireNoData("recvmsg", socket);
        return 0;
    }

    private int pollThenReceive(final DatagramHandler handler)
    {
        final int ready = SocketCalls.poll(pollFds.addressOffset(), sockets.count(),
            MulticastSocket.RECEIVE_TIMEOUT_MILLIS);
        if (ready == 0)
        {
            idleTimeouts.incrementRelease();
            return 0;
        }
        if (ready < 0)
        {
            // poll(2) fails only with EINTR in normal operation; a zero-timeout retry tells the two apart.
            if (SocketCalls.poll(errnoState, pollFds.addressOffset(), sockets.count(), 0) < 0
                && !SocketCalls.isNoData(Libc.errno(errnoState)))
            {
                throw SocketCalls.failure(name() + " poll", Libc.errno(errnoState));
            }
            return 0;
        }
        final MulticastSocket[] all = sockets.all();
        int received = 0;
        for (int i = 0; i < all.length; i++)
        {
            if ((pollFds.getShort(i * SocketCalls.POLLFD_SIZE + SocketCalls.POLLFD_REVENTS) & SocketCalls.POLLIN) != 0)
            {
                received += receiveNoWait(all[i], handler);
            }
        }
        return received;
    }

    @Override
    public boolean spins()
    {
        return spin;
    }

    /** {@code idle_timeouts}: a blocking wait that timed out. */
    @Override
    protected void openCounters(final HandlerCounters counters)
    {
        idleTimeouts = counters.path("idle_timeouts");
    }
}
