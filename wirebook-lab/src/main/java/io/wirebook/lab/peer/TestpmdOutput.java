package io.wirebook.lab.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code dpdk-testpmd --forward-mode=rxonly --stats-period=1} prints: a port statistics block each
 * second (cumulative NIC counters, then "Rx-pps" over the last second) and, after SIGINT, the accumulated forward
 * statistics. Fed line by line; ANSI clear-screen sequences are ignored.
 */
final class TestpmdOutput
{
    private static final Pattern RX_PPS = Pattern.compile("Rx-pps:\\s+(\\d+)");
    private static final Pattern NIC_RX =
        Pattern.compile("RX-packets:\\s+(\\d+)\\s+RX-missed:\\s+(\\d+)\\s+RX-bytes:\\s+(\\d+)");
    private static final Pattern RX_ERRORS = Pattern.compile("RX-errors:\\s+(\\d+)");
    private static final Pattern RX_NOMBUF = Pattern.compile("RX-nombuf:\\s+(\\d+)");
    private static final Pattern FORWARD_RX =
        Pattern.compile("RX-packets:\\s+(\\d+)\\s+RX-dropped:\\s+(\\d+)\\s+RX-total:\\s+(\\d+)");

    private final List<Long> ppsSamples = new ArrayList<>();
    private long nicRxPackets = -1;
    private long nicRxMissed;
    private long nicRxBytes;
    private long rxErrors;
    private long rxNombuf;
    private long forwardRxPackets = -1;
    private long forwardRxDropped;
    private boolean inAccumulated;

    void onLine(final String line)
    {
        Matcher m = RX_PPS.matcher(line);
        if (m.find())
        {
            ppsSamples.add(Long.parseLong(m.group(1)));
            return;
        }
        if (line.contains("Accumulated forward statistics"))
        {
            inAccumulated = true;
            return;
        }
        m = FORWARD_RX.matcher(line);
        if (m.find())
        {
            // Per-port blocks come first; the accumulated block, when there, has the last word.
            if (inAccumulated || forwardRxPackets < 0)
            {
                forwardRxPackets = Long.parseLong(m.group(1));
                forwardRxDropped = Long.parseLong(m.group(2));
            }
            return;
        }
        m = NIC_RX.matcher(line);
        if (m.find())
        {
            nicRxPackets = Long.parseLong(m.group(1));
            nicRxMissed = Long.parseLong(m.group(2));
            nicRxBytes = Long.parseLong(m.group(3));
            return;
        }
        m = RX_ERRORS.matcher(line);
        if (m.find())
        {
            rxErrors = Long.parseLong(m.group(1));
            return;
        }
        m = RX_NOMBUF.matcher(line);
        if (m.find())
        {
            rxNombuf = Long.parseLong(m.group(1));
        }
    }

    int samples()
    {
        return ppsSamples.size();
    }

    /**
     * The figures. {@code testpmd_rx_pps} is the median of the one-second samples that saw traffic: the first
     * and last of those cover only part of a second, and idle seconds say nothing about the rate.
     */
    Map<String, Long> figures()
    {
        final List<Long> busy = ppsSamples.stream().filter(pps -> pps > 0).sorted().toList();
        final Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("testpmd_rx_pps", busy.isEmpty() ? 0L : busy.get(busy.size() / 2));
        figures.put("testpmd_rx_pps_max", busy.isEmpty() ? 0L : busy.get(busy.size() - 1));
        figures.put("testpmd_busy_seconds", (long)busy.size());
        figures.put("rx_packets", forwardRxPackets >= 0 ? forwardRxPackets : Math.max(nicRxPackets, 0));
        figures.put("rx_dropped", forwardRxDropped);
        figures.put("rx_missed", nicRxMissed);
        figures.put("rx_bytes", nicRxBytes);
        figures.put("rx_errors", rxErrors);
        figures.put("rx_nombuf", rxNombuf);
        return figures;
    }
}
