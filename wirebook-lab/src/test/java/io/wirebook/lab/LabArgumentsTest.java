package io.wirebook.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command lines the bench gives the receiver and the publisher, on the lab network and on loopback. */
class LabArgumentsTest
{
    private static final LabHost EXCHANGE = new LabHost("wb-exch",
        new LabHost.LineEnd("wbx-a", "198.18.0.1"), new LabHost.LineEnd("wbx-b", "198.18.1.1"),
        new LabHost.LineEnd("wbx-r", "198.18.2.1"));
    private static final LabHost TRADING_HOST = new LabHost("wb-host",
        new LabHost.LineEnd("wbh-a", "198.18.0.2"), new LabHost.LineEnd("wbh-b", "198.18.1.2"),
        new LabHost.LineEnd("wbh-r", "198.18.2.2"));
    private static final LabHost.LineEnd LO = new LabHost.LineEnd("lo", "127.0.0.1");
    private static final LabHost LOOPBACK = new LabHost(null, LO, LO, LO);
    private static final List<Channel> TWO = List.of(Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12345));
    private static final Path DIR = Path.of("/tmp/out/socket");

    @Test
    void receiverGetsBothLinesTheirSourcesAndTheServersOnTheRecoveryLink()
    {
        final List<String> args = BenchRunner.receiverArguments(TRADING_HOST, EXCHANGE, false, plan(Map.of()), TWO,
            "af-xdp", DIR, 10);

        assertThat(String.join(" ", args)).startsWith("receive --path af-xdp --interface wbh-a --address 198.18.0.2")
            .contains("--channel 239.1.1.1:12345 --channel 239.1.1.2:12345")
            .contains("--source 198.18.0.1:12344")
            .contains("--line-b 239.1.2.1:12345 --line-b 239.1.2.2:12345")
            .contains("--interface-b wbh-b --address-b 198.18.1.2 --source-b 198.18.1.1:12344")
            .contains("--request-server 198.18.2.1:12400 --snapshot-server 198.18.2.1:12500")
            .contains("--max-seconds 73.0");
    }

    @Test
    void receiverOnLoopbackHasOneLineAndRecoveryOn127()
    {
        final List<String> args = BenchRunner.receiverArguments(LOOPBACK, LOOPBACK, true, plan(Map.of("k", "v")),
            TWO.subList(0, 1), "socket", DIR, 10);

        assertThat(args).doesNotContain("--line-b", "--interface-b", "--address-b", "--source-b");
        assertThat(String.join(" ", args)).contains("--interface lo --address 127.0.0.1")
            .contains("--source 127.0.0.1:12344")
            .contains("--request-server 127.0.0.1:12400 --snapshot-server 127.0.0.1:12500")
            .endsWith("--option k=v");
    }

    @Test
    void withOneLineNeitherSideHearsOfLineB()
    {
        final BenchRunner.Plan oneLine = new BenchRunner.Plan(Scenario.SINGLE, List.of("socket"), 10, 3, 50_000, 1,
            500, 1, DIR, false, Map.of(), false, 1);
        final List<String> receiver = BenchRunner.receiverArguments(TRADING_HOST, EXCHANGE, false, oneLine, TWO,
            "af-xdp", DIR, 10);
        final List<String> publisher = PublisherRun.arguments(EXCHANGE, false, oneLine, TWO, 50_000, 10, DIR,
            List.of());

        assertThat(receiver).doesNotContain("--line-b", "--interface-b", "--address-b", "--source-b");
        assertThat(String.join(" ", receiver)).contains("--source 198.18.0.1:12344")
            .contains("--request-server 198.18.2.1:12400");
        assertThat(publisher).doesNotContain("--line-b", "--source-b");
    }

    @Test
    void publisherSendsBothLinesAndServesRecoveryOnTheRecoveryLink()
    {
        final List<String> args = PublisherRun.arguments(EXCHANGE, false, plan(Map.of()), TWO, 50_000, 10, DIR,
            FaultsTimeline.publisherArguments());

        assertThat(String.join(" ", args)).startsWith("publish --rate 50000 --warmup 3.0 --duration 10.0")
            .contains("--source 198.18.0.1 ")
            .contains("--recovery-address 198.18.2.1")
            .contains("--line-b 239.1.2.1:12345 --line-b 239.1.2.2:12345 --source-b 198.18.1.1")
            .endsWith("--reorder-permille-a 5 --duplicate-permille-b 5");
        assertThat(args).doesNotContain("--loopback");
    }

    @Test
    void publisherOnLoopbackHasOneLine()
    {
        final List<String> args = PublisherRun.arguments(LOOPBACK, true, plan(Map.of()), TWO.subList(0, 1), 50_000,
            10, DIR, List.of());

        assertThat(args).contains("--loopback").doesNotContain("--line-b", "--source-b");
        assertThat(String.join(" ", args)).contains("--source 127.0.0.1 ").contains("--recovery-address 127.0.0.1");
    }

    @Test
    void withCaptureTheReceiverCapturesIntoItsPathsDirectoryAndTheOverheadRunsWithoutItFirst()
    {
        final BenchRunner.Plan capture = new BenchRunner.Plan(Scenario.SINGLE, List.of("af-xdp"), 10, 3, 50_000, 1,
            500, 1, DIR, false, Map.of(), false, 2, BenchRunner.Capture.ON);
        assertThat(String.join(" ", BenchRunner.receiverArguments(TRADING_HOST, EXCHANGE, false, capture, TWO,
            "af-xdp", DIR, 10))).endsWith("--capture /tmp/out/socket/capture.pcap");
        assertThat(BenchRunner.receiverArguments(TRADING_HOST, EXCHANGE, false, plan(Map.of()), TWO, "af-xdp", DIR,
            10)).doesNotContain("--capture");
        assertThat(BenchRunner.receiverArguments(TRADING_HOST, EXCHANGE, false, capture, TWO, "af-xdp",
            DIR.resolve(BenchRunner.WITHOUT_CAPTURE_DIR), 10, false)).doesNotContain("--capture");
        assertThat(String.join(" ", BenchRunner.receiverArguments(TRADING_HOST, EXCHANGE, false, capture, TWO,
            "af-xdp", DIR, 10, true, BenchRunner.LATE_JOIN_CAPTURE_FILE)))
            .as("the faults run's late joiner keeps the killed receiver's capture")
            .endsWith("--capture /tmp/out/socket/" + BenchRunner.LATE_JOIN_CAPTURE_FILE);
        assertThat(capture.withLines(1).capture()).isEqualTo(BenchRunner.Capture.ON);
    }

    @Test
    void lineBGroupsFollowLineAsChannelNumbers()
    {
        assertThat(BenchRunner.lineB(TWO)).containsExactly(Channel.of("239.1.2.1", 12345),
            Channel.of("239.1.2.2", 12345));
    }

    private static BenchRunner.Plan plan(final Map<String, String> options)
    {
        return new BenchRunner.Plan(Scenario.FAULTS, List.of("socket"), 10, 3, 50_000, 1, 500, 1, DIR, false,
            options, false);
    }
}
