package io.wirebook.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.wirebook.lab.CpuJitter;
import io.wirebook.lab.CpuShield;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "jitter", mixinStandardHelpOptions = true,
    description = {"Measures how often each CPU is taken away from a thread that spins on it (like sysjitter): the",
        "time a spinning receive path loses whatever its receive path, and what bounds its P99. Gaps that recur",
        "at whole multiples of the kernel's tick period point at the tick.",
        "Example: wirebook jitter --cpus 1 --duration 5 --shield"})
public final class JitterCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--cpus", split = ",", description = "CPUs to measure, one after another. Default: all.")
    List<Integer> cpus;

    @Option(names = "--duration", defaultValue = "5", description = "Seconds per CPU. Default: ${DEFAULT-VALUE}")
    double durationSeconds;

    @Option(names = "--threshold-us", defaultValue = "10",
        description = "A gap longer than this is counted, in µs. Default: ${DEFAULT-VALUE}")
    double thresholdMicros;

    @Option(names = "--shield", description = "Move other threads off the CPU while it is measured (needs root).")
    boolean shield;

    @Override
    public Integer call() throws InterruptedException
    {
        final int available = Runtime.getRuntime().availableProcessors();
        final List<Integer> measured = new ArrayList<>();
        if (cpus == null)
        {
            for (int cpu = 0; cpu < available; cpu++)
            {
                measured.add(cpu);
            }
        }
        else
        {
            for (final int cpu : cpus)
            {
                if (cpu < 0 || cpu >= available)
                {
                    throw new ParameterException(spec.commandLine(),
                        "--cpus: no CPU " + cpu + " here; use 0.." + (available - 1));
                }
                measured.add(cpu);
            }
        }
        if (!(durationSeconds > 0 && durationSeconds <= 3600))
        {
            throw new ParameterException(spec.commandLine(), "--duration: give 0 < seconds <= 3600");
        }
        if (!(thresholdMicros >= 1 && thresholdMicros <= 1_000_000))
        {
            throw new ParameterException(spec.commandLine(), "--threshold-us: give 1..1000000");
        }

        final int tickHz = CpuJitter.kernelTickHz();
        System.out.printf(Locale.ROOT, "gaps > %.0f us in a thread spinning on each CPU for %.1f s%s; kernel tick %s%n",
            thresholdMicros, durationSeconds, shield ? ", other threads moved off it" : "",
            tickHz > 0 ? tickHz + " Hz" : "unknown (no /proc/config.gz)");
        System.out.printf(Locale.ROOT, "%-4s %9s %9s %10s %10s %9s %8s %9s  %s%n",
            "cpu", "gaps/s", "stalled", "mean gap", "max gap", ">100us", "irq/s", "timer/s", "tick-aligned intervals");
        for (final int cpu : measured)
        {
            final CpuJitter.Result r;
            final CpuShield raised = shield ? CpuShield.raise(cpu) : null;
            try
            {
                r = CpuJitter.measure(
                    cpu, (long)(durationSeconds * 1e9), (long)(thresholdMicros * 1e3), tickHz);
            }
            finally
            {
                if (raised != null)
                {
                    raised.close();
                }
            }
            System.out.printf(Locale.ROOT, "%-4d %9.0f %8.2f%% %8.1f us %8.1f us %9d %8s %9s  %s%n",
                r.cpu(), r.gapsPerSecond(), r.stalledPct(), r.meanGapNs() / 1e3, r.maxGapNs() / 1e3,
                r.gapsOver100us(), rate(r.interruptsPerSecond()), rate(r.timerInterruptsPerSecond()),
                Double.isNaN(r.tickAlignedPct()) ? "-" :
                    String.format(Locale.ROOT, "%.0f%% (%.0f%% by chance)", r.tickAlignedPct(),
                        r.tickAlignedByChancePct()));
        }
        return 0;
    }

    private static String rate(final double perSecond)
    {
        return perSecond < 0 ? "-" : String.format(Locale.ROOT, "%.0f", perSecond);
    }
}
