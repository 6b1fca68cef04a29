package io.wirebook.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;

import io.wirebook.lab.LabHost;
import io.wirebook.lab.LabNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "net", mixinStandardHelpOptions = true,
    description = {"Builds or removes the lab's two hosts by hand (bench does this itself).",
        "up: netns wb-exch (wbx-a 198.18.0.1/24) <-veth-> netns wb-host (wbh-a 198.18.0.2/24) for line A and",
        "    wbx-b 198.18.1.1/24 <-veth-> wbh-b 198.18.1.2/24 for line B; wbx-a also holds 198.18.0.3/24, another",
        "    address on the exchange's subnet (for wirebook forge), and wbx-r 198.18.2.1/24 <-veth-> wbh-r",
        "    198.18.2.2/24, the recovery link (request and snapshot servers). down: removes them.",
        "Example: wirebook net up; wirebook net down"})
public final class NetCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "up, down or status")
    String action;

    @Option(names = "--prefix", defaultValue = "wb", description = "Namespace prefix. Default: ${DEFAULT-VALUE}")
    String prefix;

    @Option(names = "--line-b", hidden = true, description = "Accepted for old scripts: line B is always built.")
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
                final LabNetwork net = LabNetwork.create(prefix);
                net.keep();
                final LabHost x = net.exchange();
                final LabHost h = net.tradingHost();
                System.out.println(upLine(x, h, LabHost::lineA) + " (line A; peer address " +
                    LabNetwork.PEER_ADDRESS + ")");
                System.out.println(upLine(x, h, LabHost::lineB) + " (line B)");
                System.out.println(upLine(x, h, LabHost::recovery) + " (recovery)");
            }
            case "down" ->
            {
                final String holder = LabNetwork.cleanupUnlessInUse(prefix);
                if (holder != null)
                {
                    System.err.println("wirebook: a lab run (" + holder + ") is using the " + prefix +
                        " network; not removed: wait for it to end, or stop it (it cleans up after itself)");
                    return 1;
                }
                System.out.println("down: removed " + prefix + "-exch and " + prefix + "-host");
            }
            case "status" -> System.out.println(LabNetwork.status(prefix));
            default -> throw new IllegalArgumentException("net takes up, down or status, not '" + action + "'");
        }
        return 0;
    }

    private static String upLine(final LabHost x, final LabHost h, final Function<LabHost, LabHost.LineEnd> link)
    {
        return "up: " + x.namespace() + " " + link.apply(x).interfaceName() + " " + link.apply(x).address() +
            " <-> " + h.namespace() + " " + link.apply(h).interfaceName() + " " + link.apply(h).address();
    }
}
