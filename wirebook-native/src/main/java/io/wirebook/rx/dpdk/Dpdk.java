package io.wirebook.rx.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import io.wirebook.rx.RxUnavailableException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The DPDK 22.11 (ABI 23) calls the dpdk path makes, bound with FFM from Debian's shared libraries. Everything
 * here is control path except {@link #PKTMBUF_FREE_BULK} and {@link #PKTMBUF_COPY}; the receive and transmit calls
 * themselves are not exported (they are inline in rte_ethdev.h) and are bound per port from {@code rte_eth_fp_ops}
 * by {@link FastPathOps}.
 *
 * <p>Struct sizes and layouts below were taken from the installed 22.11 headers (x86_64) and checked with
 * offsetof().
 */
final class Dpdk
{
    static final String EAL_LIBRARY = "librte_eal.so.23";
    static final String INSTALL_FIX = "apt-get install dpdk libdpdk-dev (scripts/setup.sh)";

    /** RTE_MAX_ETHPORTS of Debian's build. */
    static final int MAX_ETHPORTS = 32;
    /** RTE_MBUF_DEFAULT_BUF_SIZE: 2048 bytes of data room plus RTE_PKTMBUF_HEADROOM (128). */
    static final int MBUF_DEFAULT_BUF_SIZE = 2176;
    static final int SOCKET_ID_ANY = -1;

    /** sizeof(struct rte_eth_conf); all zero means: no offloads, no RSS, default MTU. */
    static final long ETH_CONF_SIZE = 2272;
    /** RTE_ETHDEV_QUEUE_STAT_CNTRS of Debian's build: the per-queue arrays of rte_eth_stats. */
    static final int QUEUE_STAT_COUNTERS = 16;
    /** struct rte_eth_stats (rte_ethdev.h): port totals, then per-queue counts; 704 bytes. */
    static final StructLayout ETH_STATS = MemoryLayout.structLayout(
        JAVA_LONG.withName("ipackets"),
        JAVA_LONG.withName("opackets"),
        JAVA_LONG.withName("ibytes"),
        JAVA_LONG.withName("obytes"),
        JAVA_LONG.withName("imissed"),
        JAVA_LONG.withName("ierrors"),
        JAVA_LONG.withName("oerrors"),
        JAVA_LONG.withName("rx_nombuf"),
        MemoryLayout.sequenceLayout(QUEUE_STAT_COUNTERS, JAVA_LONG).withName("q_ipackets"),
        MemoryLayout.sequenceLayout(QUEUE_STAT_COUNTERS, JAVA_LONG).withName("q_opackets"),
        MemoryLayout.sequenceLayout(QUEUE_STAT_COUNTERS, JAVA_LONG).withName("q_ibytes"),
        MemoryLayout.sequenceLayout(QUEUE_STAT_COUNTERS, JAVA_LONG).withName("q_obytes"),
        MemoryLayout.sequenceLayout(QUEUE_STAT_COUNTERS, JAVA_LONG).withName("q_errors"));

    /** sizeof(struct rte_eth_dev_info) in 22.11. */
    static final long ETH_DEV_INFO_SIZE = 376;
    /** struct rte_eth_dev_info (rte_ethdev.h): the leading fields read here, the rest padding. */
    static final StructLayout ETH_DEV_INFO = MemoryLayout.structLayout(
        ADDRESS.withName("device"),
        ADDRESS.withName("driver_name"),
        MemoryLayout.paddingLayout(ETH_DEV_INFO_SIZE - 2 * ADDRESS.byteSize()));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor PORT_CALL = FunctionDescriptor.of(JAVA_INT, JAVA_SHORT);
    private static final SymbolLookup EAL;
    private static final SymbolLookup ETHDEV;
    private static final SymbolLookup MEMPOOL;
    private static final SymbolLookup MBUF;
    private static final String LOAD_FAILURE;

    static
    {
        SymbolLookup eal = null;
        SymbolLookup ethdev = null;
        SymbolLookup mempool = null;
        SymbolLookup mbuf = null;
        String failure = null;
        try
        {
            eal = SymbolLookup.libraryLookup(EAL_LIBRARY, Arena.global());
            ethdev = SymbolLookup.libraryLookup("librte_ethdev.so.23", Arena.global());
            mempool = SymbolLookup.libraryLookup("librte_mempool.so.23", Arena.global());
            mbuf = SymbolLookup.libraryLookup("librte_mbuf.so.23", Arena.global());
        }
        catch (final IllegalArgumentException ex)
        {
            failure = "DPDK 22.11 libraries not found (" + ex.getMessage() + "); fix: " + INSTALL_FIX;
        }
        EAL = eal;
        ETHDEV = ethdev;
        MEMPOOL = mempool;
        MBUF = mbuf;
        LOAD_FAILURE = failure;
    }

    static final MethodHandle EAL_INIT = bind(EAL, "rte_eal_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle EAL_CLEANUP = bind(EAL, "rte_eal_cleanup", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle STRERROR = bind(EAL, "rte_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    static final MethodHandle SOCKET_ID = bind(EAL, "rte_socket_id", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle THREAD_REGISTER = bind(EAL, "rte_thread_register", FunctionDescriptor.of(JAVA_INT));
    /** int rte_openlog_stream(FILE *f): where rte_log writes (default: stdout and syslog). */
    static final MethodHandle OPENLOG_STREAM = bind(EAL, "rte_openlog_stream",
        FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** The level of the message rte_log is writing on the calling thread. */
    static final MethodHandle LOG_CUR_MSG_LOGLEVEL = bind(EAL, "rte_log_cur_msg_loglevel",
        FunctionDescriptor.of(JAVA_INT));

    static final MethodHandle PKTMBUF_POOL_CREATE = bind(MBUF, "rte_pktmbuf_pool_create",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_INT));
    /** void rte_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int count): per burst, so critical. */
    static final MethodHandle PKTMBUF_FREE_BULK = bind(MBUF, "rte_pktmbuf_free_bulk",
        FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT), Linker.Option.critical(false));
    /**
     * struct rte_mbuf *rte_pktmbuf_copy(const struct rte_mbuf *m, struct rte_mempool *mp, uint32_t offset,
     * uint32_t length): a new mbuf from {@code mp} holding a copy of {@code m}'s data; NULL when the pool is empty.
     * The exported way to take an mbuf from a pool (rte_pktmbuf_alloc is inline); per send, so critical.
     */
    static final MethodHandle PKTMBUF_COPY = bind(MBUF, "rte_pktmbuf_copy",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT), Linker.Option.critical(false));
    static final MethodHandle MEMPOOL_FREE = bind(MEMPOOL, "rte_mempool_free", FunctionDescriptor.ofVoid(ADDRESS));

    static final MethodHandle ETH_DEV_COUNT_AVAIL = bind(ETHDEV, "rte_eth_dev_count_avail",
        FunctionDescriptor.of(JAVA_SHORT));
    static final MethodHandle ETH_FIND_NEXT = bind(ETHDEV, "rte_eth_find_next",
        FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT));
    static final MethodHandle ETH_DEV_GET_PORT_BY_NAME = bind(ETHDEV, "rte_eth_dev_get_port_by_name",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle ETH_DEV_SOCKET_ID = portCall("rte_eth_dev_socket_id");
    static final MethodHandle ETH_DEV_CONFIGURE = bind(ETHDEV, "rte_eth_dev_configure",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, ADDRESS));
    static final MethodHandle ETH_RX_QUEUE_SETUP = bind(ETHDEV, "rte_eth_rx_queue_setup",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle ETH_TX_QUEUE_SETUP = bind(ETHDEV, "rte_eth_tx_queue_setup",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, ADDRESS));
    static final MethodHandle ETH_DEV_START = portCall("rte_eth_dev_start");
    static final MethodHandle ETH_DEV_STOP = portCall("rte_eth_dev_stop");
    static final MethodHandle ETH_DEV_CLOSE = portCall("rte_eth_dev_close");
    static final MethodHandle ETH_PROMISCUOUS_ENABLE = portCall("rte_eth_promiscuous_enable");
    static final MethodHandle ETH_ALLMULTICAST_ENABLE = portCall("rte_eth_allmulticast_enable");
    static final MethodHandle ETH_PROMISCUOUS_DISABLE = portCall("rte_eth_promiscuous_disable");
    static final MethodHandle ETH_ALLMULTICAST_DISABLE = portCall("rte_eth_allmulticast_disable");
    static final MethodHandle ETH_PROMISCUOUS_GET = portCall("rte_eth_promiscuous_get");
    static final MethodHandle ETH_ALLMULTICAST_GET = portCall("rte_eth_allmulticast_get");
    /** int rte_eth_macaddr_get(uint16_t port_id, struct rte_ether_addr *mac_addr): six bytes. */
    static final MethodHandle ETH_MACADDR_GET = bind(ETHDEV, "rte_eth_macaddr_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    /** int rte_eth_dev_info_get(uint16_t port_id, struct rte_eth_dev_info *dev_info). */
    static final MethodHandle ETH_DEV_INFO_GET = bind(ETHDEV, "rte_eth_dev_info_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));
    static final MethodHandle ETH_STATS_GET = bind(ETHDEV, "rte_eth_stats_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));

    private Dpdk()
    {
    }

    /** @throws RxUnavailableException naming the fix when the libraries could not be loaded. */
    static void requireLibraries() throws RxUnavailableException
    {
        if (LOAD_FAILURE != null)
        {
            throw new RxUnavailableException(LOAD_FAILURE);
        }
    }

    static boolean librariesPresent()
    {
        return LOAD_FAILURE == null;
    }

    /** The exported {@code struct rte_eth_fp_ops rte_eth_fp_ops[RTE_MAX_ETHPORTS]}. */
    static MemorySegment fastPathOpsTable()
    {
        return ETHDEV.findOrThrow("rte_eth_fp_ops").reinterpret(FastPathOps.SIZE * MAX_ETHPORTS);
    }

    /**
     * rte_errno of the calling thread. It is a thread-local variable (per_lcore__rte_errno); glibc's dlsym
     * resolves a TLS symbol to the calling thread's instance, so look it up on the thread that made the call.
     */
    static int rteErrno()
    {
        return EAL.find("per_lcore__rte_errno").map(s -> s.reinterpret(4).get(JAVA_INT, 0)).orElse(0);
    }

    static String strerror(final int errnum)
    {
        try
        {
            final MemorySegment s = (MemorySegment)STRERROR.invokeExact(errnum);
            return s.reinterpret(256).getString(0);
        }
        catch (final Throwable t)
        {
            return "error " + errnum;
        }
    }

    /** "call failed: text (N)" for a DPDK call that returned -errno or set rte_errno. */
    static String failure(final String call, final int errnum)
    {
        final int positive = Math.abs(errnum);
        return call + " failed: " + strerror(positive) + " (" + positive + ")";
    }

    /** A handle on {@code name}, or null when the libraries or the symbol are missing ({@link #requireLibraries}). */
    private static MethodHandle bind(final SymbolLookup lookup, final String name, final FunctionDescriptor descriptor,
        final Linker.Option... options)
    {
        if (lookup == null)
        {
            return null;
        }
        return lookup.find(name).map(address -> LINKER.downcallHandle(address, descriptor, options)).orElse(null);
    }

    /** {@code int name(uint16_t port_id)} of librte_ethdev: most of the port's control calls. */
    private static MethodHandle portCall(final String name)
    {
        return bind(ETHDEV, name, PORT_CALL);
    }
}
