package io.wirebook.lab;

import java.nio.file.Path;

/** A second process for {@link LabLockTest}: takes the lock of a prefix, says HELD, and waits to be killed. */
public final class LabLockHolder
{
    /** Held here: a lock nothing refers to is closed when its channel is collected. */
    private static LabLock held;

    private LabLockHolder()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        held = LabLock.take(Path.of(args[0]), args[1], true);
        System.out.println("HELD");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
