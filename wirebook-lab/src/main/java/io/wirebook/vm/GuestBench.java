package io.wirebook.vm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wirebook.lab.BenchRunner;
import io.wirebook.lab.ChildJvm;
import io.wirebook.lab.HostInfo;
import io.wirebook.lab.LabHost;
import io.wirebook.lab.LabHosts;
import io.wirebook.lab.PublisherRun;
import io.wirebook.lab.ReceiverReport;
import io.wirebook.report.FeedResult;
import io.wirebook.report.PathResult;
import io.wirebook.report.RunResult;
import io.wirebook.report.Stats;
import io.wirebook.rx.Channel;

/**
 * {@code bench --vm}: the scenario through a qemu guest on the lab's line A. Per path a fresh guest boots (so no
 * path inherits another's NIC binding), the path's {@link GuestPath} set-up runs, the receiver (the host's JDK
 * and classes, over 9p) starts in the guest exactly as {@link BenchRunner} starts it on the trading host, the
 * publisher runs in the exchange's namespace, and the receiver's report comes back through the shared out
 * directory. Each path's entry gains {@code driver} (the kernel driver bound to the NIC while it ran),
 * {@code pmd} (the PMD's own name, from the path; null for a kernel path) and {@code guest}.
 * <p>
 * Under emulation (TCG) the latencies are the emulator's, not the NIC's or the driver's: what a run shows is that
 * the books match the simulator's, the drops, and which driver or PMD received.
 */
public final class GuestBench
{
    /** What the tables print under the results of a guest run. */
    public static final String EMULATION_NOTE = "guest under emulation (qemu TCG): the latencies are the emulator's; " +
        "the claims are books_match_simulator, drops and the driver/PMD";
    /** A rate the emulated guest keeps up with. */
    public static final long DEFAULT_RATE = 5_000;
    /** The paths a guest bench runs when none are named. */
    public static final List<String> DEFAULT_PATHS = List.of("socket", "kring", "dpdk");
    /** Why a guest path's latency_ns is null, and what its arrival_latency_ns is. */
    public static final String LATENCY_NOTE = "latency_ns is null: the send stamp is the host's CLOCK_MONOTONIC, " +
        "the book's the guest's; arrival_latency_ns (guest kernel RX stamp to book) is the emulator's";
    /** The guest receiver's output, in the path's directory. */
    public static final String RECEIVER_LOG = "receiver.log";
    static final String HEAP = "512m";
    static final String GUEST_INTERFACE = "eth0";
    static final String GUEST_RECOVERY_INTERFACE = "eth1";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final double END_GRACE_S = 120;

    private final BenchRunner.Plan plan;
    private final LabHosts hosts;
    private final PrintStream log;
    private GuestNetwork network;

    /** @param plan the plan as for {@link BenchRunner}; the guest has line A only, so it runs on one line. */
    public GuestBench(final BenchRunner.Plan plan, final LabHosts hosts, final PrintStream log)
    {
        this.plan = plan.withLines(1);
        this.hosts = hosts;
        this.log = log;
    }

    public RunResult run() throws IOException, InterruptedException
    {
        Files.createDirectories(plan.out());
        final List<PathResult> results = new ArrayList<>();
        for (final String path : plan.paths())
        {
            final PathResult result = runPath(path);
            results.add(result);
            log.println(summary(result));
        }
        // No comparisons: the socket-relative latency ratios need send-to-book latencies, which a guest has not.
        return new RunResult(plan.scenario().cliName, plan.rateMsgs(), plan.durationS(), plan.warmupS(),
            plan.channels(), HostInfo.describe(hosts), results, List.of(), Map.of());
    }

