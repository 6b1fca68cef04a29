package io.wirebook.lab;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.wirebook.rx.Channel;
import io.wirebook.strategy.AskFallStrategy;
import io.wirebook.strategy.OrderRoute;
import io.wirebook.strategy.OrderSender;
import io.wirebook.strategy.SoupBinTcpRoute;
import io.wirebook.strategy.UfoRoute;
import io.wirebook.tx.UdpEndpoint;
import org.HdrHistogram.Histogram;

/**
 * The trading host's side of the tick-to-trade scenario: the receiver runs the {@link AskFallStrategy} and sends its
 * orders to the exchange's order gateway over {@code transport} ({@link UfoRoute#TRANSPORT}: UDP through the path's
 * own TX; {@link SoupBinTcpRoute#TRANSPORT}: kernel TCP), then writes {@link #FILE}.
 *
 * @param gatewayMac the gateway's MAC as the raw-frame paths need it, or {@link UdpEndpoint#NO_MAC}.
 * @param watchedLocates the strategy watches stock locates 1 to this.
 */
public record OrderEntry(String transport, String gatewayAddress, int gatewayPort, long gatewayMac,
    int watchedLocates)
{
    public static final String FILE = "strategy.properties";
    private static final byte[] SESSION = "WBTRADER01".getBytes(StandardCharsets.US_ASCII);

    public OrderEntry
    {
        if (!transport.equals(UfoRoute.TRANSPORT) && !transport.equals(SoupBinTcpRoute.TRANSPORT))
        {
            throw new IllegalArgumentException("--order-transport is ufo or soupbintcp, got " + transport);
        }
        Channel.parseIpv4(gatewayAddress);
        if (gatewayPort < 1 || gatewayPort > 65535 || watchedLocates < 1)
        {
            throw new IllegalArgumentException("--order-gateway needs a port 1..65535 and --strategy-locates >= 1");
        }
    }

    public OrderRoute route()
    {
        return transport.equals(UfoRoute.TRANSPORT) ?
            new UfoRoute(Channel.parseIpv4(gatewayAddress), gatewayPort, gatewayMac, SESSION) :
            new SoupBinTcpRoute(new InetSocketAddress(gatewayAddress, gatewayPort), "wb", "");
    }

    /** The receive options that ask for this. */
    public List<String> arguments()
    {
        final List<String> args = new ArrayList<>(List.of("--order-transport", transport,
            "--order-gateway", gatewayAddress + ":" + gatewayPort,
            "--strategy-locates", Integer.toString(watchedLocates)));
        if (gatewayMac != UdpEndpoint.NO_MAC)
        {
            args.addAll(List.of("--order-gateway-mac", UdpEndpoint.macToString(gatewayMac)));
        }
        return args;
    }

    private static void percentiles(final Properties p, final String prefix, final Histogram h)
    {
        if (h.getTotalCount() > 0)
        {
            p.setProperty(prefix + "p50", Long.toString(h.getValueAtPercentile(50)));
            p.setProperty(prefix + "p90", Long.toString(h.getValueAtPercentile(90)));
            p.setProperty(prefix + "p99", Long.toString(h.getValueAtPercentile(99)));
            p.setProperty(prefix + "p999", Long.toString(h.getValueAtPercentile(99.9)));
            p.setProperty(prefix + "max", Long.toString(h.getMaxValue()));
        }
    }

    /** What the strategy did: its orders, refusals, and in-host percentiles (arrival stamp → handed to the
     * transport, and → its send returned). */
    public static void write(final Path dir, final AskFallStrategy strategy, final OrderSender sender)
        throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("transport", sender == null ? "" : sender.transport());
        p.setProperty("orders_market_open", Long.toString(strategy.ordersMarketOpen()));
        p.setProperty("orders_outside_market_hours", Long.toString(strategy.ordersOutsideMarketHours()));
        p.setProperty("refused", Long.toString(strategy.refused()));
        p.setProperty("in_host_from_arrival_stamp", Long.toString(strategy.fromArrivalStamp()));
        p.setProperty("in_host_from_hand_over", Long.toString(strategy.fromHandOver()));
        percentiles(p, "in_host_ns.", strategy.inHost());
        percentiles(p, "in_host_send_returned_ns.", strategy.inHostSendReturned());
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE)))
        {
            p.store(w, "wirebook strategy");
        }
    }
}
