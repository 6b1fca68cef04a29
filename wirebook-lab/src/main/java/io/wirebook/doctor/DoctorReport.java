package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wirebook.report.Json;

/**
 * The doctor's checks, as a table (one line each: STATUS, name, what was found, and the fix) or as JSON:
 * {@code {"poll_cpu", "interface", "checks": [{name, status, found, fix}], "summary": {ok, warn, fail, skip}}}.
 *
 * @param pollCpu   the CPU checked as the poll CPU.
 * @param iface     the interface checked ("wbh-a in netns wb-host"), or null.
 * @param checks    in the order they ran.
 */
public record DoctorReport(int pollCpu, String iface, List<Check> checks)
{
    public DoctorReport
    {
        checks = List.copyOf(checks);
    }

    /** Whether some check failed: then a receive path cannot run here, and the command exits 1. */
    public boolean failed()
    {
        return count(Status.FAIL) > 0;
    }

    public int count(final Status status)
    {
        int n = 0;
        for (final Check check : checks)
        {
            if (check.status() == status)
            {
                n++;
            }
        }
        return n;
    }

    public String text()
    {
        int width = 0;
        for (final Check check : checks)
        {
            width = Math.max(width, check.name().length());
        }
        final StringBuilder out = new StringBuilder();
        for (final Check check : checks)
        {
            out.append(String.format(Locale.ROOT, "%-4s  %-" + width + "s  %s", check.status().name(), check.name(),
                check.found()));
            if (!check.fix().isEmpty())
            {
                out.append(" — fix: ").append(check.fix());
            }
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "%d checks (poll CPU %d, interface %s): %d ok, %d warn, %d fail, " +
            "%d skip%n", checks.size(), pollCpu, iface == null ? "none" : iface, count(Status.OK),
            count(Status.WARN), count(Status.FAIL), count(Status.SKIP)));
        return out.toString();
    }

    public String json()
    {
        final List<Object> list = new ArrayList<>();
        for (final Check check : checks)
        {
            final Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", check.name());
            c.put("status", check.status().label());
            c.put("found", check.found());
            c.put("fix", check.fix());
            list.add(c);
        }
        final Map<String, Object> summary = new LinkedHashMap<>();
        for (final Status status : Status.values())
        {
            summary.put(status.label(), count(status));
        }
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("poll_cpu", pollCpu);
        root.put("interface", iface);
        root.put("checks", list);
        root.put("summary", summary);
        root.put("failed", failed());
        return Json.write(root);
    }
}
