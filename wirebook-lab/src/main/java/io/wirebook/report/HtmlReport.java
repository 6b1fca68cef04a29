package io.wirebook.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A self-contained HTML report: the host, the tables (HTML tables that scroll sideways inside their box when wider
 * than the page), a percentile plot (latency against 1/(1-percentile), log-log, as HdrHistogram plots it) and a
 * latency histogram per path. Plain inline SVG, no scripts.
 */
public final class HtmlReport
{
    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};
    private static final int W = 760;
    private static final int H = 360;
    private static final int L = 70;
    private static final int B = 40;
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1100px;"
        + "padding:0 1em;color:#222}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.5em}"
        + ".host{color:#555;font-size:13px}"
        + "h3{font-size:13px;margin:1.5em 0 0.4em}h3 .what{font-weight:normal;color:#555}"
        + ".table{overflow-x:auto;margin:0 0 0.25em;border:1px solid #ddd}"
        + "table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums;min-width:100%}"
        + "th,td{padding:3px 8px;text-align:right;white-space:nowrap;border-top:1px solid #eee}"
        + "thead th{background:#f3f3f3}thead th:first-child,tbody th{text-align:left}tbody th{font-weight:600}"
        + "td.note{text-align:left;color:#666;white-space:normal}"
        + ".footnote{font-size:11px;color:#666;margin:0 0 1em}"
        + "svg{border:1px solid #ddd;margin:1em 0;max-width:100%;height:auto}";

    private HtmlReport()
    {
    }

    public static void write(final Path file, final RunResult run) throws IOException
    {
        Files.writeString(file, html(run));
    }

    /** The whole page. */
    public static String html(final RunResult run)
    {
        final StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>wirebook: ").append(esc(run.scenario())).append("</title><style>").append(STYLE)
            .append("</style></head><body>\n");
        html.append("<h1>wirebook — scenario ").append(esc(run.scenario())).append("</h1>\n");
        html.append("<p class=\"host\">").append(esc(hostLine(run.host()))).append("</p>\n");
        html.append("<p>").append(esc(ResultsTable.summary(run))).append("</p>\n");
        for (final Table table : ResultsTable.tables(run))
        {
            table(html, table);
        }
        for (final boolean arrival : new boolean[] {true, false})
        {
            final String metric = arrival ? "arrival stamp → book updated" : "send stamp → book updated";
            final List<Series> series = series(run, arrival);
            if (series.isEmpty())
            {
                continue;
            }
            html.append("<h2>Percentiles: ").append(metric).append("</h2>\n");
            html.append(percentilePlot(series));
            html.append("<h2>Histogram: ").append(metric).append("</h2>\n");
            html.append(histogramPlot(series));
        }
        html.append("<p>Raw figures: results.json; percentile files: &lt;path&gt;/*.hgrm.</p></body></html>\n");
        return html.toString();
    }

    /** The date, kernel, CPUs (count and model), hypervisor, Java and lab the run was measured on. */
    static String hostLine(final Map<String, Object> host)
    {
        final List<String> parts = new ArrayList<>();
        parts.add(String.valueOf(host.get("date")));
        parts.add("kernel " + host.get("kernel"));
        final Object model = host.get("cpu_model");
        parts.add(host.get("cpus") + " CPUs" + (model != null ? " (" + model + ")" : ""));
        if (host.containsKey("hypervisor"))
        {
            parts.add("hypervisor: " + host.get("hypervisor"));
        }
        if (host.containsKey("java"))
        {
            parts.add(String.valueOf(host.get("java")));
        }
        parts.add(String.valueOf(host.get("lab")));
        return String.join(" · ", parts);
    }

    /** A real table, in a wrapper that scrolls sideways when the table is wider than the page. */
    static void table(final StringBuilder html, final Table table)
    {
        final String title = table.title().replace("->", "→").replace("(us)", "(µs)");
        final int colon = title.indexOf(": ");
        // The title stays outside the scrolling box, so that it wraps on a narrow page.
        html.append("<h3>");
        if (colon < 0)
        {
            html.append(esc(title));
        }
        else
        {
            html.append(esc(title.substring(0, colon))).append(" <span class=\"what\">")
                .append(esc(title.substring(colon + 2))).append("</span>");
        }
        html.append("</h3>\n<div class=\"table\"><table>\n<thead><tr>");
        for (final String column : table.columns())
        {
            html.append("<th scope=\"col\">").append(esc(column)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (final Table.Row row : table.rows())
        {
            html.append("<tr><th scope=\"row\">").append(esc(row.name())).append("</th>");
            if (row.note() != null)
            {
                html.append("<td class=\"note\" colspan=\"").append(table.columns().size() - 1).append("\">")
                    .append(esc(row.note())).append("</td>");
            }
            else
            {
                for (final String cell : row.cells())
                {
                    html.append("<td>").append(esc(cell)).append("</td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></div>\n");
        if (!table.footnote().isEmpty())
        {
            html.append("<p class=\"footnote\">").append(esc(table.footnote().replace("->", "→"))).append("</p>\n");
        }
    }

    private record Series(String name, Histogram histogram, String colour)
    {
    }

    private static List<Series> series(final RunResult run, final boolean arrival)
    {
        final List<Series> list = new ArrayList<>();
        int i = 0;
        for (final PathResult path : run.paths())
        {
            if (!path.ok() || path.all() == null)
            {
                continue;
            }
            final Histogram h = arrival ? path.all().arrivalHistogram() : path.all().latencyHistogram();
            if (h != null && h.getTotalCount() > 0)
            {
                list.add(new Series(path.path(), h, COLOURS[i++ % COLOURS.length]));
            }
        }
        return list;
    }

    private static String percentilePlot(final List<Series> series)
    {
        long max = 1;
        for (final Series s : series)
        {
            max = Math.max(max, s.histogram().getMaxValue());
        }
        final double yMax = Math.log10(max / 1000.0 * 2);
        final double yMin = Math.log10(0.1);
        final double xMax = 5; // up to 99.999%
        final StringBuilder svg = svgStart();
        axes(svg, yMin, yMax);
        final String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        for (int d = 0; d <= xMax; d++)
        {
            final double x = L + d / xMax * (W - L - 20);
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                x, H - B + 15, labels[d]));
        }
        for (final Series s : series)
        {
            final StringBuilder points = new StringBuilder();
            for (double x = 0; x <= xMax; x += 0.05)
            {
                final double percentile = 100.0 * (1 - Math.pow(10, -x));
                final double value = Math.max(s.histogram().getValueAtPercentile(percentile) / 1000.0, 0.1);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", L + x / xMax * (W - L - 20),
                    y(Math.log10(value), yMin, yMax)));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.colour())
                .append("\" points=\"").append(points).append("\"/>");
        }
        legend(svg, series);
        return svg.append("</svg>\n").toString();
    }

    private static String histogramPlot(final List<Series> series)
    {
        long max = 1;
        for (final Series s : series)
        {
            max = Math.max(max, s.histogram().getValueAtPercentile(99.99));
        }
        final double xMin = Math.log10(0.1);
        final double xMax = Math.log10(max / 1000.0 * 2);
        final StringBuilder svg = svgStart();
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, H - B,
            W - 20, H - B));
        for (int e = (int)Math.ceil(xMin); e <= xMax; e++)
        {
            final double x = L + (e - xMin) / (xMax - xMin) * (W - L - 20);
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s µs</text>",
                x, H - B + 15, e < 0 ? "0.1" : String.valueOf((long)Math.pow(10, e))));
        }
        for (final Series s : series)
        {
            final int bins = 60;
            final double[] share = new double[bins];
            for (final HistogramIterationValue v : s.histogram().recordedValues())
            {
                final double us = Math.max(v.getValueIteratedTo() / 1000.0, 0.1);
                final int bin = (int)Math.min(bins - 1, Math.max(0, (Math.log10(us) - xMin) / (xMax - xMin) * bins));
                share[bin] += v.getCountAtValueIteratedTo();
            }
            double peak = 0;
            for (final double v : share)
            {
                peak = Math.max(peak, v);
            }
            final StringBuilder points = new StringBuilder();
            for (int b = 0; b < bins; b++)
            {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", L + (b + 0.5) / bins * (W - L - 20),
                    H - B - share[b] / peak * (H - B - 20)));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.colour())
                .append("\" points=\"").append(points).append("\"/>");
        }
        legend(svg, series);
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder svgStart()
    {
        return new StringBuilder(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, H, W, H));
    }

    private static void axes(final StringBuilder svg, final double yMin, final double yMax)
    {
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, L, H - B));
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, H - B,
            W - 20, H - B));
        for (int e = (int)Math.ceil(yMin); e <= yMax; e++)
        {
            final double y = y(e, yMin, yMax);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"%.0f\" stroke=\"#eee\"/>", L, y,
                W - 20, y));
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">%s µs</text>",
                L - 5, y + 4, e < 0 ? "0.1" : String.valueOf((long)Math.pow(10, e))));
        }
    }

    private static double y(final double logValue, final double yMin, final double yMax)
    {
        return H - B - (logValue - yMin) / (yMax - yMin) * (H - B - 20);
    }

    private static void legend(final StringBuilder svg, final List<Series> series)
    {
        int row = 0;
        for (final Series s : series)
        {
            svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>" +
                    "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>",
                L + 15, 20 + row * 16, s.colour(), L + 32, 25 + row * 16, esc(s.name())));
            row++;
        }
    }

    private static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
