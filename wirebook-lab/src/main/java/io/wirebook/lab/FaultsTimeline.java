package io.wirebook.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the faults scenario does to one path and when, in seconds from the start of the publisher's session (its
 * warm-up begins then, the measured phase {@code warmup} seconds later):
 * <ol>
 * <li>{@link Action#RESTART_RECEIVER} at {@value #RESTART_AT_S} s into the warm-up (at most half of it): the
 * first receiver is killed and a second one joins late, so it must load a snapshot;</li>
 * <li>{@link Action#LOSS_ON} as the measured phase begins: {@value #LOSS_PERCENT}% random loss on line A and,
 * independently, on line B;</li>
 * <li>{@link Action#OUTAGE} of both lines for {@value #OUTAGE_MS} ms, {@value #OUTAGE_AFTER_S} s into the measured
 * phase (30% of it if shorter);</li>
 * <li>{@link Action#FORGE}: the forged packets, from the peer address and from the exchange's own address on
 * another port, {@value #FORGE_AFTER_S} s into the measured phase (half of it if shorter). The forgers are JVMs
 * that start before the publisher and wait; at this step they read the live feed and send;</li>
 * <li>{@link Action#LOSS_OFF} as the measured phase ends, so the End of Session packets go out clean.</li>
 * </ol>
 * The publisher reorders line A and duplicates line B all along ({@link #publisherArguments()}).
 */
public record FaultsTimeline(List<Step> steps)
{
    public static final double RESTART_AT_S = 1.5;
    public static final double LOSS_PERCENT = 2.0;
    public static final long OUTAGE_MS = 100;
    public static final double OUTAGE_AFTER_S = 3;
    public static final double FORGE_AFTER_S = 5;
    public static final int REORDER_PERMILLE_A = 5;
    public static final int DUPLICATE_PERMILLE_B = 5;
    /** The second receiver must be up before the measured phase begins (it measures from Start of Market Hours). */
    public static final double MIN_WARMUP_S = 2;

    /** One thing to do, {@code atSeconds} after the session began. */
    public record Step(double atSeconds, Action action)
    {
    }

    public enum Action
    {
        RESTART_RECEIVER, LOSS_ON, OUTAGE, FORGE, LOSS_OFF
    }

    public FaultsTimeline
    {
        steps = List.copyOf(steps);
    }

    /** The timeline for a run with this warm-up and measured duration, in time order. */
    public static FaultsTimeline plan(final double warmupS, final double durationS)
    {
        if (warmupS < MIN_WARMUP_S || durationS <= 0)
        {
            throw new IllegalArgumentException("the faults scenario needs --warmup >= " + MIN_WARMUP_S +
                " (the second receiver joins during it) and --duration > 0");
        }
        final List<Step> steps = new ArrayList<>();
        steps.add(new Step(Math.min(RESTART_AT_S, warmupS / 2), Action.RESTART_RECEIVER));
        steps.add(new Step(warmupS, Action.LOSS_ON));
        steps.add(new Step(warmupS + Math.min(OUTAGE_AFTER_S, 0.3 * durationS), Action.OUTAGE));
        steps.add(new Step(warmupS + Math.min(FORGE_AFTER_S, 0.5 * durationS), Action.FORGE));
        steps.add(new Step(warmupS + durationS, Action.LOSS_OFF));
        steps.sort(Comparator.comparingDouble(Step::atSeconds));
        return new FaultsTimeline(steps);
    }

    /** The publish options of the scenario's own faults, which the kernel cannot make. */
    public static List<String> publisherArguments()
    {
        return List.of(
            "--reorder-permille-a", Integer.toString(REORDER_PERMILLE_A),
            "--duplicate-permille-b", Integer.toString(DUPLICATE_PERMILLE_B));
    }
}
