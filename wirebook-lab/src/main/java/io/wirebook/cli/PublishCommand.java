package io.wirebook.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.wirebook.book.BookUpdater;
import io.wirebook.book.Books;
import io.wirebook.lab.BookDigest;
import io.wirebook.lab.PublisherRun;
import io.wirebook.lab.RecoveryServers;
import io.wirebook.mold.MoldUDP64;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.sim.FileMessageSource;
import io.wirebook.sim.MessageSource;
import io.wirebook.sim.NasdaqDay;
import io.wirebook.sim.OrderFlow;
import io.wirebook.sim.OrderGateway;
import io.wirebook.sim.PacketFaults;
import io.wirebook.sim.PacketSink;
import io.wirebook.sim.PreEncodedFlow;
import io.wirebook.sim.Publisher;
import io.wirebook.sim.PublisherConfig;
import io.wirebook.sim.PublisherStats;
import io.wirebook.sim.RecoveryEndpoints;
import io.wirebook.sim.SendmmsgPacketSink;
import io.wirebook.sim.SentMessageListener;
import io.wirebook.sim.TriggerSendTimes;
import io.wirebook.stats.HostClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {
        "The exchange simulator (the bench command starts it in the exchange namespace): sends a deterministic ITCH",
        "order flow over MoldUDP64 multicast, paced evenly, warm-up first, then Start of Market Hours and the measured",
        "flow, then End of Session. Writes DIR/publisher.properties with its figures and its own books' digest.",
        "With --line-b (one per --channel, same order) and --source-b it sends the same packets on line B too.",
        "Faults the kernel cannot make, per line, per mille of data packets, from the seed (off by default):",
        "--reorder-permille-a/-b hold a packet and send it after the channel's next one; --duplicate-permille-a/-b",
        "send a packet twice. publisher.properties counts them: reordered_packets_a/_b, duplicated_packets_a/_b.",
        "Recovery (unless --no-recovery): per channel c a MoldUDP64 request server on UDP ADDRESS:(12400+c) and a",
        "GLIMPSE-style snapshot server on TCP ADDRESS:(12500+c), ADDRESS being --recovery-address (the recovery link's",
        "198.18.2.1; 127.0.0.1 with --loopback). They serve every message sent, start before the session and stay up",
        "--linger-seconds after End of Session. publisher.properties counts them: request_server_requests,",
        "request_server_messages_sent, request_server_bad_requests, snapshot_server_logins,",
        "snapshot_server_snapshots_sent, ... Prints SESSION on stdout as the session starts (the bench times by it),",
        "then once a second SENT <messages sent> <nanoTime> (the bench shows the rate from it).",
        "Example: ip netns exec wb-exch wirebook publish --channel 239.1.1.1:12345 --source 198.18.0.1 " +
            "--rate 50000 --duration 10 --out /tmp/p",
        "Two lines: ... --channel 239.1.1.1:12345 --source 198.18.0.1 --line-b 239.1.2.1:12345 --source-b 198.18.1.1",
        "A day's close at 1x: ... --profile nasdaq --messages 6000000 --close-burst 1760000 --warmup-messages N",
        "--rate 100000000 --replay-speed 1 --duration 10 --pre-encode --send-batch 32 --min-packet-bytes 1472",
        "--max-packet-bytes 1472. publisher.properties gets peak_second_msgs, the most messages sent in one second",
        "of the measured phase."})
public final class PublishCommand implements Callable<Integer>
{
    /** The most memory --pre-encode takes: what one native block an UnsafeBuffer can span holds. */
    private static final long PRE_ENCODE_MAX_BYTES = Integer.MAX_VALUE - 8L;
    /**
     * The most messages --pre-encode makes: the simulator encodes about 1.5M msg/s, so the session starts within
     * about 15 s, inside the minute the bench's receivers wait beyond their run.
     */
    static final long PRE_ENCODE_MAX_MESSAGES = 20_000_000;
    private static final String PRE_ENCODE_MAX_MESSAGES_TEXT = "20,000,000";
    private static final int MAX_ORDERS = 1 << 20;
    private static final long ORDER_DRAIN_MILLIS = 500;
    /** The gateway closes once no order came for this long... */
    private static final long ORDER_QUIET_NANOS = 1_000_000_000L;
    /** ...or after this long, whatever still comes. */
    private static final long ORDER_DRAIN_MAX_NANOS = 30_000_000_000L;

    @Option(names = "--channel", required = true, description = "GROUP:PORT (repeatable, in channel order).")
    List<String> channels;

    @Option(names = "--source", required = true, description = "IPv4 address of the exchange's line-A interface.")
    String source;

