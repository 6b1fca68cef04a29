package io.wirebook.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.wirebook.testnet.TestNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A program started in a namespace sees a bpffs at /sys/fs/bpf, which is gone with it. Needs root. */
class NetnsExecTest
{
    private TestNetwork network;

    @BeforeEach
    void namespace()
    {
        final String why = LabNetwork.whyUnavailable();
        Assumptions.assumeTrue(why == null, why);
        network = TestNetwork.create("tbpf", false);
    }

    @AfterEach
    void removeNamespace()
    {
        if (network != null)
        {
            network.close();
        }
    }

    @Test
    void theProgramSeesABpffsThatOutlivesItNowhere() throws Exception
    {
        final String hostMounts = Files.readString(Path.of("/proc/self/mounts"));

        assertThat(SystemCommand.run(command("stat", "-f", "-c", "%T", "/sys/fs/bpf")).strip()).isEqualTo("bpf_fs");
        assertThat(SystemCommand.run("ip", "netns", "exec", network.hostNs(), "stat", "-f", "-c", "%T", "/sys/fs/bpf")
            .strip())
            .as("a plain ip netns exec afterwards finds no bpffs: the mount went with its process")
            .isNotEqualTo("bpf_fs");
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).isEqualTo(hostMounts);
    }

    @Test
    void argumentsReachTheProgramUntouched()
    {
        assertThat(SystemCommand.run(command("printf", "[%s]", "a b", "$HOME", "'q'"))).isEqualTo("[a b][$HOME]['q']");
    }

    private String[] command(final String... program)
    {
        final List<String> command = new ArrayList<>(NetnsExec.prefix(network.hostNs()));
        command.addAll(List.of(program));
        return command.toArray(String[]::new);
    }
}
