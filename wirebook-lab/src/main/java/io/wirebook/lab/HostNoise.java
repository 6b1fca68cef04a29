package io.wirebook.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.wirebook.stats.HostClock;

/**
 * What else the host did while a receive path ran: steal time (a hypervisor taking the CPU away), interrupts and
 * softirqs landing on the poll CPU, and context switches, system-wide and of the poll thread. Read from procfs at
 * {@link #start} and {@link #stop}, never in between, so it costs the measured path nothing. procfs is shared by
 * all network namespaces: the figures are the host's wherever the caller runs.
 * <pre>
 * HostNoise noise = HostNoise.start(1);
 * ... run the path ...
 * HostNoise.Sample sample = noise.stop();
 * </pre>
 */
public final class HostNoise
{
    private static final Path STAT = Path.of("/proc/stat");
    private static final Path INTERRUPTS = Path.of("/proc/interrupts");
    private static final Path SOFTIRQS = Path.of("/proc/softirqs");

    private final int pollCpu;
    private final Path threadStatus;
    private final Counters begin;

    /**
     * The noise between start and stop.
     *
     * @param stealPctPollCpu            steal time as a percentage of the poll CPU's time; NaN if unknown.
     * @param stealPctAllCpus            steal time as a percentage of all CPUs' time; NaN if unknown.
     * @param interruptsPollCpu          hardware interrupts (all of /proc/interrupts) handled on the poll CPU.
     * @param softirqsPollCpu            softirqs (all kinds) run on the poll CPU.
     * @param netRxSoftirqsPollCpu       NET_RX softirqs on the poll CPU (packet receive work the kernel did there).
     * @param contextSwitches            context switches of the whole system.
     * @param threadVoluntarySwitches    the poll thread's voluntary switches (it blocked); -1 if no thread given.
     * @param threadNonvoluntarySwitches the poll thread's involuntary switches (it was preempted); -1 if none given.
     */
    public record Sample(
        int pollCpu,
        long durationNs,
        double stealPctPollCpu,
        double stealPctAllCpus,
        long interruptsPollCpu,
        long softirqsPollCpu,
        long netRxSoftirqsPollCpu,
        long contextSwitches,
        long threadVoluntarySwitches,
        long threadNonvoluntarySwitches)
    {
        /** Steal is counted in clock ticks (10 ms): more digits than three would be noise. */
        private static double round3(final double value)
        {
            return Math.round(value * 1000) / 1000.0;
        }

        /** snake_case keys for results.json. */
        public Map<String, Object> toMap()
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("poll_cpu", pollCpu);
            map.put("duration_ns", durationNs);
            map.put("steal_pct_poll_cpu", Double.isNaN(stealPctPollCpu) ? null : round3(stealPctPollCpu));
            map.put("steal_pct_all_cpus", Double.isNaN(stealPctAllCpus) ? null : round3(stealPctAllCpus));
            map.put("interrupts_poll_cpu", interruptsPollCpu);
            map.put("softirqs_poll_cpu", softirqsPollCpu);
            map.put("net_rx_softirqs_poll_cpu", netRxSoftirqsPollCpu);
            map.put("context_switches", contextSwitches);
            map.put("thread_voluntary_switches", threadVoluntarySwitches < 0 ? null : threadVoluntarySwitches);
            map.put("thread_nonvoluntary_switches", threadNonvoluntarySwitches < 0 ? null : threadNonvoluntarySwitches);
            return map;
        }
    }

    /** Counter values at one instant. */
    record Counters(
        long nanos,
        ProcParsers.CpuTimes pollCpuTimes,
        ProcParsers.CpuTimes allCpuTimes,
        long interrupts,
        long softirqs,
        long netRxSoftirqs,
        long contextSwitches,
        long voluntary,
        long nonvoluntary)
    {
        static Counters parse(
            final long nanos, final int cpu, final String stat, final String interrupts, final String softirqs,
            final String threadStatus)
        {
            return new Counters(
                nanos,
                ProcParsers.cpuTimes(stat, cpu),
                ProcParsers.cpuTimes(stat, -1),
                ProcParsers.columnSum(interrupts, cpu),
                ProcParsers.columnSum(softirqs, cpu),
                ProcParsers.rowValue(softirqs, "NET_RX", cpu),
                ProcParsers.contextSwitches(stat),
                threadStatus == null ? -1 : ProcParsers.voluntarySwitches(threadStatus),
                threadStatus == null ? -1 : ProcParsers.nonvoluntarySwitches(threadStatus));
        }
    }

    private HostNoise(final int pollCpu, final Path threadStatus)
    {
        this.pollCpu = pollCpu;
        this.threadStatus = threadStatus;
        this.begin = read();
        if (begin.pollCpuTimes() == null)
        {
            throw new IllegalArgumentException(
                "CPU " + pollCpu + " is not online (no cpu" + pollCpu + " in /proc/stat)");
        }
    }

    /** Starts sampling noise on {@code pollCpu}, without a poll thread to follow. */
    public static HostNoise start(final int pollCpu)
    {
        return new HostNoise(pollCpu, null);
    }

    /**
     * Starts sampling noise on {@code pollCpu} and the context switches of one thread ({@code tid} as gettid()
     * returns it, inside process {@code pid}; for a single-threaded process pid == tid).
     */
    public static HostNoise start(final int pollCpu, final long pid, final long tid)
    {
        return new HostNoise(pollCpu, Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "status"));
    }

    /** The noise since {@link #start}. May be called more than once; each call measures from start. */
    public Sample stop()
    {
        return difference(pollCpu, begin, read());
    }

    static Sample difference(final int pollCpu, final Counters a, final Counters b)
    {
        return new Sample(
            pollCpu,
            b.nanos() - a.nanos(),
            stealPct(a.pollCpuTimes(), b.pollCpuTimes()),
            stealPct(a.allCpuTimes(), b.allCpuTimes()),
            delta(a.interrupts(), b.interrupts()),
            delta(a.softirqs(), b.softirqs()),
            delta(a.netRxSoftirqs(), b.netRxSoftirqs()),
            delta(a.contextSwitches(), b.contextSwitches()),
            delta(a.voluntary(), b.voluntary()),
            delta(a.nonvoluntary(), b.nonvoluntary()));
    }

    private static double stealPct(final ProcParsers.CpuTimes a, final ProcParsers.CpuTimes b)
    {
        if (a == null || b == null)
        {
            return Double.NaN;
        }
        final long total = b.total() - a.total();
        return total <= 0 ? 0.0 : 100.0 * (b.steal() - a.steal()) / total;
    }

    private static long delta(final long a, final long b)
    {
        return a < 0 || b < 0 ? -1 : b - a;
    }

    private Counters read()
    {
        final long nanos = HostClock.nanos();
        return Counters.parse(nanos, pollCpu, text(STAT), text(INTERRUPTS), text(SOFTIRQS),
            threadStatus == null ? null : threadStatusText());
    }

    private String threadStatusText()
    {
        try
        {
            return Files.readString(threadStatus);
        }
        catch (final IOException ex)
        {
            // The thread has exited: its switches are unknown, the rest of the sample still holds.
            return "";
        }
    }

    private static String text(final Path path)
    {
        try
        {
            return Files.readString(path);
        }
        catch (final IOException ex)
        {
            return "";
        }
    }
}