    @Option(names = "--line-b", description = "GROUP:PORT on line B (repeatable, one per --channel, same order).")
    List<String> lineB;

    @Option(names = "--source-b", description = "IPv4 address of the exchange's line-B interface (with --line-b).")
    String sourceB;

    @Option(names = "--source-port", defaultValue = "" + PublisherConfig.DEFAULT_SOURCE_PORT,
        description = "UDP port both lines send from (0: any). Default: ${DEFAULT-VALUE}")
    int sourcePort;

    @Option(names = "--reorder-permille-a", defaultValue = "0", description = "Line A data packets (per mille) "
        + "held and sent after the channel's next packet. Default: ${DEFAULT-VALUE}")
    int reorderA;

    @Option(names = "--reorder-permille-b", defaultValue = "0", description = "The same on line B.")
    int reorderB;

    @Option(names = "--duplicate-permille-a", defaultValue = "0", description = "Line A data packets (per mille) "
        + "sent twice. Default: ${DEFAULT-VALUE}")
    int duplicateA;

    @Option(names = "--duplicate-permille-b", defaultValue = "0", description = "The same on line B.")
    int duplicateB;

    @Option(names = "--rate", defaultValue = "50000",
        description = "Messages per second over all channels. Default: ${DEFAULT-VALUE}")
    long rate;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds. Default: ${DEFAULT-VALUE}")
    double warmup;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds. Default: ${DEFAULT-VALUE}")
    double duration;

    @Option(names = "--cpu", defaultValue = "-1", description = "CPU to pin the sender to (-1: not pinned).")
    int cpu;

    @Option(names = "--seed", defaultValue = "20261124", description = "Order-flow seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--instruments", defaultValue = "500", description = "Instruments. Default: ${DEFAULT-VALUE}")
    int instruments;

    @Option(names = "--out", description = "Directory for publisher.properties.")
    Path out;

    @Option(names = "--replay", paramLabel = "FILE", description = {
        "Publish a BinaryFILE's messages (plain or .gz; its own System Events left out) at --rate instead of the",
        "simulated flow, until the file ends: give --warmup 0 and a --duration of at least its messages / rate."})
    Path replay;

    @Option(names = "--replay-speed", paramLabel = "X", description = {
        "Pace the measured phase by the messages' own ITCH timestamps, X times their pace (1: as the day ran),",
        "instead of evenly at --rate, until the flow ends; the warm-up stays even at --rate. 0: even."})
    double replaySpeed;

    @Option(names = "--warmup-messages", paramLabel = "N", description = {
        "The warm-up is the flow's first N messages, sent at --rate however long they take (a --rate beyond the",
        "publisher sends them flat out), then heartbeats only until --warmup seconds have passed, so receivers",
        "catch up before Start of Market Hours."})
    Long warmupMessages;

    @Option(names = "--profile", defaultValue = "lab", description = {
        "The simulated flow: lab (the lab's order flow over --instruments) or nasdaq (a NASDAQ-shaped day of",
        "--messages with a --close-burst closing second, its own timestamps on each message).",
        "Default: ${DEFAULT-VALUE}"})
    String profile;

    @Option(names = "--messages", defaultValue = "6000000",
        description = "The nasdaq profile's day, in messages (Stock Directory included). Default: ${DEFAULT-VALUE}")
    long messages;

    @Option(names = "--close-burst", description = {
        "The nasdaq profile's messages in its last second (default: " + NasdaqDay.CLOSE_BURST + " or a 25th of the",
        "day, whichever is fewer)."})
    Long closeBurst;

    @Option(names = "--min-packet-bytes", defaultValue = "" + PublisherConfig.DEFAULT_MIN_PACKET_BYTES,
        description = "Smallest target UDP payload of a packet, 72.." + PublisherConfig.MAX_UDP_PAYLOAD +
            ". Default: ${DEFAULT-VALUE}")
    int minPacketBytes;

    @Option(names = "--max-packet-bytes", defaultValue = "" + PublisherConfig.DEFAULT_MAX_PACKET_BYTES,
        description = "Largest UDP payload of a packet, up to " + PublisherConfig.MAX_UDP_PAYLOAD +
            " (one Ethernet MTU). Default: ${DEFAULT-VALUE}")
    int maxPacketBytes;

    @Option(names = "--recovery-address", description = "IPv4 address the recovery servers listen on. Default: "
        + RecoveryEndpoints.EXCHANGE_ADDRESS + " (" + RecoveryEndpoints.LOOPBACK_ADDRESS + " with --loopback)")
    String recoveryAddress;

