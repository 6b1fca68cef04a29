package io.wirebook.rx.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.wirebook.rx.RxUnavailableException;

/**
 * The mbuf pool the ports' Rx queues fill from ({@code rte_pktmbuf_pool_create}), one for every port of the path
 * as in DPDK's skeleton example, on the first port's NUMA socket.
 */
final class MbufPool implements AutoCloseable
{
    static final String NAME = "wirebook_rx";
    /** The per-lcore cache at most, below RTE_MEMPOOL_CACHE_MAX_SIZE (512). */
    static final int MAX_CACHE = 256;

    private MemorySegment pool;

    private MbufPool(final MemorySegment pool)
    {
        this.pool = pool;
    }

    /** A pool of {@code mbufs} mbufs of {@link Dpdk#MBUF_DEFAULT_BUF_SIZE} bytes on {@code socket}. */
    static MbufPool create(final int mbufs, final int socket) throws RxUnavailableException
    {
        // rte_mempool_create refuses a cache over mbufs / 1.5.
        final int cache = Math.min(MAX_CACHE, mbufs * 2 / 3);
        final MemorySegment pool;
        try (Arena arena = Arena.ofConfined())
        {
            pool = (MemorySegment)Dpdk.PKTMBUF_POOL_CREATE.invokeExact(arena.allocateFrom(NAME),
                mbufs, cache, (short)0, (short)Dpdk.MBUF_DEFAULT_BUF_SIZE, socket);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
        if (pool.address() == 0)
        {
            throw new RxUnavailableException(Dpdk.failure("rte_pktmbuf_pool_create(" + mbufs + " mbufs)",
                Dpdk.rteErrno()) + "; fix: reserve more hugepages (scripts/setup.sh) or lower dpdk.mbufs");
        }
        return new MbufPool(pool);
    }

    /** The {@code struct rte_mempool *} to set up an Rx queue with. */
    MemorySegment address()
    {
        return pool;
    }

    /** rte_mempool_free, once the ports that fill from it are closed; idempotent. */
    @Override
    public void close()
    {
        if (pool.address() != 0)
        {
            try
            {
                Dpdk.MEMPOOL_FREE.invokeExact(pool);
            }
            catch (final Throwable ignored)
            {
                // EAL cleanup releases the memory anyway
            }
            pool = MemorySegment.NULL;
        }
    }
}
