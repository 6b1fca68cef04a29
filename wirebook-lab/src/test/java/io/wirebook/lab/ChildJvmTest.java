package io.wirebook.lab;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChildJvmTest
{
    private final String verboseBefore = System.getProperty(ChildJvm.VERBOSE_PROPERTY);

    @AfterEach
    void restore()
    {
        if (verboseBefore == null)
        {
            System.clearProperty(ChildJvm.VERBOSE_PROPERTY);
        }
        else
        {
            System.setProperty(ChildJvm.VERBOSE_PROPERTY, verboseBefore);
        }
    }

    @Test
    void aChildInANamespaceGetsItsOwnBpffsFirst()
    {
        final List<String> command = ChildJvm.command("wb-host", "1", "1g", List.of("receive"));

        assertThat(command).startsWith(NetnsExec.prefix("wb-host").toArray(String[]::new));
        assertThat(command.subList(NetnsExec.prefix("wb-host").size(), command.size()))
            .startsWith("taskset", "-c", "1").endsWith("io.wirebook.cli.Main", "receive");
    }

    @Test
    void aChildIsAsVerboseAsItsParent()
    {
        System.clearProperty(ChildJvm.VERBOSE_PROPERTY);
        assertThat(ChildJvm.command(null, null, "1g", List.of("receive"))).noneMatch(a -> a.contains("verbose"))
            .doesNotContain("ip");

        System.setProperty(ChildJvm.VERBOSE_PROPERTY, "true");
        assertThat(ChildJvm.command(null, null, "1g", List.of("receive"))).contains("-Dwirebook.verbose=true");

        System.setProperty(ChildJvm.VERBOSE_PROPERTY, "trace");
        assertThat(ChildJvm.command(null, null, "1g", List.of("receive"))).contains("-Dwirebook.verbose=trace");
    }
}
