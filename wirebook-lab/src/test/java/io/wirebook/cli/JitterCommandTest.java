package io.wirebook.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JitterCommandTest
{
    @Test
    void wrongArgumentsExitWithStatus2()
    {
        assertThat(Main.execute("jitter", "--cpus", "4096")).isEqualTo(2);
        assertThat(Main.execute("jitter", "--duration", "0")).isEqualTo(2);
        assertThat(Main.execute("jitter", "--threshold-us", "-5")).isEqualTo(2);
        assertThat(Main.execute("jitter", "--cpus", "one")).isEqualTo(2);
    }

    @Test
    void aShortRunOnCpu0Succeeds()
    {
        assertThat(Main.execute("jitter", "--cpus", "0", "--duration", "0.2")).isZero();
    }
}
