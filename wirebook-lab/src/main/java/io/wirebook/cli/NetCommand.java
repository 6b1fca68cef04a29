package io.wirebook.cli;

import java.util.concurrent.Callable;

import io.wirebook.lab.LabNetwork;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "net", mixinStandardHelpOptions = true,
    description = {"Builds or removes the lab's two hosts by hand (bench does this itself).",
        "up: netns wb-exch (wbx-a 198.18.0.1/24) <-veth-> netns wb-host (wbh-a 198.18.0.2/24); down: removes them.",
        "Example: wirebook net up; wirebook net down"})
public final class NetCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "up, down or status")
    String action;

    @Option(names = "--prefix", defaultValue = "wb", description = "Namespace prefix. Default: ${DEFAULT-VALUE}")
    String prefix;

    @Option(names = "--line-b", description = "Also build line B (198.18.1.0/24).")
    boolean lineB;

    @Override
    public Integer call()
    {
        switch (action)
        {
            case "up" ->
            {
                final String why = LabNetwork.whyUnavailable();
                if (why != null)
                {
                    System.err.println("wirebook: " + why);
                    return 1;
                }
                final LabNetwork net = LabNetwork.create(prefix, lineB);
                net.keep();
                System.out.println("up: " + net.exchangeNs() + " " + net.exchangeIf() + " " +
                    net.exchangeAddressString() + " <-> " + net.hostNs() + " " + net.hostIf() + " " +
                    net.hostAddressString());
            }
            case "down" ->
            {
                LabNetwork.cleanupStale(prefix);
                System.out.println("down: removed " + prefix + "-exch and " + prefix + "-host");
            }
            case "status" -> System.out.println(LabNetwork.status(prefix));
            default -> throw new IllegalArgumentException("net takes up, down or status, not '" + action + "'");
        }
        return 0;
    }
}
