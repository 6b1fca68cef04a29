package io.wirebook.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.wirebook.lab.Receiver;
import io.wirebook.rx.Channel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "receive", mixinStandardHelpOptions = true,
    description = {
        "The trading host's side of a lab run (the bench command starts it in the host namespace): opens one path,",
        "builds the books until every channel's MoldUDP64 session ends, and writes DIR/receiver.properties.",
        "Prints READY when the path is open, or SKIPPED <reason> when this host cannot run it.",
        "Example: ip netns exec wb-host wirebook receive --path socket --channel 239.1.1.1:12345 --interface wbh-a --address 198.18.0.2 --out /tmp/r"})
public final class ReceiveCommand implements Callable<Integer>
{
    @Option(names = "--path", required = true, description = "socket, socket-spin, recvmmsg, io-uring, af-xdp or dpdk.")
    String path;

    @Option(names = "--channel", required = true, description = "GROUP:PORT (repeatable, in channel order).")
    List<String> channels;

    @Option(names = "--interface", required = true, description = "Interface the feed arrives on.")
    String interfaceName;

    @Option(names = "--address", required = true, description = "That interface's IPv4 address.")
    String address;

    @Option(names = "--cpu", defaultValue = "-1", description = "CPU to pin the poll thread to (-1: not pinned).")
    int cpu;

    @Option(names = "--out", required = true, description = "Directory for receiver.properties.")
    Path out;

    @Option(names = "--max-seconds", defaultValue = "120", description = "Give up after this long.")
    double maxSeconds;

    @Option(names = "--max-stock-locate", defaultValue = "65535", description = "Highest Stock Locate accepted.")
    int maxStockLocate;

    @Option(names = "--idle", defaultValue = "default",
        description = "What the poll loop does when a poll found nothing: spin, yield, backoff, or default (spin on spinning paths). Default: ${DEFAULT-VALUE}")
    String idle;

    @Option(names = "--option", description = "Path option KEY=VALUE (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception
    {
        final List<Channel> list = channels.stream().map(Channel::parse).toList();
        return new Receiver(new Receiver.Settings(path, list, interfaceName, address, cpu, options, out, maxSeconds,
            maxStockLocate, IdleStrategies.parse(idle)), System.out).run();
    }
}
