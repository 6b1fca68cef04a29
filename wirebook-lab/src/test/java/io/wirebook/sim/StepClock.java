package io.wirebook.sim;

import org.agrona.concurrent.NanoClock;

/** A clock that moves on by a fixed step each time it is read: spin-waits end, and runs are repeatable. */
final class StepClock implements NanoClock
{
    private long now;
    private final long step;

    StepClock(final long start, final long step)
    {
        this.now = start;
        this.step = step;
    }

    @Override
    public long nanoTime()
    {
        now += step;
        return now;
    }

    void jump(final long nanos)
    {
        now += nanos;
    }
}
