package io.wirebook.cli;

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
import io.wirebook.rx.Channel;
import io.wirebook.sim.OrderFlow;
import io.wirebook.sim.Publisher;
import io.wirebook.sim.PublisherConfig;
import io.wirebook.sim.PublisherStats;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {
        "The exchange simulator (the bench command starts it in the exchange namespace): sends a deterministic ITCH",
        "order flow over MoldUDP64 multicast, paced evenly, warm-up first, then Start of Market Hours and the measured",
        "flow, then End of Session. Writes DIR/publisher.properties with its figures and its own books' digest.",
        "Example: ip netns exec wb-exch wirebook publish --channel 239.1.1.1:12345 --source 198.18.0.1 --rate 50000 --duration 10 --out /tmp/p"})
public final class PublishCommand implements Callable<Integer>
{
    @Option(names = "--channel", required = true, description = "GROUP:PORT (repeatable, in channel order).")
    List<String> channels;

    @Option(names = "--source", required = true, description = "IPv4 address of the exchange's interface.")
    String source;

    @Option(names = "--rate", defaultValue = "50000", description = "Messages per second over all channels. Default: ${DEFAULT-VALUE}")
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

    @Option(names = "--loopback", hidden = true, description = "Sending on loopback (the lab's fallback without root).")
    boolean loopback;

    @Override
    public Integer call() throws Exception
    {
        if (rate <= 0 || duration < 0 || warmup < 0 || instruments < 1 || instruments > 65_000)
        {
            throw new IllegalArgumentException("--rate must be > 0, --duration/--warmup >= 0, --instruments 1..65000");
        }
        final List<Channel> list = channels.stream().map(Channel::parse).toList();
        final PublisherConfig config = new PublisherConfig(list, Channel.parseIpv4(source), rate, warmup, duration,
            PublisherConfig.DEFAULT_MIN_PACKET_BYTES, PublisherConfig.DEFAULT_MAX_PACKET_BYTES, seed, cpu,
            io.wirebook.mold.MoldUDP64.session("WB" + (seed % 100_000_000L)), PublisherConfig.DEFAULT_TTL);
        final Books books = new Books(65_535, 1 << 20);
        final PublisherStats stats = new Publisher(config, new OrderFlow(seed, instruments), new BookUpdater(books))
            .run();
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
            p.setProperty("book_digest", BookDigest.of(books, 65_535));
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
}
