package io.wirebook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.wirebook.sim.NasdaqDay;
import io.wirebook.sim.SimulatedDay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Writes a simulated trading day as a NASDAQ BinaryFILE (2-byte length before each ITCH message),",
        "gzipped when FILE ends in .gz: system events, a Stock Directory per instrument, then the profile's flow.",
        "Profile lab: the lab's order flow over --instruments, timestamped from 09:30:00 at --rate.",
        "Profile nasdaq: 8,713 Zipf-skewed instruments, NASDAQ's message mix, live orders ramping to a 2M peak",
        "(or a 30th of --messages), 09:30 to 16:00 with open and close activity and a 1.75M-message closing second.",
        "Deterministic from --seed. Example: wirebook simulate --profile nasdaq --messages 60000000 --out day.itch.gz"})
public final class SimulateCommand implements Callable<Integer>
{
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (.gz: gzipped).")
    Path out;

    @Option(names = "--messages", defaultValue = "1000000",
        description = "Order-flow messages (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--profile", defaultValue = "lab", description = "lab or nasdaq (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--instruments", defaultValue = "500",
        description = "Instruments, lab profile (default: ${DEFAULT-VALUE}).")
    int instruments;

    @Option(names = "--seed", defaultValue = "20261124", description = "Seed of the flow (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "50000",
        description = "Messages per second of the day's clock, lab profile (default: ${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() throws Exception
    {
        if (messages < 1 || instruments < 1 || instruments > 0xFFFF || rate < 1)
        {
            System.err.println("wirebook simulate: --messages and --rate must be positive and --instruments 1..65535");
            return 2;
        }
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            System.err.println("wirebook simulate: no directory " + parent + "; create it or choose another --out");
            return 2;
        }
        if ("nasdaq".equals(profile))
        {
            if (messages <= NasdaqDay.INSTRUMENTS)
            {
                System.err.println("wirebook simulate: the nasdaq profile needs --messages above " +
                    NasdaqDay.INSTRUMENTS + " (its Stock Directory)");
                return 2;
            }
            final NasdaqDay day = SimulatedDay.writeNasdaq(out, seed, messages);
            System.out.printf("wrote %,d messages (%,d instruments, peak %,d live orders) to %s, %,d bytes%n",
                messages + 6, NasdaqDay.INSTRUMENTS, day.peakLiveOrders(), out, Files.size(out));
            System.out.println("mix: " + day.describeMix());
            return 0;
        }
        if (!"lab".equals(profile))
        {
            System.err.println("wirebook simulate: unknown --profile " + profile + "; valid: lab, nasdaq");
            return 2;
        }
        final long written = SimulatedDay.writeLab(out, seed, instruments, messages, rate);
        System.out.printf("wrote %,d messages (%,d instruments) to %s, %,d bytes%n", written, instruments, out,
            Files.size(out));
        return 0;
    }
}
