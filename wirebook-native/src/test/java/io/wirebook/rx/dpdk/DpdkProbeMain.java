package io.wirebook.rx.dpdk;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wirebook.rx.Channel;
import io.wirebook.rx.DatagramHandler;
import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;

/**
 * Run in a child JVM inside the receiving namespace: opens the dpdk path, prints "READY", polls until
 * {@code count} intact test datagrams arrived on channel 0 or the timeout passed, then prints one result line
 * and the counters, closes, and exits (0 ok, 3 path unavailable).
 *
 * <p>Arguments: interface address(dotted) count timeoutMillis [key=value options...]
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
        final RxConfig config = new RxConfig(channels, iface, address, -1, options);
        final BitSet seen = new BitSet(count);
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
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
            final DatagramHandler handler = (channel, buffer, offset, length, arrival) ->
                {
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
            while (seen.cardinality() < count && System.nanoTime() < deadline)
            {
                path.poll(handler);
                polls++;
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            System.out.println("RESULT intact=" + figures[0] + " distinct=" + seen.cardinality() + " corrupt="
                + figures[1] + " otherChannel=" + figures[2] + " bytes=" + figures[3]);
            System.out.println("ALLOCATION bytes=" + allocated + " polls=" + polls);
            System.out.println("COUNTERS " + path.counters());
        }
        System.out.println("CLOSED");
        System.out.flush();
    }
}
