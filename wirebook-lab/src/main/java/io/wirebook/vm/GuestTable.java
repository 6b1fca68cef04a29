package io.wirebook.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.wirebook.report.PathResult;
import io.wirebook.report.RunResult;
import io.wirebook.report.Table;

/** The table of a guest run: what it claims (books, drops, driver, PMD), beside the guest it ran on. */
public final class GuestTable
{
    private GuestTable()
    {
    }

    public static Table of(final RunResult result)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult r : result.paths())
        {
            if (!r.ok())
            {
                rows.add(Table.Row.note(r.path(), r.status() + ": " + r.reason()));
                continue;
            }
            rows.add(Table.Row.of(r.path(), List.of(
                String.format(Locale.ROOT, "%,d", r.all().messages()),
                Long.toString(r.all().drops()),
                String.valueOf(r.extra().get("books_match_simulator")),
                orDash(r.extra().get("driver")) + (r.extra().get("ring_driver") != null ?
                    " + " + r.extra().get("ring_driver") : ""),
                orDash(r.extra().get("pmd")),
                r.all().arrivalLatency() == null ? "-" : micros(r.all().arrivalLatency().p50()),
                r.all().arrivalLatency() == null ? "-" : micros(r.all().arrivalLatency().p99()))));
        }
        return new Table("In the guest (" + GuestKernel.standardVersion() + ", e1000 NIC, qemu TCG)",
            List.of("path", "messages", "drops", "books", "driver", "pmd", "rx P50 us", "rx P99 us"), rows,
            "books: the receiver's books equal the simulator's; driver: the NIC's kernel driver during the run " +
            "(+ the ring module that takes its frames); pmd: rte_eth_dev_info.driver_name; rx: the guest kernel's " +
            "RX stamp to the book, under emulation");
    }

    private static String micros(final double nanos)
    {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e3);
    }

    public static String render(final RunResult result)
    {
        return of(result).text();
    }

    private static String orDash(final Object value)
    {
        return value == null ? "-" : String.valueOf(value);
    }
}
