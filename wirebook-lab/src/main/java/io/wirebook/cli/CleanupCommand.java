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
        "Every run does this first by itself.",
        "Example: wirebook cleanup"})
public final class CleanupCommand implements Callable<Integer>
{
    @Option(names = "--prefix", defaultValue = "wb", description = "Namespace prefix. Default: ${DEFAULT-VALUE}")
    String prefix;

    @Override
    public Integer call()
    {
        LabNetwork.cleanupStale(prefix);
        final int guests = GuestVm.removeDeadRunDirectories();
        System.out.println("cleaned up after prefix " + prefix +
            (guests > 0 ? " and " + guests + " guest run(s)" : ""));
        return 0;
    }
}
