package io.wirebook.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.wirebook.feed.RecoveryConfig;
import io.wirebook.lab.OrderEntry;
import io.wirebook.lab.Receiver;
import io.wirebook.rx.Channel;
import io.wirebook.rx.paths.RxPathOptions;
import io.wirebook.tx.UdpEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "receive", mixinStandardHelpOptions = true,
    description = {
        "The trading host's side of a lab run (the bench command starts it in the host namespace): opens one path,",
        "builds the books until every channel's MoldUDP64 session ends, and writes DIR/receiver.properties.",
        "Prints READY when the path is open, or SKIPPED <reason> when this host cannot run it.",
        "Example: ip netns exec wb-host wirebook receive --path socket --channel 239.1.1.1:12345 " +
            "--interface wbh-a --address 198.18.0.2 --out /tmp/r"},
    footer = {"%nPath options (--option KEY=VALUE), by the paths that read them; a path ignores the others':",
        "${sys:wirebook.path.help}"})
public final class ReceiveCommand implements Callable<Integer>
{
    static
    {
        // picocli puts this in after it has formatted the description, so its line breaks must be real ones.
        System.setProperty("wirebook.recovery.help", RecoveryConfig.help().stripTrailing());
        System.setProperty("wirebook.path.help", RxPathOptions.help().stripTrailing());
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--path", required = true,
        description = "socket, socket-spin, recvmmsg, io-uring, kring, af-xdp or dpdk.")
    String path;

    @Option(names = "--channel", required = true, description = "GROUP:PORT (repeatable, in channel order).")
    List<String> channels;

    @Option(names = "--interface", required = true, description = "Interface the feed arrives on.")
    String interfaceName;

    @Option(names = "--address", required = true, description = "That interface's IPv4 address.")
    String address;

    @Option(names = "--line-b", description = "Line B's GROUP:PORT of each channel (repeatable, one per --channel, "
        + "in the same order).")
    List<String> lineB = new ArrayList<>();

    @Option(names = "--interface-b", description = "Interface line B arrives on.")
    String interfaceB;

    @Option(names = "--address-b", description = "That interface's IPv4 address.")
    String addressB;

    @Option(names = "--source", description = "The only source line A is accepted from: ADDRESS[:PORT], "
        + "e.g. 198.18.0.1:12344 (default: any).")
    String source;

    @Option(names = "--source-b", description = "The only source line B is accepted from: ADDRESS[:PORT].")
    String sourceB;

    @Option(names = "--request-server", description = "MoldUDP64 request servers ADDRESS:BASEPORT; channel c asks "
        + "BASEPORT + c (default: no re-request).")
    String requestServer;

    @Option(names = "--snapshot-server", description = "GLIMPSE-style snapshot servers (SoupBinTCP) ADDRESS:BASEPORT; "
        + "channel c asks BASEPORT + c (default: no snapshot).")
    String snapshotServer;

    @Option(names = "--cpu", defaultValue = "-1", description = "CPU to pin the poll thread to (-1: not pinned).")
    int cpu;

    @Option(names = "--out", required = true, description = "Directory for receiver.properties.")
    Path out;

    @Option(names = "--max-seconds", defaultValue = "120", description = "Give up after this long.")
    double maxSeconds;

    @Option(names = "--max-stock-locate", defaultValue = "65535", description = "Highest Stock Locate accepted.")
    int maxStockLocate;

    @Option(names = "--idle", defaultValue = "default",
        description = "What the poll loop does when a poll found nothing: spin, yield, backoff, or default " +
            "(spin on spinning paths). Default: ${DEFAULT-VALUE}")
    String idle;

    @Option(names = "--capture", paramLabel = "FILE.pcap", description = {
        "Capture every packet the path receives, as received, to a nanosecond pcap file (tcpdump,",
        "tshark -d udp.port==12345,moldudp64). A thread of its own writes it; packets it has no room",
        "for count as capture drops, never as feed drops."})
    Path capture;

    @Option(names = "--record", paramLabel = "FILE.itch.gz", description = {
        "Record every ITCH message the handler applies, in order, as a NASDAQ BinaryFILE (.gz: gzipped) that",
        "`wirebook book` reads; messages the recorder has no room for count as record.dropped, never as feed drops."})
    Path record;

    @Option(names = "--option", description = "Path or recovery option KEY=VALUE (repeatable; the path options are "
        + "listed below); recovery options:%n${sys:wirebook.recovery.help}")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--order-transport", description = "Trade as the tick-to-trade scenario does: the ask-fall "
        + "strategy sends OUCH Enter Orders to --order-gateway over ufo (UDP, through the path's own TX) or "
        + "soupbintcp (kernel TCP) and writes DIR/strategy.properties.")
    String orderTransport;

    @Option(names = "--order-gateway", description = "The order gateway's ADDRESS:PORT, e.g. 198.18.0.1:12600.")
    String orderGateway;

    @Option(names = "--order-gateway-mac", description = "The gateway's next-hop MAC, for af-xdp and dpdk.")
    String orderGatewayMac;

    @Option(names = "--strategy-locates", defaultValue = "500",
        description = "The strategy watches stock locates 1 to this. Default: ${DEFAULT-VALUE}")
    int strategyLocates;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception
    {
        final List<Channel> list;
        final List<Channel> lineBList;
        try
        {
            RxPathOptions.check(options);
            list = channels.stream().map(Channel::parse).toList();
            lineBList = lineB.stream().map(Channel::parse).toList();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
        if (!lineBList.isEmpty() && (lineBList.size() != list.size() || interfaceB == null || addressB == null))
        {
            throw new ParameterException(spec.commandLine(), "--line-b needs one GROUP:PORT per --channel, and "
                + "--interface-b and --address-b; e.g. --line-b 239.1.2.1:12345 --interface-b wbh-b "
                + "--address-b 198.18.1.2");
        }
        return new Receiver(new Receiver.Settings(path, list, interfaceName, address, cpu, options, out, maxSeconds,
            maxStockLocate, IdleStrategies.parse(idle), lineBList, interfaceB, addressB, source, sourceB,
            requestServer, snapshotServer, capture, record), System.out, orderEntry()).run();
    }

    /** The strategy's route the options ask for, or null when it does not trade. */
    private OrderEntry orderEntry()
    {
        if (orderTransport == null && orderGateway == null)
        {
            return null;
        }
        if (orderTransport == null || orderGateway == null)
        {
            throw new ParameterException(spec.commandLine(), "--order-transport and --order-gateway go together, " +
                "e.g. --order-transport ufo --order-gateway 198.18.0.1:12600");
        }
        try
        {
            final String[] gateway = Receiver.addressAndPort(orderGateway, "--order-gateway");
            return new OrderEntry(orderTransport, gateway[0], Integer.parseInt(gateway[1]),
                orderGatewayMac == null ? UdpEndpoint.NO_MAC : UdpEndpoint.parseMac(orderGatewayMac),
                strategyLocates);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
    }
}