    /** One path in a guest of its own. */
    PathResult runPath(final String path) throws IOException, InterruptedException
    {
        final GuestPath guestPath = GuestPath.of(path);
        if (null == guestPath)
        {
            return PathResult.skipped(path, "does not run in the guest; the guest runs " + guestPaths());
        }
        if (hosts.loopback())
        {
            return PathResult.skipped(path, "the guest needs the lab network; fix: run as root");
        }
        final Path out = plan.out().toAbsolutePath().normalize();
        final GuestSpec spec = GuestSpec.defaults()
            .withNetwork(network())
            .withHugepages(guestPath.hugepages())
            .withDirectory(out);
        final String why = GuestVm.whyUnavailable(spec);
        if (null != why)
        {
            return PathResult.skipped(path, why);
        }
        final String unbuildable = guestPath == GuestPath.KRING ? WbringModule.whyUnbuildable(spec.kernel()) : null;
        if (null != unbuildable)
        {
            return PathResult.skipped(path, unbuildable);
        }
        final Path dir = out.resolve(path);
        BenchRunner.prepare(dir);
        log.printf(Locale.ROOT, "%-12s booting the guest (%s, %s, TCG)...%n", path, spec.kernel().version(),
            spec.nic().cliName());
        try (GuestVm guest = GuestVm.boot(spec))
        {
            final String pci = guest.nicPciAddress();
            // The module is built into the guest's share, which goes with the guest.
            final String setup = guestPath == GuestPath.KRING ? "WBRING_KO=" +
                WbringModule.build(spec.kernel(), guest.share().resolve(WbringModule.NAME)) + "\n" +
                guestPath.setupScript(pci) : guestPath.setupScript(pci);
            if (!setup.isEmpty())
            {
                final GuestResult prepared = guest.runScript(SETUP_TIMEOUT, setup);
                if (!prepared.ok())
                {
                    return PathResult.failed(path, "guest set-up failed (exit " + prepared.status() + "): " +
                        oneLine(prepared.output()));
                }
            }
            final String driver = GuestNicDriver.of(guest);
            final PathResult result = receive(guest, guestPath, dir);
            if (!result.ok())
            {
                return result;
            }
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("driver", driver);
            if (guestPath == GuestPath.KRING)
            {
                // The NIC keeps its kernel driver; the ring's driver is the module that hooks its RX.
                extra.put("ring_driver", WbringModule.NAME);
            }
            extra.put("pmd", result.extra().get("pmd"));
            extra.put("guest", guestFacts(guest));
            return result.withExtra(extra);
        }
        catch (final GuestException ex)
        {
            return PathResult.failed(path, ex.getMessage());
        }
    }

    /** The guest's ports on the lab network: each path's guest plugs into the same taps. */
    private GuestNetwork network()
    {
        if (null == network)
        {
            network = GuestNetwork.onLineA(hosts.network());
        }
        return network;
    }

