package io.wirebook.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.wirebook.rx.PathOption;
import io.wirebook.rx.PathOptions;
import io.wirebook.rx.paths.RxPathOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --option} is checked as the command line is read: a wrong one exits 2 with one line, before any run. */
class ReceiveCommandTest
{
    @TempDir
    Path out;

    @Test
    void anUnknownPathOptionExits2WithOneLineNamingTheValidOnes()
    {
        final Run run = run(receive("af-xdp", "xdp.mdoe=skb"));

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err.lines()).hasSize(1).first().asString()
            .startsWith("wirebook: unknown option xdp.mdoe for af-xdp; valid: xdp.mode (native|skb), ")
            .endsWith("(see: wirebook receive --help)");
    }

    @Test
    void aBadValueOfAnyPathsOptionExits2()
    {
        final Run run = run(receive("socket", "uring.buffers=100"));

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err.lines()).hasSize(1).first().asString()
            .contains("bad value uring.buffers=100; valid: a power of two 1..32768");
        assertThat(run(receive("socket", "recovery.line-wait-us=soon")).status).as("a recovery option").isEqualTo(2);
        assertThat(run(receive("socket", "colour=blue")).status).as("no such prefix").isEqualTo(2);
    }

    @Test
    void benchChecksItsOptionsBeforeItRunsAnything()
    {
        final Run run = run("bench", "--paths", "socket", "--out", out.resolve("bench").toString(), "--option",
            "socket.rcvbuf=tiny");

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).contains("bad value socket.rcvbuf=tiny");
        assertThat(out.resolve("bench")).doesNotExist();
    }

    @Test
    void receiveHelpListsEveryPathsOptionsWithTheirDefaults()
    {
        final Run run = run("receive", "--help");

        assertThat(run.status).isZero();
        for (final PathOptions group : RxPathOptions.ALL)
        {
            assertThat(run.out).contains(group.readBy() + ":");
            for (final PathOption<?> option : group.options())
            {
                assertThat(run.out).contains(option.key() + "=" + option.values() + " (default "
                    + option.defaultText() + ")");
            }
        }
        assertThat(run.out).contains("recovery.line-wait-us");
    }

    private String[] receive(final String path, final String option)
    {
        return new String[] {"receive", "--path", path, "--channel", "239.1.1.1:12345", "--interface", "lo",
            "--address", "127.0.0.1", "--out", out.toString(), "--option", option};
    }

    private record Run(int status, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try
        {
            final int status = Main.execute(args);
            return new Run(status, outBytes.toString(StandardCharsets.UTF_8),
                errBytes.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
