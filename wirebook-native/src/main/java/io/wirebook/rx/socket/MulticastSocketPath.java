package io.wirebook.rx.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.sys.Libc;

/**
 * What the kernel-socket paths (recvmsg, recvmmsg) share: one {@link MulticastSocket} per port, the receive slots
 * and errno capture in one arena, the {@link DatagramDispatcher}, their counters and their closing. A subclass
 * says how many slots it receives into at once, allocates what else it needs, and receives.
 *
 * <p>Options they share (all optional):
 * <ul>
 * <li>{@code socket.rcvbuf} ({@link MulticastSocket#DEFAULT_RECEIVE_BUFFER}): the receive buffer asked for.</li>
 * <li>{@code socket.maxDatagram} ({@link #DEFAULT_MAX_DATAGRAM}): the largest datagram taken whole.</li>
 * <li>{@code socket.ssm} (false): source-specific joins, so the kernel drops other sources first; then those are
 * not counted as {@code rejected.wrong_source}. See {@link UdpMulticast#SSM_OPTION}.</li>
 * </ul>
 * A datagram from a source or source port its flow does not accept is skipped and counted as
 * {@code rejected.wrong_source} or {@code rejected.wrong_source_port} ({@link SourceCheck}).
 *
 * <p>Counters, in the handler's ({@link RxConfig#counters()}, each {@code path.NAME}), made at open: the
 * {@link DatagramDispatcher}'s, the {@link SourceCheck}'s, the sockets' settings ({@link MulticastSockets}) and the
 * subclass's own ({@link #openCounters}). All are counted by the poll thread as it goes; none is the kernel's.
 *
 * <p>Open, poll and close on one thread, in the network namespace where the interface lives.
 */
public abstract class MulticastSocketPath implements RxPath
{
    public static final int DEFAULT_MAX_DATAGRAM = 2048;

    protected Arena arena;
    protected MulticastSockets sockets;
    protected ReceiveSlots slots;
    protected DatagramDispatcher dispatcher;
    protected MemorySegment errnoState;
    /** From a successful open until close: the one field a subclass's poll checks first. */
    protected boolean isOpen;
    private boolean isClosed;

    /**
     * Opens the sockets and allocates the slots ({@link #slotCount}) and errno capture, then {@link #allocate}.
     * A RuntimeException from either (a bad option) closes what was opened and is thrown as unavailable.
     *
     * @param badOptionFix what to fix when an option does not parse.
     */
    protected final void openSockets(final RxConfig config, final boolean receiveTimeout, final String badOptionFix)
        throws RxUnavailableException
    {
        if (arena != null)
        {
            throw new IllegalStateException(name() + " is already open");
        }
        final MulticastSockets opened = MulticastSockets.open(config, receiveTimeout);
        final Arena newArena = Arena.ofShared();
        try
        {
            final int count = slotCount(config);
            final int maxDatagram = Integer.parseInt(
                config.option("socket.maxDatagram", Integer.toString(DEFAULT_MAX_DATAGRAM)));
            slots = new ReceiveSlots(newArena, count, maxDatagram);
            errnoState = Libc.errnoState(newArena);
            allocate(newArena, opened);
        }
        catch (final RuntimeException ex)
        {
            opened.close();
            newArena.close();
            throw new RxUnavailableException(name() + ": bad option (" + ex.getMessage() + "); fix: " + badOptionFix,
                ex);
        }
        sockets = opened;
        final HandlerCounters counters = config.counters();
        dispatcher = new DatagramDispatcher(Libc.realtimeToMonotonicOffset(), new SourceCheck(config.flows(), counters),
            counters, config.capture());
        opened.recordSettings(counters);
        openCounters(counters);
        arena = newArena;
        isOpen = true;
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
