package io.wirebook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.wirebook.lab.BenchRunner;
import io.wirebook.lab.CloseDay;
import io.wirebook.lab.FaultsTimeline;
import io.wirebook.lab.LabHosts;
import io.wirebook.lab.NasdaqCloseRun;
import io.wirebook.lab.Replay;
import io.wirebook.lab.Scenario;
import io.wirebook.report.HtmlReport;
import io.wirebook.report.ResultsJson;
import io.wirebook.report.ResultsTable;
import io.wirebook.report.RunResult;
import io.wirebook.rx.paths.RxPathOptions;
import io.wirebook.rx.paths.RxPaths;
import io.wirebook.vm.GuestBench;
import io.wirebook.vm.GuestTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {
        "Runs a scenario on the lab network for every path asked, one after another, and prints the tables.",
        "Writes DIR/results.json, one .hgrm per path and DIR/report.html. On the lab network the feed goes on both",
        "lines and the exchange runs a request and a snapshot server per channel on the recovery link (198.18.2.1).",
        "faults: per path, the publisher reorders line A and duplicates line B; 1.5 s into the warm-up the receiver",
        "is killed and a second one joins late (snapshot); the measured phase has 2%% loss on each line, an outage of",
        "both for 100 ms after 3 s and forged packets after 5 s; results.json gets faults, recovery and forged.",
        "nasdaq-close: per path, a NASDAQ-profile day of 6M messages: up to its last --duration seconds at 300k msg/s",
        "(the warm-up), then those seconds at 1x their timestamps, the last one 1.76M messages, in 1472-byte packets;",
        "results.json gets burst_offered_msgs, burst_achieved_msgs, burst_latency_ns, before_burst_latency_ns.",
        "Example: wirebook bench --scenario single --paths socket,socket-spin --duration 10 --out results/single"})