    @Option(names = "--request-base-port", defaultValue = "" + RecoveryEndpoints.REQUEST_SERVER_BASE_PORT,
        description = "Channel c's request server listens on this port + c. Default: ${DEFAULT-VALUE}")
    int requestBasePort;

    @Option(names = "--snapshot-base-port", defaultValue = "" + RecoveryEndpoints.SNAPSHOT_SERVER_BASE_PORT,
        description = "Channel c's snapshot server listens on this port + c. Default: ${DEFAULT-VALUE}")
    int snapshotBasePort;

    @Option(names = "--linger-seconds", defaultValue = "3",
        description = "How long the recovery servers serve after End of Session. Default: ${DEFAULT-VALUE}")
    double lingerSeconds;

    @Option(names = "--store-mb", defaultValue = "256",
        description = "Most MiB of sent messages the recovery servers keep, all channels together. "
            + "Default: ${DEFAULT-VALUE}")
    long storeMb;

    @Option(names = "--send-batch", defaultValue = "1", description = {
        "Packets per line handed to the kernel in one sendmmsg (1..1024). 1 sends each packet as it is built;",
        "more lets a flood outrun the receivers, a packet waiting in its batch until it fills or the pacer",
        "waits. Default: ${DEFAULT-VALUE}"})
    int sendBatch;

    @Option(names = "--pre-encode", description = {
        "Encode the session's messages before it starts, so the send loop only copies them: at most",
        PRE_ENCODE_MAX_MESSAGES_TEXT + " messages (about 48 bytes each); a longer session ends when they do."})
    boolean preEncode;

    @Option(names = "--no-recovery", description = "Run no request or snapshot server.")
    boolean noRecovery;

    @Option(names = "--order-gateway", paramLabel = "ADDRESS", description = {
        "Run the tick-to-trade order gateway on ADDRESS: OUCH Enter Orders over UDP on --order-ufo-port and over",
        "SoupBinTCP on --order-soupbintcp-port, stamped by the kernel on arrival and paired with the message their",
        "ClOrdID names; writes DIR/gateway.properties (per transport: orders, paired, wire-to-wire percentiles)."})
    String orderGateway;

    @Option(names = "--order-ufo-port", defaultValue = "" + OrderGateway.DEFAULT_UFO_PORT,
        description = "The gateway's UDP port. Default: ${DEFAULT-VALUE}")
    int orderUfoPort;

    @Option(names = "--order-soupbintcp-port", defaultValue = "" + OrderGateway.DEFAULT_SOUPBINTCP_PORT,
        description = "The gateway's SoupBinTCP port. Default: ${DEFAULT-VALUE}")
    int orderSoupBinTcpPort;

    @Option(names = "--loopback", hidden = true, description = "Sending on loopback (the lab's fallback without root).")
    boolean loopback;

