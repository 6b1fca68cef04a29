package io.wirebook.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tick-to-trade scenario's table: per row (path, or path over SoupBinTCP) in-host and wire-to-wire. */
final class TickToTradeTable
{
    static final String SCENARIO = "tick-to-trade";
    private static final List<String> COLUMNS = List.of("path", "transport", "In from", "In P50", "In P90", "In P99",
        "In P99.9", "In Max", "Sent P50", "W2W P50", "W2W P90", "W2W P99", "W2W P99.9", "W2W Max", "Orders", "Paired",
        "Lost");

    private TickToTradeTable()
    {
    }

    static Table of(final RunResult run)
    {
        final List<Table.Row> rows = new ArrayList<>();
        for (final PathResult path : run.paths())
        {
            if (!path.ok())
            {
                rows.add(Table.Row.note(path.path(), path.status() + ": " + path.reason()));
                continue;
            }
            final Map<?, ?> t = map(path.extra().get("tick_to_trade"));
            final List<String> cells = new ArrayList<>();
            cells.add(String.valueOf(path.extra().get("transport")));
            cells.add(String.valueOf(t.get("in_host_from")));
            cells.addAll(micros(map(t.get("in_host_ns"))));
            cells.add(micros(map(t.get("in_host_send_returned_ns"))).get(0));
            cells.addAll(micros(map(t.get("wire_to_wire_ns"))));
            cells.add(String.valueOf(t.get("orders")));
            cells.add(String.valueOf(t.get("paired")));
            cells.add(String.valueOf(t.get("lost")));
            rows.add(Table.Row.of(path.path(), cells));
        }
        return new Table("tick to trade (us): In = arrival stamp -> order handed to TX; Sent = -> TX send returned; "
            + "W2W = exchange send of the trigger -> order's kernel arrival stamp at the exchange", COLUMNS, rows,
            "In from: the path's arrival stamp, or the hand-over to the handler on a path without one (not "
            + "comparable); Orders: sent while the market was open; Paired: the gateway found the trigger's send "
            + "time; Lost: sent, never received");
    }

    private static List<String> micros(final Map<?, ?> p)
    {
        final List<String> cells = new ArrayList<>();
        for (final String key : List.of("p50", "p90", "p99", "p999", "max"))
        {
            final Object v = p.get(key);
            cells.add(v instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue() / 1e3) : "-");
        }
        return cells;
    }

    private static Map<?, ?> map(final Object value)
    {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }
}