public final class BenchCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "single",
        description = "single (1 feed, 50k msg/s), multi (4 feeds, 200k msg/s), sweep (raise the rate until drops), "
            + "faults (1 feed, 50k msg/s, recovery under faults), pingpong (sockperf ping-pong against wirebook "
            + "echo on each path, the kernel's sockperf server as baseline), tick-to-trade (1 feed, 50k msg/s; the "
            + "receiver's strategy sends OUCH orders over UDP, kernel paths also over SoupBinTCP) or nasdaq-close (a "
            + "NASDAQ day's closing burst). "
            + "Default: ${DEFAULT-VALUE}")
    String scenario;

    @Option(names = "--paths", defaultValue = "socket,socket-spin", split = ",",
        description = "Comma-separated receive paths, or all: socket, socket-spin, recvmmsg, io-uring, kring, "
            + "af-xdp, dpdk. Default: ${DEFAULT-VALUE}")
    List<String> paths;

    @Option(names = "--duration", defaultValue = "10",
        description = "Measured seconds per path. Default: ${DEFAULT-VALUE}")
    double duration;

    @Option(names = "--warmup", defaultValue = "3",
        description = "Warm-up seconds before measuring (not counted). Default: ${DEFAULT-VALUE}")
    double warmup;

    @Option(names = "--rate",
        description = "Total messages per second (default: the scenario's; the sweep's starting rate).")
    Long rate;

    @Option(names = "--channels", description = "Number of channels (default: the scenario's).")
    Integer channels;

    @Option(names = "--instruments", defaultValue = "500",
        description = "Instruments in the simulated order flow. Default: ${DEFAULT-VALUE}")
    int instruments;

    @Option(names = "--seed", defaultValue = "20261124", description = "Order-flow seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--out", required = true, description = "Directory for results.json, .hgrm files and report.html.")
    Path out;

    @Option(names = "--no-peers", description = "Do not run sockperf / dpdk-testpmd on the same wire.")
    boolean noPeers;

    @Option(names = "--shield",
        description = {"Keep the poll CPU for the poll thread alone while measuring: move every",
        "other user-space thread of the host off it, and back afterwards (like cset shield)."})
    boolean shield;

    @Option(names = "--option", description = {"Path or recovery option KEY=VALUE (repeatable), handed to every path",
        "of the run; each reads its own (see wirebook receive --help), e.g. dpdk.vdev=net_af_packet0,iface=wbh-a."})
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--lines", defaultValue = "2", description = {"2: the feed on line A and line B (arbitrated);",
        "1: line A only. Default: ${DEFAULT-VALUE}"})
    int lines;

    @Option(names = "--capture", description = {"Capture every packet each path receives, as received, to",
        "DIR/<path>/capture.pcap (nanosecond pcap; tshark -d udp.port==12345,moldudp64). results.json per path:",
        "capture {file, packets, dropped}."})
    boolean capture;

    @Option(names = "--capture-overhead", description = {"Run each path in three pairs of runs, without capture",
        "(DIR/<path>/without-capture) and with it (DIR/<path>), the order alternating: results.json per path gets",
        "capture_overhead with every run's latencies and the median of the pairs' P50 ratios with/without."})
    boolean captureOverhead;

    @Option(names = "--replay", paramLabel = "FILE", description = {
        "Publish a BinaryFILE (plain or .gz; e.g. from wirebook simulate or record) instead of the simulated",
        "flow, at --rate, with no warm-up, for as long as the file lasts: each path gets books_match_file, whether",
        "its books equal those the file builds offline (wirebook book FILE --digest)."})
    Path replay;

    @Option(names = "--vm", description = {"Run the scenario through a qemu guest on line A (e1000 NIC, TCG):",
        "socket on the kernel's e1000 driver, kring on wirebook's wbring module over it, dpdk on DPDK's",
        "net_e1000_em PMD. Paths default to socket,kring,dpdk, the rate to 5000 msg/s; results.json per path gains",
        "driver and pmd (kring: ring_driver). Under emulation the latencies are the emulator's."})
    boolean vm;

    @Option(names = "--replay-speed", paramLabel = "X", description = {
        "With --replay: pace the file by its own timestamps, X times their pace (1: as the day ran), instead of",
        "evenly at --rate; the measured seconds are then the file's time span / X."})
    double replaySpeed;

    @Option(names = "--prefix", defaultValue = "wb", hidden = true, description = "Lab namespace prefix.")
    String prefix;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception
    {
        try
        {
            RxPathOptions.check(options);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        final Scenario s = Scenario.parse(scenario);
        final List<String> pathList = new ArrayList<>();
        final boolean pathsGiven = spec.commandLine().getParseResult().hasMatchedOption("--paths");
        for (final String p : vm && !pathsGiven ? GuestBench.DEFAULT_PATHS : paths)
        {
            if (p.equals("all"))
            {
                pathList.addAll(RxPaths.NAMES);
            }
            else if (RxPaths.NAMES.contains(p))
            {
                pathList.add(p);
            }
            else
            {
                throw new IllegalArgumentException(
                    "unknown path '" + p + "': use " + String.join(", ", RxPaths.NAMES) + " or all");
            }
        }
        if (duration <= 0 || warmup < 0)
        {
            throw new IllegalArgumentException("--duration must be > 0 and --warmup >= 0");
        }
        if (s == Scenario.FAULTS && warmup < FaultsTimeline.MIN_WARMUP_S)
        {
            throw new IllegalArgumentException("--warmup must be >= " + FaultsTimeline.MIN_WARMUP_S +
                " s for the faults scenario: the second receiver joins during the warm-up");
        }
        if (lines != 1 && lines != 2 || s == Scenario.FAULTS && lines != 2)
        {
            throw new IllegalArgumentException("--lines must be 1 or 2 (the faults scenario needs 2)");
        }
        if (vm && (s == Scenario.SWEEP || s == Scenario.FAULTS || captureOverhead || capture))
        {
            throw new IllegalArgumentException("--vm runs the single or multi scenario, without capture");
        }
        final long r = rate != null ? rate : vm ? GuestBench.DEFAULT_RATE : s.rateMsgs;
        final int c = channels != null ? channels : s.channels;
        if (r <= 0 && s != Scenario.PINGPONG || c < 1 || c > 4)
        {
            throw new IllegalArgumentException("--rate must be > 0 and --channels between 1 and 4");
        }
        if (s == Scenario.NASDAQ_CLOSE && (rate != null || channels != null || replay != null || captureOverhead))
        {
            throw new IllegalArgumentException("nasdaq-close sets its own rate, feed and day: drop --rate, --channels, "
                + "--replay and --capture-overhead");
        }
        if (captureOverhead && (s == Scenario.SWEEP || s == Scenario.FAULTS || s == Scenario.TICK_TO_TRADE))
        {
            throw new IllegalArgumentException("--capture-overhead runs with the single or multi scenario; "
                + "use --capture with " + s.cliName);
        }
        if (replay != null && !Files.isReadable(replay))
        {
            throw new IllegalArgumentException("cannot read --replay " + replay + "; give a BinaryFILE (.itch or .gz)");
        }
        if (replay != null && (s == Scenario.SWEEP || s == Scenario.FAULTS))
        {
            throw new IllegalArgumentException("--replay runs with the single or multi scenario, not " + s.cliName);
        }
        if (replaySpeed < 0 || replaySpeed > 0 && replay == null)
        {
            throw new IllegalArgumentException("--replay-speed must be > 0 and goes with --replay FILE");
        }
        final Replay replayed = replay == null ? null : Replay.of(replay).atSpeed(replaySpeed);
        final double measured = replayed == null ? duration : replayed.secondsAt(r);
        final double warmupS = s == Scenario.NASDAQ_CLOSE ?
            CloseDay.DEFAULT.warmupSeconds(NasdaqCloseRun.measuredSeconds(duration)) :
            replayed == null ? warmup : 0;
        final BenchRunner.Capture captureMode = captureOverhead ? BenchRunner.Capture.OVERHEAD :
            capture ? BenchRunner.Capture.ON : BenchRunner.Capture.OFF;
        Files.createDirectories(out);
        final BenchRunner.Plan plan = new BenchRunner.Plan(s, pathList, measured, warmupS, r, c,
            instruments, seed, out, !noPeers, options, shield, lines, captureMode, replayed);
        final RunResult result;
        try (LabHosts hosts = LabHosts.open(prefix, System.err))
        {
            result = vm ? new GuestBench(plan, hosts, System.err).run() :
                new BenchRunner(plan, hosts, System.err).run();
        }
        Files.writeString(out.resolve("results.json"), ResultsJson.write(result));
        if (vm)
        {
            // The latency tables and report.html plot send-to-book latencies, which a guest run has not.
            System.out.print(GuestTable.render(result));
            System.out.println(GuestBench.EMULATION_NOTE);
            System.out.println("wrote " + out.resolve("results.json"));
            return result.paths().stream().anyMatch(p -> p.status().equals("failed")) ? 1 : 0;
        }
        HtmlReport.write(out.resolve("report.html"), result);
        System.out.print(ResultsTable.render(result));
        System.out.println();
        System.out.println("wrote " + out.resolve("results.json") + " and " + out.resolve("report.html"));
        return result.paths().stream().anyMatch(p -> p.status().equals("failed")) ? 1 : 0;
    }
}
