package io.wirebook.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HostNoiseTest
{
    private static String stat(final long user1, final long idle1, final long steal1, final long userAll,
        final long idleAll, final long stealAll, final long ctxt)
    {
        return "cpu  " + userAll + " 0 0 " + idleAll + " 0 0 0 " + stealAll + " 0 0\n" +
            "cpu0 0 0 0 0 0 0 0 0 0 0\n" +
            "cpu1 " + user1 + " 0 0 " + idle1 + " 0 0 0 " + steal1 + " 0 0\n" +
            "ctxt " + ctxt + "\n";
    }

    private static String interrupts(final long cpu1)
    {
        return "      CPU0 CPU1\n  0: 5 " + cpu1 + " IO-APIC timer\nLOC: 7 " + (2 * cpu1) + " Local timer\n";
    }

    private static String softirqs(final long netRx1, final long timer1)
    {
        return "        CPU0 CPU1\n   TIMER: 1 " + timer1 + "\n  NET_RX: 2 " + netRx1 + "\n";
    }

    private static String status(final long voluntary, final long nonvoluntary)
    {
        return "Name:\tjava\nvoluntary_ctxt_switches:\t" + voluntary +
            "\nnonvoluntary_ctxt_switches:\t" + nonvoluntary + "\n";
    }

    @Test
    void differenceOfTwoReadings()
    {
        final HostNoise.Counters a = HostNoise.Counters.parse(1_000, 1,
            stat(100, 100, 0, 300, 300, 0, 5000), interrupts(10), softirqs(40, 60), status(1, 2));
        // Poll CPU: 200 jiffies pass, 20 of them stolen; all CPUs: 400 pass, 20 stolen.
        final HostNoise.Counters b = HostNoise.Counters.parse(2_001_000, 1,
            stat(250, 130, 20, 650, 330, 20, 5900), interrupts(13), softirqs(47, 62), status(4, 9));

        final HostNoise.Sample sample = HostNoise.difference(1, a, b);

        assertThat(sample.pollCpu()).isEqualTo(1);
        assertThat(sample.durationNs()).isEqualTo(2_000_000);
        assertThat(sample.stealPctPollCpu()).isCloseTo(10.0, within(1e-9));
        assertThat(sample.stealPctAllCpus()).isCloseTo(5.0, within(1e-9));
        assertThat(sample.interruptsPollCpu()).isEqualTo(3 + 6);
        assertThat(sample.softirqsPollCpu()).isEqualTo(7 + 2);
        assertThat(sample.netRxSoftirqsPollCpu()).isEqualTo(7);
        assertThat(sample.contextSwitches()).isEqualTo(900);
        assertThat(sample.threadVoluntarySwitches()).isEqualTo(3);
        assertThat(sample.threadNonvoluntarySwitches()).isEqualTo(7);
        assertThat(sample.toMap()).containsEntry("net_rx_softirqs_poll_cpu", 7L)
            .containsEntry("thread_nonvoluntary_switches", 7L);
    }

    @Test
    void withoutAThreadItsSwitchesAreUnknown()
    {
        final HostNoise.Counters a = HostNoise.Counters.parse(0, 1,
            stat(1, 1, 0, 2, 2, 0, 1), interrupts(1), softirqs(1, 1), null);
        final HostNoise.Sample sample = HostNoise.difference(1, a, a);

        assertThat(sample.threadVoluntarySwitches()).isEqualTo(-1);
        assertThat(sample.toMap()).containsEntry("thread_voluntary_switches", null);
        assertThat(sample.stealPctPollCpu()).isZero();
    }

    @Test
    void samplesTheRealHostIncludingThisProcessMainThread()
    {
        final long pid = ProcessHandle.current().pid();
        final HostNoise noise = HostNoise.start(0, pid, pid);
        final HostNoise.Sample sample = noise.stop();

        assertThat(sample.contextSwitches()).isGreaterThanOrEqualTo(0);
        assertThat(sample.interruptsPollCpu()).isGreaterThanOrEqualTo(0);
        assertThat(sample.netRxSoftirqsPollCpu()).isGreaterThanOrEqualTo(0);
        assertThat(sample.threadVoluntarySwitches()).isGreaterThanOrEqualTo(0);
        assertThat(sample.stealPctAllCpus()).isBetween(0.0, 100.0);
    }

    @Test
    void rejectsACpuThatIsNotOnline()
    {
        assertThatThrownBy(() -> HostNoise.start(4095)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("CPU 4095");
    }
}
