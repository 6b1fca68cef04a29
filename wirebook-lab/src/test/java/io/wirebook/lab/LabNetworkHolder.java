package io.wirebook.lab;

/**
 * Stands in for the runner JVM in {@link LabNetworkTest}'s kill tests: builds a network, says
 * "ready SENTINEL_PID", and sleeps until it is killed.
 */
public final class LabNetworkHolder
{
    private LabNetworkHolder()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final LabNetwork network = LabNetwork.create(args[0], false);
        System.out.println("ready " + network.sentinelPid());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
