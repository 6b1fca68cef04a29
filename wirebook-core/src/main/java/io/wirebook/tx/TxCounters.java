package io.wirebook.tx;

import io.wirebook.counters.HandlerCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What every {@link TxPath} counts, in the handler's counters ({@code path.tx.*}), made when the path opens and
 * written by the poll thread: datagrams handed to the kernel or NIC ({@code tx.sent}), those whose transmission
 * completed ({@code tx.completed}, raw-frame rings only), replies that reused the received frame
 * ({@code tx.in_place}), and refusals: ring or queue full ({@code tx.ring_full}), too long ({@code tx.too_long}),
 * no next-hop MAC ({@code tx.no_mac}), and send calls the kernel failed ({@code tx.errors}).
 */
public final class TxCounters
{
    public final AtomicCounter sent;
    public final AtomicCounter completed;
    public final AtomicCounter inPlace;
    public final AtomicCounter ringFull;
    public final AtomicCounter tooLong;
    public final AtomicCounter noMac;
    public final AtomicCounter errors;

    public TxCounters(final HandlerCounters counters)
    {
        sent = counters.path("tx.sent");
        completed = counters.path("tx.completed");
        inPlace = counters.path("tx.in_place");
        ringFull = counters.path("tx.ring_full");
        tooLong = counters.path("tx.too_long");
        noMac = counters.path("tx.no_mac");
        errors = counters.path("tx.errors");
    }
}
