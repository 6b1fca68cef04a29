package io.wirebook.sim;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.management.ThreadMXBean;
import io.wirebook.feed.FeedHandler;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.rx.paths.RxPaths;
import io.wirebook.strategy.AskFallStrategy;
import io.wirebook.strategy.OrderRoute;
import io.wirebook.strategy.SoupBinTcpRoute;
import io.wirebook.strategy.UfoRoute;
import io.wirebook.sys.Netns;
import io.wirebook.sys.Privileges;
import io.wirebook.testnet.TestNetwork;
import io.wirebook.tx.UdpEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tick to trade over the veth pair of a {@link TestNetwork}: the publisher sends a seeded flow from the exchange
 * namespace, the feed handler's {@link AskFallStrategy} in the host namespace answers with OUCH orders through the
 * path's TX (UDP) or kernel TCP (SoupBinTCP), and the {@link OrderGateway} back in the exchange namespace pairs
 * every order with the message that triggered it. The poll thread allocates nothing while orders go out.
 */
class TickToTradeOnTheWireTest
{
    private static final Channel CHANNEL = TestNetwork.CHANNELS.get(0);
    private static final int UFO_PORT = 12610;
    private static final int TCP_PORT = 12611;
    private static final int INSTRUMENTS = 20;
    private static final int WATCHED = INSTRUMENTS;
    private static final int WINDOW_ORDERS = 300;

    private static TestNetwork network;

    @BeforeAll
    static void createNetwork()
    {
        assumeTrue(Privileges.isRoot(), "needs root for network namespaces");
        network = TestNetwork.create("tttw", false);
    }

    @AfterAll
    static void deleteNetwork()
    {
        if (network != null)
        {
            network.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"socket-spin, ufo", "socket-spin, soupbintcp", "af-xdp, ufo"})
    void everyOrderReachesTheGatewayPairedWithItsTrigger(final String path, final String transport) throws Exception
    {
        final PublisherConfig config = new PublisherConfig(List.of(CHANNEL), Channel.parseIpv4(
            TestNetwork.EXCHANGE_ADDRESS), 20_000, 1.0, 4.0, 100, 500, 7, -1, MoldUDP64.session("TTT"), 1);
        final TriggerSendTimes sendTimes = new TriggerSendTimes(1, 200_000);
        final OrderGateway gateway = inNamespace(network.exchangeNs(),
            () -> OrderGateway.start(TestNetwork.EXCHANGE_ADDRESS, UFO_PORT, TCP_PORT, 100_000));
        final AskFallStrategy strategy = new AskFallStrategy(WATCHED, 65_535);
        final OrderRoute route = transport.equals("ufo") ?
            new UfoRoute(Channel.parseIpv4(TestNetwork.EXCHANGE_ADDRESS), UFO_PORT, exchangeMac(),
                "TESTSESS01".getBytes(StandardCharsets.US_ASCII)) :
            new SoupBinTcpRoute(new InetSocketAddress(TestNetwork.EXCHANGE_ADDRESS, TCP_PORT), "test", "");
        final FeedHandler feed = inNamespace(network.hostNs(), () ->
        {
            final FeedHandler handler = FeedHandler.builder()
                .path(RxPaths.create(path))
                .interfaceName(network.hostIf())
                .interfaceAddress(TestNetwork.HOST_ADDRESS)
                .channel(CHANNEL)
                .strategy(strategy, route)
                .itchListener(strategy.symbolTable())
                .countersInMemory()
                .expectedOrders(1 << 14)
                .build();
            handler.start();
            return handler;
        });
        final long[] allocated = new long[1];
        try
        {
            final CompletableFuture<PublisherStats> sent = new CompletableFuture<>();
            final Thread sender = new Thread(() ->
            {
                try
                {
                    Netns.enterCurrentThread(network.exchangeNs());
                    sent.complete(new Publisher(config, new OrderFlow(7, INSTRUMENTS), null, sendTimes).run());
                }
                catch (final Throwable t)
                {
                    sent.completeExceptionally(t);
                }
            });
            sender.start();
            allocated[0] = allocatedWhileMeasured(feed, strategy, sent);
            sent.get(30, TimeUnit.SECONDS);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!feed.allEnded() && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
        }
        finally
        {
            feed.close();
            Thread.sleep(300);
            gateway.close();
        }

        final Map<String, Object> report = gateway.report(sendTimes);
        assertThat(gateway.failure()).isNull();
        assertThat(strategy.ordersMarketOpen()).as("orders sent while the market was open").isGreaterThan(50);
        assertThat(strategy.fromArrivalStamp()).isEqualTo(strategy.ordersMarketOpen());
        assertThat(strategy.inHost().getTotalCount()).isEqualTo(strategy.ordersMarketOpen());
        assertThat(report.get(transport + ".orders_received"))
            .isEqualTo(strategy.ordersMarketOpen() + strategy.ordersOutsideMarketHours());
        assertThat(report.get(transport + ".orders_market_open")).isEqualTo(strategy.ordersMarketOpen());
        assertThat(report.get(transport + ".paired")).isEqualTo(strategy.ordersMarketOpen());
        assertThat(report.get(transport + ".unpaired")).isEqualTo(0L);
        assertThat(report.get(transport + ".malformed")).isEqualTo(0L);
        assertThat(report.get(transport + ".wire_to_wire_count")).isEqualTo(strategy.ordersMarketOpen());
        assertThat((Long)report.get(transport + ".wire_to_wire_ns.p50")).isPositive();
        // One allocation per order (16 bytes at the least) would exceed this bound four times over; what
        // is left is the handler's once-a-second housekeeping, bounded as FeedHandlerAllocationTest bounds it.
        assertThat(allocated[0]).as("bytes the poll thread allocated while %d orders went out", WINDOW_ORDERS)
            .isLessThan(WINDOW_ORDERS * 16 / 4);
    }

    /**
     * The poll thread's allocations from the 20th measured order until 300 more went out (or the publisher ended):
     * the strategy hook, the encoder and the transport, once warm.
     */
    private static long allocatedWhileMeasured(final FeedHandler feed, final AskFallStrategy strategy,
        final CompletableFuture<PublisherStats> sent) throws InterruptedException
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long id = feed.pollThread().threadId();
        while (strategy.ordersMarketOpen() < 20 && !sent.isDone())
        {
            Thread.sleep(1);
        }
        final long orders = strategy.ordersMarketOpen();
        final long before = threads.getThreadAllocatedBytes(id);
        while (strategy.ordersMarketOpen() < orders + WINDOW_ORDERS && !sent.isDone())
        {
            Thread.sleep(1);
        }
        final long after = threads.getThreadAllocatedBytes(id);
        assertThat(strategy.ordersMarketOpen()).as("orders in the allocation window")
            .isGreaterThanOrEqualTo(orders + WINDOW_ORDERS);
        return after - before;
    }

    /** The exchange end's MAC: where the raw-frame paths address their frames. */
    private static long exchangeMac()
    {
        final String link = TestNetwork.run("ip", "-n", network.exchangeNs(), "-o", "link", "show", "dev",
            network.exchangeIf());
        final int at = link.indexOf("link/ether ") + "link/ether ".length();
        return UdpEndpoint.parseMac(link.substring(at, at + 17));
    }

    private static <T> T inNamespace(final String ns, final Callable<T> body) throws Exception
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                Netns.enterCurrentThread(ns);
                result.complete(body.call());
            }
            catch (final Throwable t)
            {
                result.completeExceptionally(t);
            }
        });
        thread.start();
        return result.get(30, TimeUnit.SECONDS);
    }
}
