package io.wirebook.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForgeCommandTest
{
    private static final String CHANNEL = "239.1.1.1:12345";

    @Test
    void wrongArgumentsExitWithStatus2()
    {
        assertThat(Main.execute("forge", "--from", "198.18.0.3")).as("no --channel").isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", CHANNEL)).as("no --from").isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", "239.1.1.1", "--from", "198.18.0.3")).isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", "10.0.0.1:12345", "--from", "198.18.0.3")).isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", CHANNEL, "--from", "198.18.0")).isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", CHANNEL, "--from", "198.18.0.3", "--from-port", "0"))
            .isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", CHANNEL, "--from", "198.18.0.1", "--from-port", "12344"))
            .as("the exchange's own source port").isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", CHANNEL, "--from", "198.18.0.3", "--kinds", "eos,bogus"))
            .isEqualTo(2);
        assertThat(Main.execute("forge", "--channel", CHANNEL, "--from", "198.18.0.3", "--wait-ms", "0"))
            .isEqualTo(2);
    }

    @Test
    void noFeedWithinTheWaitIsARunFailure()
    {
        // 127.0.0.1 is on lo everywhere; nobody publishes on this group, so the forger gives up after its wait.
        assertThat(Main.execute("forge", "--channel", "239.255.77.1:12399", "--from", "127.0.0.1", "--wait-ms",
            "200")).isEqualTo(1);
    }
}
