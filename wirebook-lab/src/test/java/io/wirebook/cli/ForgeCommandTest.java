package io.wirebook.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForgeCommandTest
{
    @Test
    void noFeedWithinTheWaitIsARunFailure()
    {
        // 127.0.0.1 is on lo everywhere; nobody publishes on this group, so the forger gives up after its wait.
        assertThat(Main.execute("forge", "--channel", "239.255.77.1:12399", "--from", "127.0.0.1", "--wait-ms",
            "200")).isEqualTo(1);
    }
}
