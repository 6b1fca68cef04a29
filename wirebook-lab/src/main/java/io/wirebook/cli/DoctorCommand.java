package io.wirebook.cli;

import java.util.BitSet;
import java.util.concurrent.Callable;

import io.wirebook.doctor.Doctor;
import io.wirebook.doctor.DoctorReport;
import io.wirebook.doctor.NicInfo;
import io.wirebook.doctor.NicProbe;
import io.wirebook.lab.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Checks this host for low-latency receive and says what to fix:",
        "the poll CPU's isolation, tick, governor and idle states; hugepages, THP,",
        "locked memory; the interface's XDP support, RX queues and IRQs; busy",
        "polling, io_uring, capabilities, the clocksource; VM, nested, shared.",
        "One line per check: STATUS name found — fix. FAIL: a receive path cannot",
        "run here (exit status 1); WARN: it runs, slower or noisier; SKIP: the",
        "check could not look, and says why. Without --interface it checks the",
        "lab's wbh-a (netns wb-host) when the lab is up.",
        "Example: wirebook doctor --cpu 3 --interface eth1 --json"})
public final class DoctorCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--cpu", defaultValue = "" + BenchRunner.RECEIVER_CPU,
        description = "The poll thread's CPU. Default: ${DEFAULT-VALUE}")
    int cpu;

    @Option(names = "--interface", description = "The receiving interface. Default: the lab's wbh-a, if up.")
    String iface;

    @Option(names = "--netns", description = "The interface's network namespace. Default: this process's.")
    String netns;

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    @Override
    public Integer call()
    {
        final Doctor doctor = Doctor.forThisHost();
        final BitSet online = doctor.onlineCpus();
        if (cpu < 0 || (!online.isEmpty() && !online.get(cpu)))
        {
            throw new ParameterException(spec.commandLine(), "--cpu: no CPU " + cpu + " online here; use one of " +
                online.stream().mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElse("0"));
        }
        final NicInfo nic;
        if (iface == null)
        {
            if (netns != null)
            {
                throw new ParameterException(spec.commandLine(), "--netns needs --interface: name the interface");
            }
            nic = doctor.labInterface();
        }
        else
        {
            final NicProbe probe = doctor.nicProbe();
            if (netns != null && !probe.namespaceExists(netns))
            {
                throw new ParameterException(spec.commandLine(), "--netns: no network namespace '" + netns +
                    "'; list them with: ip netns list");
            }
            nic = probe.probe(netns, iface);
            if (nic == null)
            {
                throw new ParameterException(spec.commandLine(), "--interface: no interface '" + iface + "'" +
                    (netns == null ? "" : " in netns " + netns) + "; list them with: ip " +
                    (netns == null ? "" : "-n " + netns + " ") + "link");
            }
        }
        final DoctorReport report = doctor.examine(cpu, nic);
        System.out.print(json ? report.json() : report.text());
        System.out.flush();
        return report.failed() ? 1 : 0;
    }
}
