package io.wirebook.cli;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** The poll loop's idle strategies by the names the CLI takes. */
final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /** @return the strategy, or null for the path's default (busy-spin on spinning paths). */
    static IdleStrategy parse(final String name)
    {
        return switch (name)
        {
            case "default" -> null;
            case "spin" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy();
            default -> throw new IllegalArgumentException("unknown idle strategy '" + name +
                "': use spin, yield, backoff or default");
        };
    }
}
