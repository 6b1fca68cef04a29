package io.wirebook.rx.dpdk;

import java.util.HashMap;
import java.util.Map;

import io.wirebook.rx.RxConfig;
import io.wirebook.rx.RxUnavailableException;
import io.wirebook.rx.paths.PathCounterValues;
import io.wirebook.rx.paths.TxExercise;
import io.wirebook.testnet.TestNetwork;

/**
 * Run in a child JVM inside the host namespace of a {@link TestNetwork}: opens the dpdk path on the unicast flow of
 * {@link TxExercise}, prints "READY", answers the parent's ping-pong client through the path's TX while
 * {@link TxExercise#measure} counts this thread's allocations, then prints {@code RESULT allocated=N answered=N},
 * the counters, closes, and exits (0 ok, 3 path unavailable).
 *
 * <p>Arguments: interface polls [key=value options...].
 */
public final class DpdkTxProbeMain
{
    private DpdkTxProbeMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String iface = args[0];
        final int polls = Integer.parseInt(args[1]);
        final Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i++)
        {
            final int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        final RxConfig config = TxExercise.config(iface, options);
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
                return;
            }
            System.out.println("READY");
            final long[] measured = TxExercise.measure(path, polls);
            System.out.println("RESULT allocated=" + measured[0] + " answered=" + measured[1]);
            System.out.println("COUNTERS " + PathCounterValues.refreshed(path, config));
        }
        System.out.println("CLOSED");
    }
}
