package io.wirebook.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcParsersTest
{
    private static final String STAT = """
        cpu  29373 10 7276 1641916 520 3 265 66 7 0
        cpu0 14384 4 3585 821049 58 1 129 29 3 0
        cpu1 14989 6 3690 820867 461 2 136 37 4 0
        intr 1167245 0 9 0 0
        ctxt 1965244
        btime 1763980000
        processes 12345
        """;

    // Header has only online CPUs: CPU1 is offline here, so columns are CPU0, CPU2, CPU3.
    private static final String INTERRUPTS = """
                   CPU0       CPU2       CPU3
          0:         44          0          1   IO-APIC   2-edge      timer
         24:          1          7          2   IO-APIC   5-edge      ACPI:Ged
         28:          0          0          0 PCI-MSIX-0000:00:01.0   0-edge      virtio0-config
        NMI:          5          6          7   Non-maskable interrupts
        LOC:     100000     200000     300000   Local timer interrupts
        ERR:          9
        MIS:          3
        PIN:          0          1          0   Posted-interrupt notification event
        """;

    private static final String SOFTIRQS = """
                            CPU0       CPU1
                  HI:          0          1
               TIMER:      52541      39584
              NET_TX:         15         31
              NET_RX:     520726     364483
               BLOCK:          0      79473
            IRQ_POLL:          0          0
             TASKLET:          6          0
               SCHED:      84730      56677
             HRTIMER:          0          1
                 RCU:      51544      45730
        """;

    private static final String STATUS = """
        Name:\tjava
        State:\tR (running)
        Tgid:\t4242
        Pid:\t4250
        voluntary_ctxt_switches:\t12
        nonvoluntary_ctxt_switches:\t345
        """;

    @Test
    void readsPerCpuAndAggregateTimesWithSteal()
    {
        final ProcParsers.CpuTimes cpu1 = ProcParsers.cpuTimes(STAT, 1);
        assertThat(cpu1.steal()).isEqualTo(37);
        // user..steal only: the guest columns are already counted in user.
        assertThat(cpu1.total()).isEqualTo(14989 + 6 + 3690 + 820867 + 461 + 2 + 136 + 37);

        final ProcParsers.CpuTimes all = ProcParsers.cpuTimes(STAT, -1);
        assertThat(all.steal()).isEqualTo(66);
        assertThat(all.total()).isEqualTo(29373 + 10 + 7276 + 1641916 + 520 + 3 + 265 + 66);
    }

    @Test
    void absentCpuIsNullNotConfusedWithPrefix()
    {
        // "cpu1" must not match "cpu10" and vice versa.
        assertThat(ProcParsers.cpuTimes(STAT, 10)).isNull();
        assertThat(ProcParsers.cpuTimes("cpu10 1 2 3 4 5 6 7 8\n", 1)).isNull();
    }

    @Test
    void readsContextSwitches()
    {
        assertThat(ProcParsers.contextSwitches(STAT)).isEqualTo(1965244);
        assertThat(ProcParsers.contextSwitches("cpu 1 2 3 4\n")).isEqualTo(-1);
    }

    @Test
    void sumsTheColumnOfTheNamedCpuNotThePosition()
    {
        // CPU2 is the second column: 0 + 7 + 0 + 6 + 200000 + 1; ERR and MIS are not per CPU.
        assertThat(ProcParsers.columnSum(INTERRUPTS, 2)).isEqualTo(200014);
        assertThat(ProcParsers.columnSum(INTERRUPTS, 0)).isEqualTo(44 + 1 + 0 + 5 + 100000 + 0);
        assertThat(ProcParsers.columnSum(INTERRUPTS, 1)).isEqualTo(-1);
    }

    @Test
    void sumsSoftirqsAndPicksNetRx()
    {
        assertThat(ProcParsers.columnSum(SOFTIRQS, 1))
            .isEqualTo(1 + 39584 + 31 + 364483 + 79473 + 0 + 0 + 56677 + 1 + 45730);
        assertThat(ProcParsers.rowValue(SOFTIRQS, "NET_RX", 1)).isEqualTo(364483);
        assertThat(ProcParsers.rowValue(SOFTIRQS, "NET_RX", 0)).isEqualTo(520726);
        assertThat(ProcParsers.rowValue(SOFTIRQS, "NOPE", 0)).isEqualTo(-1);
    }

    @Test
    void readsThreadSwitches()
    {
        assertThat(ProcParsers.voluntarySwitches(STATUS)).isEqualTo(12);
        assertThat(ProcParsers.nonvoluntarySwitches(STATUS)).isEqualTo(345);
        assertThat(ProcParsers.voluntarySwitches("")).isEqualTo(-1);
    }

    @Test
    void emptyTablesAreUnknown()
    {
        assertThat(ProcParsers.columnSum("", 0)).isEqualTo(-1);
        assertThat(ProcParsers.cpuTimes("", 0)).isNull();
    }
}
