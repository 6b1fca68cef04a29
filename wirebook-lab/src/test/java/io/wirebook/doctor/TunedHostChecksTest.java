package io.wirebook.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check passes on a tuned host; spoiling what it reads gives its verdict, what it found and the fix. */
class TunedHostChecksTest
{
    @TempDir
    Path root;

    /**
     * @param found what the spoiled check's found text contains (none: not checked).
     * @param fix   what its fix contains (none: not checked).
     */
    record Spoiled(
        String name, Function<HostFacts, Check> check, Consumer<FakeHost> spoil, Status status, List<String> found,
        List<String> fix)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    static List<Spoiled> spoiled()
    {
        return List.of(
            new Spoiled("isolcpus", facts -> new CpuIsolationChecks(facts).isolcpus(),
                host -> host.write("/sys/devices/system/cpu/isolated", "\n"), Status.WARN,
                List.of("CPU 1 not isolated", "isolated CPUs: none"), List.of("isolcpus=1")),
            new Spoiled("nohz_full", facts -> new CpuIsolationChecks(facts).nohzFull(),
                host -> host.write("/sys/devices/system/cpu/nohz_full", "(null)\n"), Status.WARN,
                List.of(), List.of("nohz_full=1")),
            new Spoiled("tick", facts -> new CpuIsolationChecks(facts).tick(),
                host -> host.write("/boot/config-6.1.0-18-amd64", "CONFIG_HZ=250\nCONFIG_NO_HZ_IDLE=y\n"), Status.WARN,
                List.of("CONFIG_HZ=250", "a tick every 4 ms", "CONFIG_NO_HZ_FULL not set"), List.of()),
            new Spoiled("governor", facts -> new CpuPowerChecks(facts).governor(),
                host -> host.write("/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n"),
                Status.WARN, List.of("powersave", "intel_pstate"),
                List.of("cpupower -c 1 frequency-set -g performance")),
            new Spoiled("c_states", facts -> new CpuPowerChecks(facts).cStates(),
                host -> host.idleState(2, "C6", 170, false), Status.WARN,
                List.of("C6 170 µs"), List.of("idle-set -D 2")),
            new Spoiled("thp", facts -> new MemoryChecks(facts).transparentHugepages(),
                host -> host.write("/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n")
                    .write("/sys/kernel/mm/transparent_hugepage/defrag",
                        "[always] defer defer+madvise madvise never\n"),
                Status.WARN, List.of(), List.of("echo madvise", "echo defer+madvise")),
            new Spoiled("busy_poll", facts -> new KernelChecks(facts).busyPoll(),
                host -> host.write("/proc/sys/net/core/busy_read", "0\n"), Status.WARN,
                List.of("busy_read = 0", "netdev_budget = 300"), List.of("net.core.busy_read=50")),
            new Spoiled("clocksource", facts -> new KernelChecks(facts).clocksource(),
                host -> host.write("/sys/devices/system/clocksource/clocksource0/current_clocksource", "hpet\n"),
                Status.WARN, List.of(), List.of("echo tsc >")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoiled")
    void okOnATunedHostAndItsVerdictOnceSpoiled(final Spoiled spoiled)
    {
        final FakeHost host = FakeHost.tuned(root);
        assertThat(spoiled.check().apply(host.facts(1)).status()).isEqualTo(Status.OK);

        spoiled.spoil().accept(host);
        final Check check = spoiled.check().apply(host.facts(1));
        assertThat(check.status()).isEqualTo(spoiled.status());
        for (final String found : spoiled.found())
        {
            assertThat(check.found()).contains(found);
        }
        for (final String fix : spoiled.fix())
        {
            assertThat(check.fix()).contains(fix);
        }
    }
}