    @Override
    public Integer call() throws Exception
    {
        if (replay != null && !Files.isReadable(replay))
        {
            throw new IllegalArgumentException("cannot read --replay " + replay + "; give a BinaryFILE (.itch or .gz)");
        }
        if (rate <= 0 || duration < 0 || warmup < 0 || instruments < 1 || instruments > 65_000)
        {
            throw new IllegalArgumentException("--rate must be > 0, --duration/--warmup >= 0, --instruments 1..65000");
        }
        if (!"lab".equals(profile) && !"nasdaq".equals(profile) || replay != null && "nasdaq".equals(profile))
        {
            throw new IllegalArgumentException("--profile must be lab or nasdaq; --replay and --profile nasdaq are two "
                + "flows: give one of them");
        }
        if (replaySpeed < 0 || warmupMessages != null && warmupMessages < 0)
        {
            throw new IllegalArgumentException("--replay-speed must be >= 0 and --warmup-messages >= 0");
        }
        if ("nasdaq".equals(profile))
        {
            // Refuses a day too small for its Stock Directory or its closing burst, naming the bounds.
            NasdaqDay.messagesBeforeLastSeconds(messages, closeBurst(), 1);
        }
        if (sendBatch < 1 || sendBatch > SendmmsgPacketSink.MAX_BATCH)
        {
            throw new IllegalArgumentException("--send-batch must be 1.." + SendmmsgPacketSink.MAX_BATCH + ", got " +
                sendBatch);
        }
        if (lingerSeconds < 0 || storeMb < 1 || requestBasePort < 1 || requestBasePort + channels.size() > 65_535 ||
            snapshotBasePort < 1 || snapshotBasePort + channels.size() > 65_535)
        {
            throw new IllegalArgumentException("--linger-seconds must be >= 0, --store-mb >= 1, and the base ports " +
                "1..65535 with room for one port per channel");
        }
        final PublisherConfig config = config();
        final Books books = new Books(65_535, 1 << 20);
        final PublisherStats stats;
        final Publisher publisher;
        final Map<String, Long> recovery;
        FileMessageSource replaying = null;
        PreEncodedFlow preEncoded = null;
        final TriggerSendTimes sendTimes = orderGateway == null ? null : new TriggerSendTimes(channels.size(),
            (int)Math.min(Integer.MAX_VALUE - 1,
                RecoveryServers.expectedMessagesPerChannel(rate, warmup + duration, channels.size()) * 2 + 1_000));
        final OrderGateway gateway = orderGateway == null ? null :
            OrderGateway.start(orderGateway, orderUfoPort, orderSoupBinTcpPort, MAX_ORDERS);
        try (RecoveryServers servers = noRecovery ? null : RecoveryServers.start(recoveryAddress(), requestBasePort,
            snapshotBasePort, config.session(), channels.size(),
            RecoveryServers.expectedMessagesPerChannel(rate, warmup + duration, channels.size()),
            storeMb * 1024 * 1024))
        {
            replaying = replay != null ? FileMessageSource.open(replay) : null;
            final MessageSource source = replaying != null ? replaying : simulated();
            preEncoded = preEncode ? PreEncodedFlow.of(source, preEncodeCount(config), PRE_ENCODE_MAX_BYTES) : null;
            final MessageSource flow = preEncoded != null ? preEncoded : source;
            final PacketSink sink = sendBatch > 1 ? new SendmmsgPacketSink(config, sendBatch) : null;
            // A pre-encoded flow's books are built after the session from what it sent, off the send loop, where
            // applying every message to the simulator's books would take most of the publisher's time.
            final BookUpdater simulatorBooks = new BookUpdater(books);
            publisher = new Publisher(config, flow, preEncoded != null ? null : simulatorBooks, sink,
                HostClock::nanos, sentListener(servers, sendTimes));
            System.out.println(PublisherRun.SESSION_LINE);
            System.out.flush();
            final Thread progress = progress(publisher);
            try
            {
                stats = publisher.run();
                if (preEncoded != null)
                {
                    preEncoded.readFirst(publisher.flowMessagesPublished(), simulatorBooks);
                }
            }
            finally
            {
                progress.interrupt();
                if (replaying != null)
                {
                    replaying.close();
                }
                if (preEncoded != null)
                {
                    preEncoded.close();
                }
            }
            if (servers != null)
            {
                // Receivers still catching up (a gap at the end, a late snapshot) ask after End of Session.
                Thread.sleep((long)(lingerSeconds * 1000));
            }
            else if (gateway != null)
            {
                // The last orders are still on their way when End of Session leaves.
                Thread.sleep(ORDER_DRAIN_MILLIS);
            }
            recovery = servers == null ? Map.of() : servers.counters();
        }
        finally
        {
            if (gateway != null)
            {
                gateway.awaitQuiet(ORDER_QUIET_NANOS, ORDER_DRAIN_MAX_NANOS);
                gateway.close();
            }
        }
        if (gateway != null && out != null)
        {
            writeGatewayReport(gateway, sendTimes);
        }
        if (out != null)
        {
            final Properties p = new Properties();
            for (final Map.Entry<String, Object> e : stats.toMap().entrySet())
            {
                if (!(e.getValue() instanceof List) && !(e.getValue() instanceof Map))
                {
                    p.setProperty(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            p.setProperty("measured_rate_msgs", Double.toString(stats.achievedRateMsgs()));
            p.setProperty("peak_second_msgs", Long.toString(publisher.peakSecondMessages()));
            p.setProperty("book_digest", BookDigest.of(books, 65_535));
            p.setProperty("lines", Integer.toString(config.lineCount()));
            p.setProperty("source_port", Integer.toString(config.sourcePort()));
            p.setProperty("reordered_packets_a", Long.toString(publisher.reorderedPackets(Flow.LINE_A)));
            p.setProperty("reordered_packets_b", Long.toString(publisher.reorderedPackets(Flow.LINE_B)));
            p.setProperty("duplicated_packets_a", Long.toString(publisher.duplicatedPackets(Flow.LINE_A)));
            p.setProperty("duplicated_packets_b", Long.toString(publisher.duplicatedPackets(Flow.LINE_B)));
            recovery.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
            Files.createDirectories(out);
            try (Writer w = Files.newBufferedWriter(out.resolve(PublisherRun.FILE)))
            {
                p.store(w, "wirebook publisher");
            }
        }
        System.err.printf("publisher: %,d measured messages in %.2f s (%,.0f msg/s), max lateness %.1f us%n",
            stats.measuredMessages(), stats.measuredSeconds(), stats.achievedRateMsgs(), stats.maxLatenessNs() / 1e3);
        return 0;
    }

    /** The recovery servers' store and the order gateway's send times both hear every message sent. */
    private static SentMessageListener sentListener(final RecoveryServers servers, final TriggerSendTimes times)
    {
        if (times == null)
        {
            return servers;
        }
        if (servers == null)
        {
            return times;
        }
        return (channel, sequence, buffer, offset, length) ->
        {
            servers.onSent(channel, sequence, buffer, offset, length);
            times.onSent(channel, sequence, buffer, offset, length);
        };
    }

    private void writeGatewayReport(final OrderGateway gateway, final TriggerSendTimes times) throws IOException
    {
        if (gateway.failure() != null)
        {
            throw new IOException("the order gateway failed", gateway.failure());
        }
        final Properties p = new Properties();
        gateway.report(times).forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        Files.createDirectories(out);
        try (Writer w = Files.newBufferedWriter(out.resolve(OrderGateway.FILE)))
        {
            p.store(w, "wirebook order gateway");
        }
    }

    private long closeBurst()
    {
        return closeBurst != null ? closeBurst : NasdaqDay.defaultCloseBurst(messages);
    }

    /** The simulated flow of the --profile. */
    private MessageSource simulated()
    {
        if ("nasdaq".equals(profile))
        {
            return NasdaqDay.withCloseBurst(seed, messages, closeBurst());
        }
        return new OrderFlow(seed, instruments);
    }

    /**
     * How many messages --pre-encode makes: those of the session (a timed replay's measured phase runs until the
     * flow ends), no more than a nasdaq day holds, and at most {@link #PRE_ENCODE_MAX_MESSAGES}.
     */
    private long preEncodeCount(final PublisherConfig config)
    {
        long count = config.timedReplay() ? PRE_ENCODE_MAX_MESSAGES :
            config.warmupMessages() + config.measuredMessages();
        if ("nasdaq".equals(profile))
        {
            count = Math.min(count, messages);
        }
        return Math.min(PRE_ENCODE_MAX_MESSAGES, count);
    }

    /** Prints "SENT messages nanoTime" on stdout once a second while the publisher runs: the lab shows the rate. */
    private static Thread progress(final Publisher publisher)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                while (!Thread.currentThread().isInterrupted())
                {
                    System.out.println(PublisherRun.SENT_LINE + " " + publisher.messagesSent() + " " +
                        System.nanoTime());
                    System.out.flush();
                    Thread.sleep(PublisherRun.SENT_INTERVAL_MS);
                }
            }
            catch (final InterruptedException ex)
            {
                // the session ended
            }
        }, "publisher-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private String recoveryAddress()
    {
        if (recoveryAddress != null)
        {
            return recoveryAddress;
        }
        return loopback ? RecoveryEndpoints.LOOPBACK_ADDRESS : RecoveryEndpoints.EXCHANGE_ADDRESS;
    }

    /** The config the options ask for; an IllegalArgumentException (exit 2) names a bad one. */
    PublisherConfig config()
    {
        final List<Channel> list = channels.stream().map(Channel::parse).toList();
        PublisherConfig config = new PublisherConfig(list, Channel.parseIpv4(source), rate, warmup, duration,
            minPacketBytes, maxPacketBytes, seed, cpu, MoldUDP64.session("WB" + (seed % 100_000_000L)),
            PublisherConfig.DEFAULT_TTL).withSourcePort(sourcePort)
            .withPacing(warmupMessages != null ? warmupMessages : -1, replaySpeed);
        final boolean hasLineB = null != lineB && !lineB.isEmpty();
        if (hasLineB != (null != sourceB))
        {
            throw new IllegalArgumentException("--line-b and --source-b go together: give both or neither");
        }
        if (hasLineB)
        {
            if (lineB.size() != list.size())
            {
                throw new IllegalArgumentException("--line-b needs one GROUP:PORT per --channel, same order: got " +
                    lineB.size() + " for " + list.size() + " channels");
            }
            config = config.withLineB(lineB.stream().map(Channel::parse).toList(), Channel.parseIpv4(sourceB));
        }
        else if (reorderB != 0 || duplicateB != 0)
        {
            throw new IllegalArgumentException("--reorder-permille-b/--duplicate-permille-b need line B (--line-b)");
        }
        return config.withFaults(new PacketFaults(reorderA, duplicateA), new PacketFaults(reorderB, duplicateB));
    }
}
