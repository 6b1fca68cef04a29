package io.wirebook.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

import io.wirebook.rx.Channel;
import io.wirebook.sim.Forger;
import io.wirebook.sim.PublisherConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "forge", mixinStandardHelpOptions = true,
    description = {
        "A hostile peer on the exchange's subnet: joins the channel's group, reads the live feed for its",
        "session and next sequence number, then sends one datagram of each kind asked to the group:",
        "  hb-high-seq     heartbeat, live session, sequence 2^62",
        "  hb-new-session  heartbeat of a session that sorts above the live one, sequence 1",
        "  eos             End of Session, live session, the next sequence number",
        "  deletes         60 Order Deletes of live-looking references at the next sequence number + 30,000",
        "Run it in the exchange's namespace while the publisher runs; with --go-file FILE it waits for FILE first.",
        "--out FILE gets sent=N, sent.KIND=N, and what it learned (session, next_sequence, order_reference).",
        "Example: ip netns exec wb-exch wirebook forge --channel 239.1.1.1:12345 --from 198.18.0.3 --out /tmp/forged"})
public final class ForgeCommand implements Callable<Integer>
{
    /** The longest --go-file wait. */
    static final long GO_WAIT_S = 120;

    @Option(names = "--channel", required = true, description = "GROUP:PORT of the feed to forge on.")
    String channel;

    @Option(names = "--from", required = true,
        description = "IPv4 address to send from: another address on the exchange's subnet (198.18.0.3) or the "
            + "exchange's own (198.18.0.1).")
    String from;

    @Option(names = "--from-port", defaultValue = "40000",
        description = "UDP port to send from; not the exchange's " + PublisherConfig.DEFAULT_SOURCE_PORT
            + ". Default: ${DEFAULT-VALUE}")
    int fromPort;

    @Option(names = "--kinds", defaultValue = "all",
        description = "all, or a comma list of hb-high-seq, hb-new-session, eos, deletes. Default: ${DEFAULT-VALUE}")
    String kinds;

    @Option(names = "--wait-ms", defaultValue = "5000",
        description = "How long to wait for the live feed. Default: ${DEFAULT-VALUE}")
    long waitMs;

    @Option(names = "--go-file",
        description = "Wait until FILE exists, for at most " + ForgeCommand.GO_WAIT_S + " s, before reading the live "
            + "feed: a runner starts the JVM early and creates FILE when the packets are to go.")
    Path goFile;

    @Option(names = "--out", description = "File for sent=N and the count of each kind.")
    Path out;

    @Override
    public Integer call() throws Exception
    {
        final Channel feed = Channel.parse(channel);
        if (!feed.isMulticast())
        {
            throw new IllegalArgumentException("--channel must be the feed's multicast GROUP:PORT (e.g. " +
                "239.1.1.1:12345), not " + channel);
        }
        final int source = Channel.parseIpv4(from);
        if (fromPort < 1 || fromPort > 65_535 || fromPort == PublisherConfig.DEFAULT_SOURCE_PORT)
        {
            throw new IllegalArgumentException("--from-port must be 1..65535 and not the exchange's source port " +
                PublisherConfig.DEFAULT_SOURCE_PORT + ", got " + fromPort);
        }
        if (waitMs < 1)
        {
            throw new IllegalArgumentException("--wait-ms must be positive, got " + waitMs);
        }
        final Set<Forger.Kind> set = Forger.Kind.parse(kinds);
        if (goFile != null)
        {
            awaitGo(goFile);
        }

        final Forger.Result result = Forger.forge(feed, source, fromPort, set, waitMs);
        if (out != null)
        {
            final Path parent = out.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.writeString(out, result.toProperties(), StandardCharsets.US_ASCII);
        }
        System.err.printf("forge: sent %d forged packets to %s from %s:%d (live session '%s', next sequence %d)%n",
            result.total(), feed, from, fromPort, result.live().sessionText().strip(),
            result.live().nextSequenceNumber());
        return 0;
    }

    private static void awaitGo(final Path file) throws InterruptedException
    {
        final long deadline = System.nanoTime() + GO_WAIT_S * 1_000_000_000L;
        while (!Files.exists(file))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("--go-file " + file + " did not appear within " + GO_WAIT_S +
                    " s; create it when the packets are to go");
            }
            Thread.sleep(5);
        }
    }
}
