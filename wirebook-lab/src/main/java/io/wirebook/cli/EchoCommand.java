package io.wirebook.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.wirebook.lab.EchoServer;
import io.wirebook.rx.Channel;
import io.wirebook.rx.paths.RxPathOptions;
import io.wirebook.rx.paths.RxPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "echo", mixinStandardHelpOptions = true,
    description = {
        "A sockperf server on one wirebook path: it receives on the path and answers through the path's own TX,",
        "so the real sockperf client (ping-pong, under-load) measures wirebook's RX and TX. Prints READY when",
        "the path is open, SKIPPED <reason> when this host cannot run it, and its counts when it stops.",
        "Example: ip netns exec wb-host wirebook echo --path af-xdp --duration 10",
        "   then: ip netns exec wb-exch sockperf ping-pong -i 198.18.0.2 -p 11111 -t 5"},
    footer = {"%nPath options (--option KEY=VALUE), by the paths that read them; a path ignores the others':",
        "${sys:wirebook.path.help}"})
public final class EchoCommand implements Callable<Integer>
{
    static
    {
        System.setProperty("wirebook.path.help", RxPathOptions.help().stripTrailing());
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--path", required = true, description = "socket, socket-spin, recvmmsg, io-uring, af-xdp or dpdk.")
    String path;

    @Option(names = "--port", defaultValue = "" + EchoServer.DEFAULT_PORT,
        description = "UDP port to answer on. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--duration", defaultValue = "0",
        description = "Seconds to serve; 0 serves until SIGTERM or Ctrl-C. Default: ${DEFAULT-VALUE}")
    double durationS;

    @Option(names = "--interface",
        description = "Interface the requests arrive on. Default: ${DEFAULT-VALUE} (the lab's trading host)")
    String interfaceName = EchoServer.DEFAULT_INTERFACE;

    @Option(names = "--address",
        description = "That interface's IPv4 address, which the client sends to. Default: ${DEFAULT-VALUE}")
    String address = EchoServer.DEFAULT_ADDRESS;

    @Option(names = "--cpu", defaultValue = "-1", description = "CPU to pin the poll thread to (-1: not pinned).")
    int cpu;

    @Option(names = "--option", description = "Path option KEY=VALUE (repeatable; listed below).")
    Map<String, String> options = new LinkedHashMap<>();

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call()
    {
        if (!RxPaths.NAMES.contains(path))
        {
            throw new ParameterException(spec.commandLine(), "--path: unknown path '" + path + "'; use one of "
                + String.join(", ", RxPaths.NAMES));
        }
        if (port <= 0 || port > 65535)
        {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " is not a UDP port; use 1-65535");
        }
        if (durationS < 0)
        {
            throw new ParameterException(spec.commandLine(), "--duration: use 0 (until stopped) or more seconds");
        }
        try
        {
            Channel.parseIpv4(address);
            RxPathOptions.check(options);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
        return new EchoServer(new EchoServer.Settings(path, interfaceName, address, port, durationS, cpu, options),
            System.out).run();
    }
}