    private PathResult receive(final GuestVm guest, final GuestPath guestPath, final Path dir)
        throws IOException, InterruptedException
    {
        final String path = guestPath.path();
        final Map<String, String> options = new LinkedHashMap<>(plan.options());
        options.putAll(guestPath.options(guest.nicPciAddress()));
        final BenchRunner.Plan guestPlan = new BenchRunner.Plan(plan.scenario(), plan.paths(), plan.durationS(),
            plan.warmupS(), plan.rateMsgs(), plan.channels(), plan.instruments(), plan.seed(), plan.out(),
            false, options, false, 1, BenchRunner.Capture.OFF);
        final List<Channel> channels = new BenchRunner(guestPlan, hosts, log).channels();
        final GuestNetwork network = guest.spec().network();
        final String address = network.ipv4();
        final LabHost.LineEnd end = new LabHost.LineEnd(GUEST_INTERFACE, address);
        final LabHost.LineEnd recovery = new LabHost.LineEnd(GUEST_RECOVERY_INTERFACE, network.recoveryIpv4());
        final List<String> args = BenchRunner.receiverArguments(new LabHost(null, end, end, recovery), hosts.exchange(),
            false, guestPlan, channels, path, dir, plan.durationS(), false, BenchRunner.CAPTURE_FILE);
        final List<String> command = new ArrayList<>(ChildJvm.command(null, null, HEAP, args));
        // A JVM that crashes in the guest writes its hs_err where the host keeps it: the guest's /tmp goes with it.
        command.add(1, "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
        final GuestCommand receiver = guest.start(GuestVm.shellCommand(command));
        final String first = receiver.awaitLine(
            line -> line.startsWith("READY") || line.startsWith("SKIPPED") || line.startsWith("FAILED"), READY_TIMEOUT);
        if (null == first || !first.startsWith("READY"))
        {
            receiver.waitFor(SETUP_TIMEOUT);
            if (Files.exists(dir.resolve(ReceiverReport.FILE)))
            {
                return ReceiverReport.read(dir);
            }
            return PathResult.failed(path, null == first ? "receiver in the guest exited before it was ready: " +
                oneLine(receiver.output()) : first);
        }
        log.printf(Locale.ROOT, "%-12s receiver ready in the guest (%s on %s)%n", path, address, GUEST_INTERFACE);
        final PublisherRun publisher = PublisherRun.run(hosts, guestPlan, channels, plan.rateMsgs(), plan.durationS(),
            dir, log, path);
        final GuestResult ended = receiver.waitFor(
            Duration.ofSeconds((long)(plan.warmupS() + plan.durationS() + END_GRACE_S)));
        // The receiver's log lines (stderr and stdout) stay beside its report: the share goes with the guest.
        Files.writeString(dir.resolve(RECEIVER_LOG), ended.output());
        if (!Files.exists(dir.resolve(ReceiverReport.FILE)))
        {
            return PathResult.failed(path, "receiver in the guest wrote no report (exit " + ended.status() + "): " +
                oneLine(ended.output()));
        }
        final PathResult result = ReceiverReport.read(dir);
        if (!result.ok())
        {
            return result;
        }
        return withoutSendToBook(result)
            .withExtra(BenchRunner.runFigures(publisher, plan.rateMsgs(), null, result.bookDigest(), null))
            .withExtra(Map.of("latency_note", LATENCY_NOTE));
    }

    /**
     * The result without send-to-book latencies: the send stamp is the host's CLOCK_MONOTONIC and the book's stamp
     * the guest's, two clocks with no common origin. The arrival-to-book latency stays: both its stamps are the
     * guest's.
     */
    static PathResult withoutSendToBook(final PathResult r)
    {
        final List<FeedResult> feeds = new ArrayList<>();
        for (final FeedResult feed : r.feeds())
        {
            feeds.add(new FeedResult(feed.feed(), feed.group(), withoutSendToBook(feed.stats())));
        }
        return new PathResult(r.path(), r.status(), r.reason(), r.cpuPct(), withoutSendToBook(r.all()), feeds,
            r.noise(), r.counters(), r.bookDigest(), r.extra());
    }

    private static Stats withoutSendToBook(final Stats s)
    {
        return new Stats(s.messages(), s.throughputMsgs(), s.drops(), s.malformed(), s.rejected(), s.duplicates(),
            s.packets(), s.windowSeconds(), null, s.arrivalHistogram());
    }

    private static Map<String, Object> guestFacts(final GuestVm guest)
    {
        final Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("kernel", guest.spec().kernel().version());
        facts.put("nic", guest.spec().nic().cliName());
        facts.put("pci", guest.nicPciAddress());
        facts.put("emulation", "tcg");
        facts.put("cpus", guest.spec().cpus());
        facts.put("boot_ms", guest.bootTime().toMillis());
        return facts;
    }

    private static String guestPaths()
    {
        final List<String> names = new ArrayList<>();
        for (final GuestPath guestPath : GuestPath.values())
        {
            names.add(guestPath.path());
        }
        return String.join(", ", names);
    }

    static String summary(final PathResult r)
    {
        if (!r.ok())
        {
            return String.format(Locale.ROOT, "%-12s %s: %s", r.path(), r.status(), r.reason());
        }
        return String.format(Locale.ROOT, "%-12s ok in the guest: %,d messages, %d drops, books match %s, " +
            "driver %s, pmd %s", r.path(), r.all().messages(), r.all().drops(), r.extra().get("books_match_simulator"),
            r.extra().get("driver"), r.extra().get("pmd"));
    }

    /**
     * The last lines of what a guest command printed; for a JVM that crashed, the frame it crashed in first (its
     * hs_err file is in the path's directory).
     */
    private static String oneLine(final String text)
    {
        final String trimmed = text.strip();
        final String[] lines = trimmed.split("\\R");
        for (int i = 0; i + 1 < lines.length; i++)
        {
            if (lines[i].startsWith("# Problematic frame:"))
            {
                return "JVM crashed in " + lines[i + 1].substring(1).strip() + " | " + String.join(" | ",
                    List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
            }
        }
        final String tail = String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 5), lines.length));
        return tail.isEmpty() ? "(no output)" : tail;
    }
}
