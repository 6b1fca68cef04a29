package io.wirebook.vm;

/**
 * Stands in for a JVM running a guest in {@link GuestVmKillTest}: boots one, says "ready QEMU_PID RUN_DIRECTORY",
 * and sleeps until it is killed.
 */
public final class GuestVmHolder
{
    private GuestVmHolder()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final GuestVm guest = GuestVm.boot(GuestSpec.defaults());
        System.out.println("ready " + guest.qemuPid() + " " + guest.runDirectory());
        System.out.flush();
        Thread.sleep(300_000);
    }
}
