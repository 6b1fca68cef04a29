package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.List;

/** How the poll CPU is clocked and how deep it sleeps: the frequency governor and the idle states. */
final class CpuPowerChecks
{
    /** C1 and shallower exit within this; deeper states (C1E, C6) take 10 to 200 µs to wake a blocked thread. */
    static final int MAX_EXIT_LATENCY_US = 2;

    private final HostFacts host;
    private final int cpu;
    private final String cpuDir;

    CpuPowerChecks(final HostFacts host)
    {
        this.host = host;
        this.cpu = host.pollCpu();
        this.cpuDir = "/sys/devices/system/cpu/cpu" + cpu;
    }

    Check governor()
    {
        final String governor = host.files().readTrimmed(cpuDir + "/cpufreq/scaling_governor");
        if (governor == null)
        {
            return Check.skip("governor", host.isVm() ?
                "no cpufreq on CPU " + cpu + ": in a VM the hypervisor sets the frequency" :
                "no cpufreq driver for CPU " + cpu + ": the firmware sets the frequency",
                "on bare metal: cpupower -c " + cpu + " frequency-set -g performance, and the BIOS's performance " +
                "profile");
        }
        final String driver = host.files().readTrimmed(cpuDir + "/cpufreq/scaling_driver");
        final String found = "CPU " + cpu + ": " + governor + (driver == null ? "" : " (driver " + driver + ")");
        if (governor.equals("performance"))
        {
            return Check.ok("governor", found);
        }
        return Check.warn("governor", found + ": the clock drops while the CPU waits, and ramps up late",
            "cpupower -c " + cpu + " frequency-set -g performance (or echo performance > " + cpuDir +
            "/cpufreq/scaling_governor)");
    }

    Check cStates()
    {
        if ("poll".equals(host.cmdline().value("idle")))
        {
            return Check.ok("c-states", "idle=poll: CPU " + cpu + " never sleeps");
        }
        final List<String> states = new ArrayList<>();
        final List<String> deep = new ArrayList<>();
        for (final String state : host.files().list(cpuDir + "/cpuidle"))
        {
            if (!state.startsWith("state"))
            {
                continue;
            }
            final String dir = cpuDir + "/cpuidle/" + state;
            final String name = host.files().readTrimmed(dir + "/name");
            final String latency = host.files().readTrimmed(dir + "/latency");
            final boolean disabled = "1".equals(host.files().readTrimmed(dir + "/disable"));
            final String label = (name == null ? state : name) + " " + (latency == null ? "?" : latency) + " µs" +
                (disabled ? " (disabled)" : "");
            states.add(label);
            if (!disabled && latency != null && latency.matches("[0-9]+") &&
                Long.parseLong(latency) > MAX_EXIT_LATENCY_US)
            {
                deep.add(label);
            }
        }
        final String driver = host.files().readTrimmed("/sys/devices/system/cpu/cpuidle/current_driver");
        final String limits = cmdlineLimits();
        if (states.isEmpty())
        {
            return Check.ok("c-states", "no cpuidle states on CPU " + cpu + " (driver " +
                (driver == null ? "none" : driver) + "): it idles with HLT, C1" + limits);
        }
        final String found = "CPU " + cpu + " idle states, exit latency: " + String.join(", ", states) +
            (driver == null ? "" : " (driver " + driver + ")") + limits;
        if (deep.isEmpty())
        {
            return Check.ok("c-states", found);
        }
        return Check.warn("c-states", found + ": a blocked path wakes from " + String.join(", ", deep),
            "cpupower -c " + cpu + " idle-set -D " + MAX_EXIT_LATENCY_US + ", or boot with " +
            "intel_idle.max_cstate=1 processor.max_cstate=1 (a spinning path never idles)");
    }

    private String cmdlineLimits()
    {
        final StringBuilder out = new StringBuilder();
        for (final String param : new String[] {"intel_idle.max_cstate", "processor.max_cstate", "idle"})
        {
            final String v = host.cmdline().value(param);
            if (v != null)
            {
                out.append(out.isEmpty() ? "; boot: " : " ").append(param).append('=').append(v);
            }
        }
        return out.toString();
    }
}
