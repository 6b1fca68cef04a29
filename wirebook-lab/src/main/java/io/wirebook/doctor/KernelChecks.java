package io.wirebook.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.wirebook.sys.Privileges;

/** What the kernel lets this process do, and how it reads the clock: io_uring, rights, busy polling, clock. */
record KernelChecks(HostFacts host)
{
    private static final String CLOCKSOURCE = "/sys/devices/system/clocksource/clocksource0";

    Check ioUring()
    {
        final KernelConfig config = host.config();
        if (config.known() && !config.enabled("CONFIG_IO_URING"))
        {
            return Check.fail("io_uring", "the kernel has no io_uring (CONFIG_IO_URING not set): io-uring is skipped",
                "a kernel built with CONFIG_IO_URING=y");
        }
        final String disabled = host.files().readTrimmed("/proc/sys/kernel/io_uring_disabled");
        if (disabled == null)
        {
            return Check.ok("io_uring", "enabled (no kernel.io_uring_disabled: a kernel before 6.6)");
        }
        final String fix = "sysctl -w kernel.io_uring_disabled=0";
        switch (disabled)
        {
            case "0" ->
            {
                return Check.ok("io_uring", "enabled (kernel.io_uring_disabled = 0)");
            }
            case "1" ->
            {
                final String group = host.files().readTrimmed("/proc/sys/kernel/io_uring_group");
                final boolean member = group != null && group.matches("[0-9]+") &&
                    host.capabilities().inGroup(Long.parseLong(group));
                if (host.capabilities().has(Privileges.CAP_SYS_ADMIN) || member)
                {
                    return Check.ok("io_uring", "kernel.io_uring_disabled = 1, but this process may: " +
                        (member ? "it is in kernel.io_uring_group " + group : "it has CAP_SYS_ADMIN"));
                }
                return Check.fail("io_uring", "kernel.io_uring_disabled = 1: only CAP_SYS_ADMIN or group " +
                    "kernel.io_uring_group may use it, and this process is neither: io-uring is skipped",
                    fix + ", or run as root");
            }
            default ->
            {
                return Check.fail("io_uring", "disabled for everyone (kernel.io_uring_disabled = " + disabled +
                    "): io-uring is skipped", fix);
            }
        }
    }

    Check capabilities()
    {
        final Capabilities caps = host.capabilities();
        if (!caps.known())
        {
            return Check.skip("capabilities", "cannot read CapEff in /proc/self/status",
                "run as root, or check with: grep CapEff /proc/self/status");
        }
        final List<String> missing = new ArrayList<>();
        for (final int cap : Capabilities.WANTED)
        {
            // CAP_SYS_ADMIN grants what CAP_BPF does.
            if (!caps.has(cap) && !(cap == Privileges.CAP_BPF && caps.canBpf()))
            {
                missing.add(Capabilities.name(cap));
            }
        }
        final String who = (caps.uid() == 0 ? "root (uid 0)" : "uid " + caps.uid()) +
            String.format(Locale.ROOT, ", CapEff %016x", caps.effective());
        final String fix = "run as root (sudo), or setcap cap_net_admin,cap_net_raw,cap_ipc_lock,cap_sys_admin," +
            "cap_bpf+ep on the java binary";
        if (missing.isEmpty())
        {
            return Check.ok("capabilities", who + ": NET_ADMIN, NET_RAW, SYS_ADMIN, IPC_LOCK, BPF");
        }
        final boolean bypass = caps.has(Privileges.CAP_NET_ADMIN) && caps.has(Privileges.CAP_NET_RAW) &&
            caps.canBpf();
        final String found = who + ": no " + String.join(", ", missing);
        if (!bypass)
        {
            return Check.fail("capabilities", found + ": af-xdp and dpdk cannot run", fix);
        }
        return Check.warn("capabilities", found + ": dpdk and a locked UMEM may be refused", fix);
    }

    Check busyPoll()
    {
        final String poll = host.files().readTrimmed("/proc/sys/net/core/busy_poll");
        final String read = host.files().readTrimmed("/proc/sys/net/core/busy_read");
        if (poll == null || read == null)
        {
            return Check.skip("busy_poll", "no net.core.busy_poll/busy_read (kernel without CONFIG_NET_RX_BUSY_POLL)",
                "a kernel with CONFIG_NET_RX_BUSY_POLL=y");
        }
        final String budget = host.files().readTrimmed("/proc/sys/net/core/netdev_budget");
        final String found = "net.core.busy_poll = " + poll + " µs, busy_read = " + read + " µs" +
            (budget == null ? "" : ", netdev_budget = " + budget);
        if (!poll.equals("0") && !read.equals("0"))
        {
            return Check.ok("busy_poll", found);
        }
        return Check.warn("busy_poll", found + ": a blocking socket waits for the softirq (recvmmsg and af-xdp " +
            "set SO_BUSY_POLL themselves)", "sysctl -w net.core.busy_read=50 net.core.busy_poll=50");
    }

    Check clocksource()
    {
        final String current = host.files().readTrimmed(CLOCKSOURCE + "/current_clocksource");
        if (current == null)
        {
            return Check.skip("clocksource", "cannot read " + CLOCKSOURCE + "/current_clocksource",
                "cat it as root; tsc is the one to want");
        }
        final String available = host.files().readTrimmed(CLOCKSOURCE + "/available_clocksource");
        final String found = current + (available == null ? "" : " (available: " + available + ")");
        if (current.equals("tsc"))
        {
            return Check.ok("clocksource", found);
        }
        final boolean tscThere = available != null && List.of(available.split("\\s+")).contains("tsc");
        return Check.warn("clocksource", found + ": each clock read costs more than a TSC read",
            tscThere ? "echo tsc > " + CLOCKSOURCE + "/current_clocksource (or boot with clocksource=tsc)" :
            "needs a stable TSC (constant_tsc, nonstop_tsc); in a VM the hypervisor must expose one");
    }
}
