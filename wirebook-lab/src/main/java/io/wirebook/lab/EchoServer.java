package io.wirebook.lab;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.wirebook.counters.HandlerCounters;
import io.wirebook.rx.Channel;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxPath;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.RxPaths;
import io.wirebook.sockperf.SockperfEcho;
import io.wirebook.sys.Libc;
import io.wirebook.tx.TxPath;
import io.wirebook.util.ExitHook;

/**
 * {@code wirebook echo}: a sockperf server on one wirebook path ({@link SockperfEcho}), so that the real sockperf
 * client measures the path's own RX and TX. It receives on the interface's own address and the port, by unicast,
 * through the path (on af-xdp the XDP program redirects that flow to the XDP socket as it does the feed's), and
 * answers through the path's {@link TxPath}: poll, then flush, on one thread pinned to the CPU asked for.
 *
 * <p>It speaks to whoever started it through stdout: {@code READY <path> <address>:<port>} once the path is open,
 * {@code SKIPPED <reason>} when this host cannot run the path (or it cannot transmit), and, when it stops (after the
 * duration, or on SIGTERM or Ctrl-C), one {@code ECHO} line of its counts and one {@code COUNTERS} line of the
 * path's.
 */
public final class EchoServer
{
    /** sockperf's own default port. */
    public static final int DEFAULT_PORT = 11111;
    /** The lab trading host's line A: where {@code ip netns exec wb-host wirebook echo} receives by default. */
    public static final String DEFAULT_INTERFACE =
        LabHost.tradingHost(LabNetwork.DEFAULT_PREFIX).lineA().interfaceName();
    public static final String DEFAULT_ADDRESS = LabHost.tradingHost(LabNetwork.DEFAULT_PREFIX).lineA().address();
    private static final long STOP_WAIT_SECONDS = 5;
    private static final int IDLE_POLLS_PER_CLOCK_READ = 1024;

    /** What to run: path and its options, where, for how long (0: until stopped), on which CPU (-1: any). */
    public record Settings(String path, String interfaceName, String address, int port, double durationS, int cpu,
        Map<String, String> options)
    {
    }

    private final Settings settings;
    private final PrintStream control;
    private volatile boolean stopping;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public EchoServer(final Settings settings, final PrintStream control)
    {
        this.settings = settings;
        this.control = control;
    }

    /** @return the exit code: 0 after a run or a skip, 1 when the path failed. */
    public int run()
    {
        if (settings.cpu() >= 0)
        {
            Libc.pinCurrentThread(settings.cpu());
        }
        final HandlerCounters counters = HandlerCounters.inMemory();
        final int address = Channel.parseIpv4(settings.address());
        final Flow flow = Flow.lineA(0, new Channel(address, settings.port()), settings.interfaceName(), address);
        final RxPath path = RxPaths.create(settings.path());
        final TxPath tx;
        try
        {
            path.open(new RxConfig(List.of(flow), settings.cpu(), settings.options(), counters, null));
            tx = path.transmitter();
        }
        catch (final RxUnavailableException | UnsupportedOperationException ex)
        {
            path.close();
            control.println("SKIPPED " + Receiver.oneLine(ex.getMessage()));
            control.flush();
            return 0;
        }
        final SockperfEcho echo = new SockperfEcho(tx, counters);
        final ExitHook hook = ExitHook.register("wirebook-echo-stop", this::stopAndWait);
        control.println("READY " + path.name() + " " + settings.address() + ":" + settings.port());
        control.flush();
        try
        {
            serve(path, tx, echo);
        }
        finally
        {
            path.refreshCounters();
            path.close();
            control.printf("ECHO path=%s requests=%d replies=%d reply_refused=%d warmup=%d malformed=%d%n",
                path.name(), echo.requests(), echo.replies(), echo.replyRefused(), echo.warmups(), echo.malformed());
            control.println("COUNTERS " + counters.values());
            control.flush();
            hook.close();
            stopped.countDown();
        }
        return 0;
    }

    private void serve(final RxPath path, final TxPath tx, final SockperfEcho echo)
    {
        final long deadline = settings.durationS() > 0 ?
            System.nanoTime() + (long)(settings.durationS() * 1e9) : Long.MAX_VALUE;
        final boolean spins = path.spins();
        int idle = 0;
        while (!stopping)
        {
            final int work = path.poll(echo);
            tx.flush();
            // A spinning loop reads the clock once in 1024 empty polls, a blocking one (100 ms a poll at most) after
            // each: a busy loop answers first.
            if (work == 0 && (!spins || ++idle == IDLE_POLLS_PER_CLOCK_READ))
            {
                idle = 0;
                if (System.nanoTime() > deadline)
                {
                    break;
                }
            }
        }
    }

    /** Asks the poll loop to stop; {@link #run} then closes the path, reports and returns. */
    public void stop()
    {
        stopping = true;
    }

    /** SIGTERM or Ctrl-C: the loop stops, closes the path and reports before the JVM goes. */
    private void stopAndWait()
    {
        stopping = true;
        try
        {
            stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
