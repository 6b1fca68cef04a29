package io.wirebook.cli;

import java.util.concurrent.Callable;

import io.wirebook.lab.LabNetwork;
import io.wirebook.vm.GuestVm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cleanup", mixinStandardHelpOptions = true,
    description = {"Removes whatever a crashed run left: lab namespaces and veths (with their XDP programs),",
        "DPDK runtime directories, hugepage files, the counters files of handlers that were killed and the run",
        "directories of killed guests (wirebook vm, bench --vm).",
        "Every run does this first by itself. A network a running bench holds is left alone (exit 1).",
        "Example: wirebook cleanup"})
public final class CleanupCommand implements Callable<Integer>
{
    @Option(names = "--prefix", defaultValue = "wb", description = "Namespace prefix. Default: ${DEFAULT-VALUE}")
    String prefix;

    @Override
    public Integer call()
    {
        final String holder = LabNetwork.cleanupUnlessInUse(prefix);
        if (holder != null)
        {
            System.err.println("wirebook: a lab run (" + holder + ") is using the " + prefix +
                " network; nothing removed: wait for it to end, or stop it (it cleans up after itself)");
            return 1;
        }
        final int guests = GuestVm.removeDeadRunDirectories();
        System.out.println("cleaned up after prefix " + prefix +
            (guests > 0 ? " and " + guests + " guest run(s)" : ""));
        return 0;
    }
}
