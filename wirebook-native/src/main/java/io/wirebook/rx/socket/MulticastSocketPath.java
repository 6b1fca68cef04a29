package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.PathOptions;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;
import io.wirebook.tx.TxPath;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the kernel-socket paths (recvmsg, recvmmsg) share: one {@link MulticastSocket} per port, the receive slots
 * and errno capture in one arena, the {@link DatagramDispatcher}, their counters and their closing. A subclass
 * says how many slots it receives into at once, allocates what else it needs, and receives.
 *
 * <p>Options they share: {@link SocketPathOptions}, checked before anything is opened. A datagram from a source or
 * source port its flow does not accept is skipped and counted as {@code rejected.wrong_source} or
 * {@code rejected.wrong_source_port} ({@link SourceCheck}).
 *
 * <p>Counters, in the handler's ({@link RxConfig#counters()}, each {@code path.NAME}), made at open: the
 * {@link DatagramDispatcher}'s, the {@link SourceCheck}'s, the sockets' settings ({@link MulticastSockets}),
 * {@link #emptyReceives}, {@link #errnoConfirms} and the subclass's own ({@link #openCounters}). All are counted
 * by the poll thread as it goes; none is the kernel's.
 *
 * <p>Open, poll and close on one thread, in the network namespace where the interface lives.
 */
public abstract class MulticastSocketPath implements RxPath
{
    protected Arena arena;
    protected MulticastSockets sockets;
    protected ReceiveSlots slots;
    protected DatagramDispatcher dispatcher;
    protected MemorySegment errnoState;
    /** Receive calls that found nothing, or failed ({@code path.empty_receives}). */
    protected AtomicCounter emptyReceives;
    /** Receives repeated with errno captured, to tell "nothing yet" from a failure ({@code path.errno_confirms}). */
    protected AtomicCounter errnoConfirms;
    /** From a successful open until close: the one field a subclass's poll checks first. */
    protected boolean isOpen;
    private SocketTransmitter transmitter;
    private boolean isClosed;

    /**
     * Checks the options ({@link SocketPathOptions} and the path's own), opens the sockets and allocates the slots
     * ({@link #slotCount}) and errno capture, then {@link #allocate}.
     *
     * @param ownOptions the path's own options, checked with the shared ones.
     * @throws IllegalArgumentException naming an unknown option or a bad value, before anything is opened.
     */
    protected final void openSockets(
        final RxConfig config, final MulticastSocket.Waiting waiting, final PathOptions... ownOptions)
        throws RxUnavailableException
    {
        if (arena != null)
        {
            throw new IllegalStateException(name() + " is already open");
        }
        SocketPathOptions.OPTIONS.check(config);
        for (final PathOptions options : ownOptions)
        {
            options.check(config);
        }
        final MulticastSockets opened = MulticastSockets.open(config, waiting, true);
        final Arena newArena = Arena.ofShared();
        try
        {
            slots = new ReceiveSlots(newArena, slotCount(config), SocketPathOptions.MAX_DATAGRAM.from(config));
            errnoState = Libc.errnoState(newArena);
            allocate(newArena, opened);
        }
        catch (final RuntimeException ex)
        {
            opened.close();
            newArena.close();
            throw ex;
        }
        sockets = opened;
        final HandlerCounters counters = config.counters();
        dispatcher = new DatagramDispatcher(Libc.realtimeToMonotonicOffset(), new SourceCheck(config.flows(), counters),
            counters, config.capture());
        opened.recordSettings(counters);
        emptyReceives = counters.path("empty_receives");
        errnoConfirms = counters.path("errno_confirms");
        openCounters(counters);
        transmitter = new SocketTransmitter(name(), newArena, opened, dispatcher.current(),
            SocketPathOptions.MAX_DATAGRAM.from(config), counters);
        transmitter.warmUp();
        arena = newArena;
        isOpen = true;
    }

    /**
     * After a receive with errno captured returned -1: EAGAIN and EINTR mean nothing to read and return; anything
     * else means the socket is unusable, and is thrown.
     */
    protected final void requireNoData(final String call, final MulticastSocket socket)
    {
        final int errno = Libc.errno(errnoState);
        if (!SocketCalls.isNoData(errno))
        {
            throw SocketCalls.failure(name() + " " + call + "(fd " + socket.fd() + ")", errno);
        }
    }

    /** What poll throws when {@link #isOpen} is false: before open or after close. */
    protected final IllegalStateException notOpen()
    {
        return new IllegalStateException(name() + (isClosed ? " is closed" : " is not open"));
    }

    /** How many datagrams one receive call takes, from the path's options. */
    protected abstract int slotCount(RxConfig config);

    /** Allocates what else the path needs for these sockets (nothing by default). */
    protected void allocate(final Arena memory, final MulticastSockets opened)
    {
    }

    /** Makes the path's own counters, after the dispatcher's and the sockets'. */
    protected abstract void openCounters(HandlerCounters counters);

    /** {@link SocketTransmitter}: sendmsg/sendmmsg on the path's own sockets. */
    @Override
    public TxPath transmitter()
    {
        if (!isOpen)
        {
            throw new UnsupportedOperationException(name() + " cannot transmit: " + notOpen().getMessage());
        }
        return transmitter;
    }

    @Override
    public boolean hasArrivalStamp()
    {
        return sockets != null && sockets.timestamps();
    }

    @Override
    public void close()
    {
        isOpen = false;
        isClosed = true;
        if (arena == null)
        {
            return;
        }
        sockets.close();
        arena.close();
        arena = null;
    }
}
