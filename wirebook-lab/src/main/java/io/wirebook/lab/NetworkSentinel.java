package io.wirebook.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A detached watcher that removes a lab network when the JVM that built it dies without removing it itself (the
 * SIGKILL case, where no shutdown hook runs).
 * <p>
 * The watcher is {@code setsid sh -c ...} in its own session, so Ctrl-C on the terminal does not reach it. It
 * blocks in {@code read} on a pipe whose write end only this JVM holds: when the JVM exits for any reason the kernel
 * closes that end and the read returns end-of-file, which is the signal to clean up. A normal {@link #release()}
 * writes "released" first, and the watcher exits without touching anything. This costs no CPU while the lab runs
 * (a kill -0 poll would fork a sleep five times a second on the benchmark host) and cannot be fooled by a reused
 * pid or a zombie. Java starts children with only fds 0-2, so no tool the lab spawns inherits the pipe.
 */
final class NetworkSentinel
{
    /**
     * $1 = ip, $2 and $3 = the namespaces, $4 = pid of the JVM whose DPDK files (file-prefix wirebook-PID) and
     * counters files (/dev/shm/wirebook-PID-N.counters) and guest run directories (/tmp/wirebook-PID-vm-*) go too
     * (those of any process that is gone go as well), then
     * the names of the veths, for any left in this namespace.
     */
    private static final String SCRIPT = """
        trap '' HUP INT
        ip=$1; exch=$2; host=$3; jvm=$4; shift 4
        if IFS= read -r line && [ "$line" = released ]; then exit 0; fi
        killed=""
        for ns in "$exch" "$host"; do
          if [ -e "/var/run/netns/$ns" ]; then
            for pid in $("$ip" netns pids "$ns" 2>/dev/null); do
              [ "$pid" = "$$" ] || { kill -9 "$pid" 2>/dev/null; killed="$killed $pid"; }
            done
            "$ip" netns del "$ns" 2>/dev/null
          fi
        done
        # A killed process lives on until reaped; its DPDK files and counters file below go only once it is gone.
        for pid in $killed; do
          i=0
          while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
        done
        for n in "$@"; do
          if [ -e "/sys/class/net/$n" ]; then "$ip" link del "$n" 2>/dev/null; fi
        done
        for f in /dev/hugepages/wirebook-* /var/run/dpdk/wirebook-* /dev/shm/wirebook-*.counters \
                 /tmp/wirebook-*-vm-*; do
          [ -e "$f" ] || continue
          n=${f##*/wirebook-}; n=${n%%[!0-9]*}
          [ -n "$n" ] || continue
          if [ "$n" = "$jvm" ] || ! kill -0 "$n" 2>/dev/null; then rm -rf -- "$f"; fi
        done
        exit 0
        """;

    private final Process process;

    private NetworkSentinel(final Process process)
    {
        this.process = process;
    }

    static NetworkSentinel start(final String ip, final LabHost exchange, final LabHost tradingHost)
    {
        final List<String> command = new ArrayList<>();
        final String setsid = SystemCommand.find("setsid");
        if (setsid != null)
        {
            command.add(setsid);
        }
        command.addAll(List.of("/bin/sh", "-c", SCRIPT, "wirebook-sentinel", ip, exchange.namespace(),
            tradingHost.namespace(), Long.toString(ProcessHandle.current().pid())));
        for (final LabLink link : LabLink.ALL)
        {
            command.add(exchange.end(link).interfaceName());
            command.add(tradingHost.end(link).interfaceName());
        }
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            return new NetworkSentinel(process);
        }
        catch (final IOException ex)
        {
            throw new LabNetworkException(
                "cannot start the lab network's cleanup watcher (/bin/sh): " + ex.getMessage(), ex);
        }
    }

    /** Tells the watcher the network is gone and it may exit without doing anything. Idempotent. */
    void release()
    {
        try (OutputStream out = process.getOutputStream())
        {
            out.write("released\n".getBytes(StandardCharsets.US_ASCII));
        }
        catch (final IOException ignore)
        {
            // The watcher is already gone (someone killed it); nothing is left for it to do.
        }
    }

    long pid()
    {
        return process.pid();
    }
}
