package io.wirebook.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JitterCommandTest
{
    @Test
    void aShortRunOnCpu0Succeeds()
    {
        assertThat(Main.execute("jitter", "--cpus", "0", "--duration", "0.2")).isZero();
    }
}
