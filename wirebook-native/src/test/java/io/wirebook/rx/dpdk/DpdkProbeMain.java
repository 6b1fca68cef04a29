package io.wirebook.rx.dpdk;

import java.lang.management.ManagementFactory;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.ThreadMXBean;
import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.Flow;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.PathCounterValues;

/**
 * Run in a child JVM inside the receiving namespace: opens the dpdk path, prints "READY", polls until
 * {@code count} intact test datagrams arrived on channel 0 or the timeout passed, then prints one result line
 * and the counters, closes, and exits (0 ok, 3 path unavailable).
 *
 * <p>Arguments: interface address(dotted) count timeoutMillis [key=value options...]. With the option
 * {@code probe.line-b=INTERFACE,ADDRESS} it receives on two lines: channel 0 on line A (239.1.1.1, only from
 * 198.18.0.1) and on line B (239.1.2.1 on INTERFACE, only from 198.18.1.1), and waits for {@code count} on each.
 */
public final class DpdkProbeMain
{
    private DpdkProbeMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String iface = args[0];
        final int address = Channel.parseIpv4(args[1]);
        final int count = Integer.parseInt(args[2]);
        final long timeoutNanos = Long.parseLong(args[3]) * 1_000_000L;
        final Map<String, String> options = new HashMap<>();
        for (int i = 4; i < args.length; i++)
        {
            final int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        final List<Channel> channels = List.of(Channel.of("239.1.1.1", 12345), Channel.of("239.1.1.2", 12345));
        final String lineB = options.remove("probe.line-b");
        final RxConfig config = lineB == null ? new RxConfig(channels, iface, address, -1, options)
            : new RxConfig(twoLines(iface, address, lineB), -1, options);
        final BitSet seen = new BitSet(count);
        final BitSet seenB = new BitSet(count);
        final long[] figures = new long[4]; // intact, corrupt, other channel, bytes
        try (DpdkRxPath path = new DpdkRxPath())
        {
            try
            {
                path.open(config);
            }
            catch (final RxUnavailableException ex)
            {
                System.out.println("UNAVAILABLE " + ex.getMessage());
                System.exit(3);
            }
            System.out.println("READY");
            System.out.flush();
            final ThreadMXBean threads =
                (ThreadMXBean)ManagementFactory.getThreadMXBean();
            final DatagramHandler handler = (channel, buffer, offset, length, arrival) ->
                {
                    if (channel == 2)
                    {
                        final long sequence = TestDatagrams.check(buffer, offset, length);
                        if (sequence >= 0 && sequence < count)
                        {
                            seenB.set((int)sequence);
                        }
                        return;
                    }
                    if (channel != 0)
                    {
                        figures[2]++;
                        return;
                    }
                    final long sequence = TestDatagrams.check(buffer, offset, length);
                    if (sequence < 0 || sequence >= count)
                    {
                        figures[1]++;
                        return;
                    }
                    figures[0]++;
                    figures[3] += length;
                    seen.set((int)sequence);
                };
            final long deadline = System.nanoTime() + timeoutNanos;
            final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long polls = 0;
            final int expectedB = lineB == null ? 0 : count;
            while ((seen.cardinality() < count || seenB.cardinality() < expectedB) && System.nanoTime() < deadline)
            {
                path.poll(handler);
                polls++;
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            System.out.println("RESULT intact=" + figures[0] + " distinct=" + seen.cardinality() + " corrupt="
                + figures[1] + " otherChannel=" + figures[2] + " bytes=" + figures[3]
                + (lineB == null ? "" : " lineB=" + seenB.cardinality()));
            System.out.println("ALLOCATION bytes=" + allocated + " polls=" + polls);
            System.out.println("COUNTERS " + PathCounterValues.refreshed(path, config));
        }
        System.out.println("CLOSED");
        System.out.flush();
    }

    /** Flow 0: line A from 198.18.0.1; flow 1: the other channel from anyone; flow 2: line B from 198.18.1.1. */
    private static List<Flow> twoLines(final String iface, final int address, final String lineB)
    {
        final String[] b = lineB.split(",");
        return List.of(
            new Flow(0, Flow.LINE_A, Channel.of("239.1.1.1", 12345), Channel.parseIpv4("198.18.0.1"), Flow.ANY_PORT,
                iface, address),
            Flow.lineA(1, Channel.of("239.1.1.2", 12345), iface, address),
            new Flow(0, Flow.LINE_B, Channel.of("239.1.2.1", 12345), Channel.parseIpv4("198.18.1.1"), Flow.ANY_PORT,
                b[0], Channel.parseIpv4(b[1])));
    }
}
