package io.wirebook.rx.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wirebook.rx.RxUnavailableException;
import io.wirebook.util.ExitHook;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * DPDK's Environment Abstraction Layer in this process, as {@code main} of DPDK's skeleton example sets it up and
 * tears it down: {@code rte_eal_init} with the argv of {@link EalArguments}, its log routed first ({@link DpdkLog}),
 * and at close {@code rte_eal_cleanup} and the removal of what it left under its file prefix
 * ({@link DpdkLeftovers}), also at JVM exit when the path is not closed.
 *
 * <p>EAL can be initialised only once in a process, even after {@code rte_eal_cleanup}: a second {@link #init}
 * is refused. The thread that calls it is pinned to EAL's lcore.
 */
final class Eal implements AutoCloseable
{
    private static final AtomicBoolean INITIALISED = new AtomicBoolean();

    /** argv stays mapped while EAL is up: rte_eal_init may keep pointers into it. */
    private final Arena arena = Arena.ofShared();
    private final long pid = ProcessHandle.current().pid();
    private ExitHook leftoversAtExit;
    private boolean up;

    private Eal()
    {
    }

    /**
     * Initialises EAL with {@code args} ({@code args.get(0)} the program name).
     *
     * @throws RxUnavailableException when EAL was initialised in this process before, or refuses, naming the fix.
     */
    static Eal init(final List<String> args) throws RxUnavailableException
    {
        if (!INITIALISED.compareAndSet(false, true))
        {
            throw new RxUnavailableException("DPDK EAL was already initialised in this process and cannot be again;"
                + " fix: run each dpdk receiver in its own JVM (the lab does)");
        }
        final Eal eal = new Eal();
        try
        {
            DpdkLog.route();
            eal.start(args);
            return eal;
        }
        catch (final RxUnavailableException | RuntimeException ex)
        {
            eal.close();
            throw ex;
        }
    }

    /**
     * Registers the calling thread with EAL: a thread EAL did not create has no lcore id, so the mempool's per-lcore
     * cache would be bypassed.
     */
    static void registerThread()
    {
        try
        {
            final int ignored = (int)Dpdk.THREAD_REGISTER.invokeExact();
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_thread_register", t);
        }
    }

    /** rte_eal_cleanup, then the runtime directory and hugepage files it leaves; idempotent. */
    @Override
    public void close()
    {
        if (up)
        {
            up = false;
            try
            {
                final int ignoredCleanup = (int)Dpdk.EAL_CLEANUP.invokeExact();
            }
            catch (final Throwable ignored)
            {
                // the leftovers are removed below
            }
            DpdkLeftovers.removeFor(pid);
        }
        if (leftoversAtExit != null)
        {
            leftoversAtExit.close();
            leftoversAtExit = null;
        }
        if (arena.scope().isAlive())
        {
            arena.close();
        }
    }

    private void start(final List<String> args) throws RxUnavailableException
    {
        final MemorySegment argv = arena.allocate(ADDRESS, args.size() + 1L);
        for (int i = 0; i < args.size(); i++)
        {
            argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args.get(i)));
        }
        final int result;
        try
        {
            result = (int)Dpdk.EAL_INIT.invokeExact(args.size(), argv);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException("rte_eal_init", t);
        }
        if (result < 0)
        {
            throw new RxUnavailableException(Dpdk.failure("DPDK rte_eal_init", Dpdk.rteErrno())
                + " with " + String.join(" ", args.subList(1, args.size()))
                + DpdkLog.lastProblem() + "; fix: free hugepages, no other EAL with the same --file-prefix "
                + "(--verbose shows DPDK's log)");
        }
        up = true;
        leftoversAtExit = ExitHook.register("dpdk-leftovers", () -> DpdkLeftovers.removeFor(pid));
    }
}
